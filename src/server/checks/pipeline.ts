import type { SpecRefId } from '../../protocol/spec-refs.ts'
import type { PolicySetting } from '../../protocol/trace.ts'
import type { SigningAlgorithm } from '../../protocol/server-policies.ts'
import type { ClientAuthMethod, DemoUser, GrantType, TokenGrantType } from '../demo-world.ts'
import type { PolicyName } from '../policies.ts'
import type { OAuthError } from '../errors.ts'
import { ServerError } from '../errors.ts'
import type { Params } from '../http/params.ts'
import type { RegisteredClient, RequestContext } from '../server-context.ts'
import type {
  CodeRecord,
  DeviceCodeRecord,
  GrantRecord,
  InteractionRecord,
  RefreshTokenRecord,
  ResponseMode,
  ResponseType,
  SessionRecord,
} from '../store.ts'
import type { TokenTypeHint } from '../tokens/find-token.ts'
import type { AccessTokenClaims } from '../tokens/verify-access-token.ts'

/** State the authorization endpoint's checks build up, in order. */
export interface AuthorizeContext extends RequestContext {
  readonly params: Params
  client?: RegisteredClient
  /** Set once validated: from here on errors go back to the client by redirect. */
  redirectUri?: string
  redirectUriSent?: boolean
  responseType?: ResponseType
  /** Where errors and the response go once the redirect URI is trusted (query until known). */
  responseMode?: ResponseMode
  grantType?: GrantType
  scope?: string
  codeChallenge?: string
  codeChallengeMethod?: 'S256' | 'plain'
}

/** State of the login and consent form posts. */
export interface InteractionContext extends RequestContext {
  readonly params: Params
  interactionId?: string
  interaction?: InteractionRecord
  session?: SessionRecord
  /** The user who just signed in. */
  user?: DemoUser
}

/** A back-channel request from a client (token, device authorization, revocation, introspection). */
export interface ClientRequestContext extends RequestContext {
  readonly params: Params
  /** Set once the client is authenticated (or, for a public client, identified). */
  client?: RegisteredClient
  /** Whether the client tried HTTP Basic: an invalid_client answer must then be a 401 challenge. */
  triedBasic?: boolean
}

/** State the token endpoint's checks build up, in order. */
export interface TokenContext extends ClientRequestContext {
  grantType?: TokenGrantType
  /** The granted scope, once checked (grants without an authorization request). */
  scope?: string
  codeValue?: string
  code?: CodeRecord
  refreshTokenValue?: string
  refreshToken?: RefreshTokenRecord
  /** The resource owner, in the password grant. */
  user?: DemoUser
  deviceCodeValue?: string
  deviceCode?: DeviceCodeRecord
}

/** State of a revocation or introspection request: the token asked about. */
export interface TokenLookupContext extends ClientRequestContext {
  token?: string
  tokenTypeHint?: TokenTypeHint
}

/** State of a device authorization request (RFC 8628 §3.1). */
export interface DeviceAuthorizationContext extends ClientRequestContext {
  readonly grantType: GrantType
  scope?: string
}

/** State of the device verification page's form post: the user code the user typed. */
export interface DeviceVerificationContext extends RequestContext {
  readonly params: Params
  deviceCodeValue?: string
  deviceCode?: DeviceCodeRecord
}

/** State of requests to protected resources (UserInfo and the RS). */
export interface BearerContext extends RequestContext {
  /** Every scope in this list must have been granted. */
  readonly requiredScopes: readonly string[]
  accessToken?: string
  claims?: AccessTokenClaims
  grant?: GrantRecord
  /** The user the token was issued for, once a resource has checked there is one. */
  user?: DemoUser
}

/** What the registration checks accepted, in order; the client is built from it. */
export interface AcceptedMetadata {
  applicationType?: 'web' | 'native'
  clientName?: string
  grantTypes?: readonly GrantType[]
  responseTypes?: readonly ResponseType[]
  authMethod?: ClientAuthMethod
  redirectUris?: readonly string[]
  scope?: string
  idTokenSignedResponseAlg?: SigningAlgorithm
  /** Other metadata this server understands and echoes back (client_uri, logo_uri, contacts …). */
  readonly extras: Record<string, unknown>
}

/** A dynamic client registration (RFC 7591) or update (RFC 7592): the metadata as sent, and what passed. */
export interface RegistrationContext extends RequestContext {
  readonly metadata: Readonly<Record<string, unknown>>
  readonly accepted: AcceptedMetadata
}

/** A request to a client's configuration endpoint (RFC 7592): which client, once authorized. */
export interface ClientConfigurationContext extends RequestContext {
  /** From the path, `/as/register/{client_id}`. */
  readonly clientId: string
  client?: RegisteredClient
}

/** A check: records pass/fail into the trace, and throws an `OAuthError` to stop the pipeline. */
export type Check<C> = (ctx: C) => void | Promise<void>

export async function runChecks<C>(ctx: C, checks: readonly Check<C>[]): Promise<void> {
  // Most checks are synchronous: waiting only for those that return a promise saves a turn of
  // the microtask queue per check.
  for (const check of checks) {
    const pending = check(ctx)
    if (pending !== undefined) await pending
  }
}

/** Records the failure in the trace and returns the error for the caller to throw. */
export function failed<E extends OAuthError>(
  ctx: RequestContext,
  check: string,
  error: E,
  refs: readonly SpecRefId[],
  summary: string = error.description,
): E {
  ctx.trace.fail(check, summary, refs, `${error.code}: ${error.description}`)
  return error
}

/**
 * Records a decision a server setting made — "policy refreshRotation=public-clients: spa is public
 * → rotate" — so the trace says which setting to change for another outcome.
 */
export function notePolicy(
  ctx: RequestContext,
  check: string,
  name: PolicyName | readonly [PolicyName, ...PolicyName[]],
  summary: string,
  refs: readonly SpecRefId[],
  outcome: 'pass' | 'info' = 'info',
): void {
  const { policies } = ctx.server
  const setting =
    typeof name === 'string'
      ? { name, value: policies[name] }
      : (name.map((n) => ({ name: n, value: policies[n] })) as [PolicySetting, ...PolicySetting[]])
  ctx.trace.policy(check, setting, summary, refs, outcome)
}

/** `failed`, for a refusal a server setting decided: the trace names the setting. */
export function refusedByPolicy<E extends OAuthError>(
  ctx: RequestContext,
  check: string,
  name: PolicyName,
  error: E,
  refs: readonly SpecRefId[],
  summary: string = error.description,
): E {
  const setting = { name, value: ctx.server.policies[name] }
  ctx.trace.policy(check, setting, summary, refs, 'fail', `${error.code}: ${error.description}`)
  return error
}

/** A value an earlier check must have set; missing means the pipeline is mis-ordered. */
export function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new ServerError(`internal: ${what} was not established by an earlier check`)
  return value
}

/** `a, b and c` for summaries. */
export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('')
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1) ?? ''}`
}
