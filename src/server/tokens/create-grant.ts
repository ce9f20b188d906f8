import type { GrantType } from '../demo-world.ts'
import { lifetimes } from '../policies.ts'
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
  server.store.put('grants', grantId, {
    ...grant,
    evictAt: nowSeconds(server) + lifetimes.refreshTokenSeconds,
  })
  return grantId
}
