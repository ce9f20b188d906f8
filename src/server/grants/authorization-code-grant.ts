import { checkAuthorizationCode } from '../checks/check-authorization-code.ts'
import { failed, required, runChecks, type Check, type TokenContext } from '../checks/pipeline.ts'
import { checkPkceVerifier } from '../checks/check-pkce-verifier.ts'
import { checkTokenRedirectUri } from '../checks/check-token-redirect-uri.ts'
import { InvalidGrant } from '../errors.ts'
import { findUser, nowSeconds, timeOfDay } from '../server-context.ts'
import { issueTokens, type TokenResponseBody } from '../tokens/issue-tokens.ts'
import { revokeGrant } from '../tokens/revoke-grant.ts'

export const authorizationCodeChecks: readonly Check<TokenContext>[] = [
  checkAuthorizationCode,
  checkTokenRedirectUri,
  checkPkceVerifier,
]

/**
 * `grant_type=authorization_code`: after the checks, marks the code used — re-checking at that
 * moment, with no await in between, so two concurrent redemptions cannot both win — and issues tokens.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3
 */
export async function authorizationCodeGrant(ctx: TokenContext): Promise<TokenResponseBody> {
  await runChecks(ctx, authorizationCodeChecks)
  const code = required(ctx.code, 'code')
  const now = nowSeconds(ctx.server)
  if (code.usedAt !== undefined) {
    revokeGrant(ctx.server, code.grantId, `authorization code replayed at ${timeOfDay(now)}`)
    throw failed(
      ctx,
      'redeem-code',
      new InvalidGrant('The authorization code was already used'),
      ['rfc6749-4.1.2'],
      `code was redeemed by a concurrent request at ${timeOfDay(code.usedAt)} — tokens issued from it are now revoked`,
    )
  }
  code.usedAt = now
  ctx.trace.pass(
    'redeem-code',
    `code marked as used at ${timeOfDay(now)}: using it again revokes every token issued from it`,
    ['rfc6749-4.1.2'],
  )
  const user = required(findUser(ctx.server, code.userId), 'user')
  return issueTokens(ctx, {
    grantId: code.grantId,
    client: required(ctx.client, 'client'),
    user,
    scope: code.scope,
    authTime: code.authTime,
    issueRefreshToken: true,
    ...(code.nonce === undefined ? {} : { nonce: code.nonce }),
  })
}
