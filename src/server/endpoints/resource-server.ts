import type { Reply } from '../http/reply.ts'
import { demoPeople, type DemoUser, type Movie, type Person } from '../demo-world.ts'
import { authorizationServerName } from '../pages/page-layout.ts'
import type { RequestContext } from '../server-context.ts'
import { serveProtectedResource, type ProtectedResource } from './protected-resource.ts'

const realm = `${authorizationServerName} API`

const friendsOf = (user: DemoUser): Person[] =>
  user.friends.map((id) => demoPeople[id]).filter((p): p is Person => p !== undefined)

/** A movie of the public catalogue, with how many people on the network like it. */
interface CatalogueEntry extends Movie {
  readonly likes: number
}

/** Every movie liked by anyone on the network, once, most liked first. */
function catalogue(): CatalogueEntry[] {
  const byKey = new Map<string, CatalogueEntry>()
  for (const person of Object.values(demoPeople)) {
    for (const movie of person.likes) {
      const key = `${movie.title} (${movie.year})`
      byKey.set(key, { ...movie, likes: (byKey.get(key)?.likes ?? 0) + 1 })
    }
  }
  return [...byKey.values()].sort((a, b) => b.likes - a.likes || a.title.localeCompare(b.title))
}

/**
 * The social network's API: what MovieMatch reads on the user's behalf (`/rs/me…`), and the
 * public movie catalogue its nightly recommender reads with an app-only token (`/rs/movies`).
 */
export const resources: Readonly<Record<string, ProtectedResource>> = {
  '/rs/movies': {
    kind: 'shared',
    realm,
    requiredScopes: ['movies.read'],
    body: () => ({ movies: catalogue() }),
  },
  '/rs/me': {
    kind: 'user-data',
    realm,
    requiredScopes: ['profile'],
    body: (user) => ({ id: user.username, name: user.name, email: user.email }),
  },
  '/rs/me/friends': {
    kind: 'user-data',
    realm,
    requiredScopes: ['friends.read'],
    body: (user) => ({ friends: friendsOf(user).map(({ id, name }) => ({ id, name })) }),
  },
  '/rs/me/friends/movies': {
    kind: 'user-data',
    realm,
    requiredScopes: ['friends.read', 'movies.read'],
    body: (user) => ({ friends: friendsOf(user).map(({ id, name, likes }) => ({ id, name, likes })) }),
  },
}

/**
 * GET `/rs/…`: validates the JWT access token (RFC 9068 §4) and the scope, then answers JSON.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 */
export function resourceServerEndpoint(resource: ProtectedResource): (ctx: RequestContext) => Promise<Reply> {
  return (ctx) => serveProtectedResource(ctx, resource)
}
