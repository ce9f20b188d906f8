import type { ServerContext } from '../server-context.ts'
import { revokeGrant } from '../tokens/revoke-grant.ts'

/**
 * Revokes every grant of a client that was deleted, so its refresh tokens stop working and its
 * access tokens are refused. The resource server also refuses tokens of unknown clients, so this
 * holds for clients forgotten when idle as well.
 * @see https://www.rfc-editor.org/rfc/rfc7592#section-2.3
 */
export function revokeClientGrants(server: ServerContext, clientId: string, reason: string): void {
  for (const [grantId, grant] of server.store.entries('grants'))
    if (grant.clientId === clientId) revokeGrant(server, grantId, reason)
}
