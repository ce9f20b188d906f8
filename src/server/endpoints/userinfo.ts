import type { Reply } from '../http/reply.ts'
import { scopeClaims, type DemoUser } from '../demo-world.ts'
import type { RequestContext } from '../server-context.ts'
import { authorizationServerName } from '../pages/page-layout.ts'
import { serveProtectedResource } from './protected-resource.ts'

/**
 * GET and POST `/as/userinfo`: `sub` plus the claims the granted scopes release (OIDC Core §5.4).
 * Needs `openid`, since UserInfo is an OpenID Connect resource.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#UserInfo
 */
export function userinfoEndpoint(ctx: RequestContext): Promise<Reply> {
  return serveProtectedResource(ctx, {
    kind: 'user-data',
    realm: authorizationServerName,
    requiredScopes: ['openid'],
    body: (user, claims) => userinfoClaims(user, claims.scope.split(' ')),
  })
}

export function userinfoClaims(user: DemoUser, scopes: readonly string[]): Record<string, unknown> {
  const claims: Record<string, unknown> = { sub: user.sub }
  for (const scope of scopes) for (const name of scopeClaims[scope] ?? []) claims[name] = user[name]
  if (scopes.includes('profile')) claims['preferred_username'] = user.username
  return claims
}
