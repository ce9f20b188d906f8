/**
 * The server's settings live in `src/protocol/server-policies.ts` as data shared with the UI;
 * this module adds the fixed lifetimes that are not settings.
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-2
 */
export {
  defaultPolicies,
  validatePolicies,
  type PolicyName,
  type ServerPolicies,
} from '../protocol/server-policies.ts'

/** Fixed lifetimes that are not settings. */
export const lifetimes = {
  interactionSeconds: 10 * 60,
  sessionSeconds: 8 * 60 * 60,
} as const
