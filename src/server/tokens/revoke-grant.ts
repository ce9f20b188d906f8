import type { ServerContext } from '../server-context.ts'
import { nowSeconds } from '../server-context.ts'

/**
 * Revokes everything issued from one authorization: its access tokens (checked by `jti` at the
 * RS and UserInfo) and refresh tokens stop working at once.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
 */
export function revokeGrant(server: ServerContext, grantId: string, reason: string): void {
  const grant = server.store.get('grants', grantId)
  if (grant === undefined || grant.revokedAt !== undefined) return
  grant.revokedAt = nowSeconds(server)
  grant.revokedReason = reason
}
