import { checkCredentials } from '../checks/check-credentials.ts'
import { checkPasswordRequest } from '../checks/check-password-request.ts'
import { required, runChecks, type Check, type TokenContext } from '../checks/pipeline.ts'
import { checkScope } from '../checks/check-scope.ts'
import { checkSignInRateLimit } from '../checks/check-sign-in-rate-limit.ts'
import { InvalidGrant, SignInRefused } from '../errors.ts'
import { nowSeconds } from '../server-context.ts'
import { createGrant } from '../tokens/create-grant.ts'
import { issueTokens, type TokenResponseBody } from '../tokens/issue-tokens.ts'

/** The same sign-in checks as the login form (and the same rate limit), then the scope. */
export const passwordChecks: readonly Check<TokenContext>[] = [
  checkPasswordRequest,
  checkSignInRateLimit,
  checkCredentials,
  checkScope,
]

/**
 * `grant_type=password`: the client relays the user's username and password and gets tokens — an
 * access token, a refresh token (no rotation for this confidential client) and an ID token with
 * `openid` (no nonce: there is no authorization request). It is implemented to be shown, not
 * used: "The resource owner password credentials grant MUST NOT be used" (RFC 9700 §2.4).
 * A failed sign-in is `invalid_grant`, never saying whether the username or the password was wrong.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.3
 */
export async function passwordGrant(ctx: TokenContext): Promise<TokenResponseBody> {
  ctx.trace.info(
    'password-grant',
    'Deprecated grant: the client sees the user’s password, so users learn to type it into any app, the server cannot add a second factor or show what the app gets, and a stolen client leaks passwords. "The resource owner password credentials grant MUST NOT be used."',
    ['rfc9700-2.4', 'rfc6749-4.3'],
  )
  try {
    await runChecks(ctx, passwordChecks)
  } catch (error) {
    if (error instanceof SignInRefused) throw new InvalidGrant(error.message)
    throw error
  }
  const client = required(ctx.client, 'client')
  const user = required(ctx.user, 'user')
  const scope = required(ctx.scope, 'scope')
  const authTime = nowSeconds(ctx.server)
  const grantId = createGrant(ctx, {
    clientId: client.client_id,
    grantType: 'password',
    userId: user.sub,
    scope,
    authTime,
  })
  return issueTokens(ctx, { grantId, client, user, scope, authTime, issueRefreshToken: true })
}
