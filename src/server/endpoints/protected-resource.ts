import { checkAccessToken } from '../checks/check-access-token.ts'
import { checkBearerToken } from '../checks/check-bearer-token.ts'
import {
  required,
  runChecks,
  type AccessTokenClaims,
  type BearerContext,
  type Check,
} from '../checks/pipeline.ts'
import { checkTokenScope } from '../checks/check-token-scope.ts'
import type { DemoUser } from '../demo-world.ts'
import { InvalidToken } from '../errors.ts'
import { bearerErrorResponse } from '../http/back-channel.ts'
import { corsHeaders, jsonResponse, noStore } from '../http/responses.ts'
import type { RequestContext } from '../server-context.ts'
import { findUser } from '../server-context.ts'

/** The checks every protected resource runs, UserInfo included (RFC 6750, RFC 9068 §4). */
export const bearerChecks: readonly Check<BearerContext>[] = [
  checkBearerToken,
  checkAccessToken,
  checkTokenScope,
]

export interface ProtectedResource {
  readonly realm: string
  readonly requiredScopes: readonly string[]
  readonly body: (user: DemoUser, claims: AccessTokenClaims) => unknown
}

/**
 * Answers a request for a protected resource: the bearer checks, then the JSON body for the
 * token's user, with RFC 6750 challenges on failure.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */
export async function serveProtectedResource(
  ctx: RequestContext,
  resource: ProtectedResource,
): Promise<Response> {
  const bctx: BearerContext = { ...ctx, requiredScopes: resource.requiredScopes }
  try {
    await runChecks(bctx, bearerChecks)
    const claims = required(bctx.claims, 'claims')
    const user = findUser(ctx.server, claims.sub)
    if (user === undefined) throw new InvalidToken('The access token names a user this server does not have')
    return jsonResponse(resource.body(user, claims), 200, { ...noStore, ...corsHeaders })
  } catch (error) {
    return bearerErrorResponse(bctx, error, resource.realm)
  }
}
