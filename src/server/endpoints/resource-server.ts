import { demoPeople, type DemoUser, type Person } from '../demo-world.ts'
import { authorizationServerName } from '../pages/page-layout.ts'
import type { RequestContext } from '../server-context.ts'
import { serveProtectedResource, type ProtectedResource } from './protected-resource.ts'

const realm = `${authorizationServerName} API`

const friendsOf = (user: DemoUser): Person[] =>
  user.friends.map((id) => demoPeople[id]).filter((p): p is Person => p !== undefined)

/** The social network's API: what MovieMatch reads on the user's behalf. */
export const resources: Readonly<Record<string, ProtectedResource>> = {
  '/rs/me': {
    realm,
    requiredScopes: ['profile'],
    body: (user) => ({ id: user.username, name: user.name, email: user.email }),
  },
  '/rs/me/friends': {
    realm,
    requiredScopes: ['friends.read'],
    body: (user) => ({ friends: friendsOf(user).map(({ id, name }) => ({ id, name })) }),
  },
  '/rs/me/friends/movies': {
    realm,
    requiredScopes: ['friends.read', 'movies.read'],
    body: (user) => ({ friends: friendsOf(user).map(({ id, name, likes }) => ({ id, name, likes })) }),
  },
}

/**
 * GET `/rs/…`: validates the JWT access token (RFC 9068 §4) and the scope, then answers JSON.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 */
export function resourceServerEndpoint(
  resource: ProtectedResource,
): (ctx: RequestContext) => Promise<Response> {
  return (ctx) => serveProtectedResource(ctx, resource)
}
