import { notePolicy, required, runChecks, type Check, type TokenContext } from '../checks/pipeline.ts'
import { checkRefreshToken } from '../checks/check-refresh-token.ts'
import type { RegisteredClient, ServerContext } from '../server-context.ts'
import { findUser, isPublicClient, nowSeconds } from '../server-context.ts'
import { issueTokens, type TokenResponseBody } from '../tokens/issue-tokens.ts'

export const refreshTokenChecks: readonly Check<TokenContext>[] = [checkRefreshToken]

/** Whether this refresh rotates, under the `refreshRotation` setting, and why, for the trace. */
function rotation(server: ServerContext, client: RegisteredClient): { rotate: boolean; why: string } {
  const id = client.client_id
  const kind = isPublicClient(client) ? 'public' : 'confidential'
  switch (server.policies.refreshRotation) {
    case 'all-clients':
      return { rotate: true, why: `${id} is ${kind}, and every client rotates → rotate` }
    case 'never':
      return {
        rotate: false,
        why:
          kind === 'public'
            ? `${id} is public, yet nothing rotates → INSECURE: a stolen refresh token works for its whole life, and nobody notices`
            : `${id} is confidential and nothing rotates → it keeps its refresh token`,
      }
    case 'public-clients':
      return kind === 'public'
        ? { rotate: true, why: `${id} is public → rotate; reusing the old token will be detected` }
        : { rotate: false, why: `${id} is confidential → it keeps its refresh token (no rotation)` }
  }
}

/**
 * `grant_type=refresh_token`. "Refresh tokens for public clients MUST be sender-constrained or use
 * refresh token rotation" (RFC 9700 §2.2.2): under the default `refreshRotation` public clients get
 * a new refresh token and the old one is retired; confidential clients keep theirs. A rotated token
 * keeps the original scope (RFC 6749 §6).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export async function refreshTokenGrant(ctx: TokenContext): Promise<TokenResponseBody> {
  await runChecks(ctx, refreshTokenChecks)
  const token = required(ctx.refreshToken, 'refresh token')
  const client = required(ctx.client, 'client')
  const { rotate, why } = rotation(ctx.server, client)
  if (rotate) token.rotatedAt = nowSeconds(ctx.server)
  notePolicy(ctx, 'rotate-refresh-token', 'refreshRotation', why, ['rfc9700-2.2.2', 'rfc9700-4.14.2'])
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
