import { required, runChecks, type Check, type TokenContext } from '../checks/pipeline.ts'
import { checkRefreshToken } from '../checks/check-refresh-token.ts'
import { findUser, isPublicClient, nowSeconds } from '../server-context.ts'
import { issueTokens, type TokenResponseBody } from '../tokens/issue-tokens.ts'

export const refreshTokenChecks: readonly Check<TokenContext>[] = [checkRefreshToken]

/**
 * `grant_type=refresh_token`. "Refresh tokens for public clients MUST be sender-constrained or use
 * refresh token rotation" (RFC 9700 §2.2.2): public clients get a new refresh token and the old one
 * is retired; confidential clients keep theirs. A rotated token keeps the original scope (RFC 6749 §6).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export async function refreshTokenGrant(ctx: TokenContext): Promise<TokenResponseBody> {
  await runChecks(ctx, refreshTokenChecks)
  const token = required(ctx.refreshToken, 'refresh token')
  const client = required(ctx.client, 'client')
  const rotate = isPublicClient(client)
  if (rotate) token.rotatedAt = nowSeconds(ctx.server)
  ctx.trace.info(
    'rotate-refresh-token',
    rotate
      ? `${client.client_id} is a public client: the refresh token is rotated, and reusing the old one will revoke the grant`
      : `${client.client_id} is confidential: it keeps its refresh token (no rotation)`,
    ['rfc9700-2.2.2'],
  )
  const body = await issueTokens(ctx, {
    grantId: token.grantId,
    client,
    user: required(findUser(ctx.server, token.userId), 'user'),
    scope: ctx.params.get('scope') ?? token.scope,
    authTime: token.authTime,
    issueRefreshToken: rotate,
    refreshScope: token.scope,
  })
  return body
}
