import { required, runChecks, type Check, type TokenContext } from '../checks/pipeline.ts'
import { checkScope } from '../checks/check-scope.ts'
import { checkScopeWithoutUser } from '../checks/check-scope-without-user.ts'
import { createGrant } from '../tokens/create-grant.ts'
import { issueTokens, type TokenResponseBody } from '../tokens/issue-tokens.ts'

export const clientCredentialsChecks: readonly Check<TokenContext>[] = [checkScopeWithoutUser, checkScope]

/**
 * `grant_type=client_credentials`: the authenticated client gets an access token for itself —
 * `sub` is its client_id (RFC 9068 §2.2). "A refresh token SHOULD NOT be included" (RFC 6749
 * §4.4.3): the client can simply ask again. No user, so no ID token either.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 */
export async function clientCredentialsGrant(ctx: TokenContext): Promise<TokenResponseBody> {
  await runChecks(ctx, clientCredentialsChecks)
  const client = required(ctx.client, 'client')
  const scope = required(ctx.scope, 'scope')
  const grantId = createGrant(ctx, { clientId: client.client_id, grantType: 'client_credentials', scope })
  ctx.trace.info(
    'client-credentials',
    `No user takes part: ${client.client_id} gets an access token for itself, without a refresh token (it can ask again with its secret) and without an ID token`,
    ['rfc6749-4.4.3'],
  )
  return issueTokens(ctx, { grantId, client, scope, issueRefreshToken: false })
}
