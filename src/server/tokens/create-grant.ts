import type { GrantType } from '../demo-world.ts'
import type { RequestContext } from '../server-context.ts'
import { newSecretValue, nowSeconds } from '../server-context.ts'

export interface NewGrant {
  readonly clientId: string
  readonly grantType: GrantType
  /** Absent when the client acts on its own behalf (client credentials). */
  readonly userId?: string
  readonly scope: string
  readonly authTime?: number
}

/**
 * Records one authorization — the user's consent, a password sign-in, an approved device, or a
 * client acting for itself — under a new id that every code and token issued from it carries, so
 * that revoking it kills them all at once ("SHOULD revoke … all tokens previously issued based on
 * that authorization code", RFC 6749 §4.1.2; RFC 7009 §2.1).
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.1
 */
export function createGrant(ctx: RequestContext, grant: NewGrant): string {
  const { server } = ctx
  const grantId = newSecretValue(server)
  const { codeTtlSeconds, accessTokenTtlSeconds } = server.policies
  // Long enough for a code to be redeemed and its access token to run out; tokens extend it.
  server.store.put('grants', grantId, {
    ...grant,
    evictAt: nowSeconds(server) + codeTtlSeconds + accessTokenTtlSeconds,
  })
  return grantId
}

/** Keeps a grant (what can revoke a token) at least as long as a token issued from it lives. */
export function keepGrantUntil(ctx: RequestContext, grantId: string, until: number): void {
  const grant = ctx.server.store.get('grants', grantId)
  if (grant !== undefined && grant.evictAt < until) grant.evictAt = until
}
