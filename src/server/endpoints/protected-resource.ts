import type { Reply } from '../http/reply.ts'
import { checkAccessToken } from '../checks/check-access-token.ts'
import { checkBearerToken } from '../checks/check-bearer-token.ts'
import { required, runChecks, type BearerContext, type Check } from '../checks/pipeline.ts'
import { checkTokenScope } from '../checks/check-token-scope.ts'
import { checkTokenUser } from '../checks/check-token-user.ts'
import type { DemoUser } from '../demo-world.ts'
import { bearerErrorResponse } from '../http/back-channel.ts'
import { jsonResponse, noStoreCors } from '../http/responses.ts'
import type { RequestContext } from '../server-context.ts'
import type { AccessTokenClaims } from '../tokens/verify-access-token.ts'

/** The checks of a resource that any valid token with the scope may read (RFC 6750, RFC 9068 §4). */
export const bearerChecks: readonly Check<BearerContext>[] = [
  checkBearerToken,
  checkAccessToken,
  checkTokenScope,
]

/** The checks of a resource holding one user's data: the token must have a user, before its scope is looked at. */
export const userDataChecks: readonly Check<BearerContext>[] = [
  checkBearerToken,
  checkAccessToken,
  checkTokenUser,
  checkTokenScope,
]

interface ResourceBase {
  readonly realm: string
  readonly requiredScopes: readonly string[]
}

/** One user's data (their profile, friends): needs a token issued for a user. */
export interface UserDataResource extends ResourceBase {
  readonly kind: 'user-data'
  readonly body: (user: DemoUser, claims: AccessTokenClaims) => unknown
}

/** Data that is not about one user: app-only tokens (client credentials) may read it too. */
export interface SharedResource extends ResourceBase {
  readonly kind: 'shared'
  readonly body: (claims: AccessTokenClaims) => unknown
}

export type ProtectedResource = UserDataResource | SharedResource

/**
 * Answers a request for a protected resource: the bearer checks, then the JSON body, with RFC 6750
 * challenges on failure.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */
export async function serveProtectedResource(
  ctx: RequestContext,
  resource: ProtectedResource,
): Promise<Reply> {
  const bctx: BearerContext = { ...ctx, requiredScopes: resource.requiredScopes }
  try {
    await runChecks(bctx, resource.kind === 'user-data' ? userDataChecks : bearerChecks)
    const claims = required(bctx.claims, 'claims')
    const body =
      resource.kind === 'user-data'
        ? resource.body(required(bctx.user, 'user'), claims)
        : resource.body(claims)
    return jsonResponse(body, 200, noStoreCors)
  } catch (error) {
    return bearerErrorResponse(bctx, error, resource.realm)
  }
}
