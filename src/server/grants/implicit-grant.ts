import { required, type InteractionContext } from '../checks/pipeline.ts'
import { findUser } from '../server-context.ts'
import type { AuthorizationInteraction } from '../store.ts'
import { createGrant } from '../tokens/create-grant.ts'
import { issueIdTokenAlone, issueTokens } from '../tokens/issue-tokens.ts'

/** The implicit grant's authorization response, for the URL fragment. */
export interface ImplicitResponse {
  readonly access_token?: string
  readonly token_type?: 'Bearer'
  readonly expires_in?: string
  readonly scope?: string
  readonly id_token?: string
  readonly state?: string
}

/**
 * The implicit grant, once the user allowed: the access token — and for `id_token token` an ID
 * token with `nonce` and `at_hash`, which is REQUIRED here (OIDC Core §3.2.2.10) because it is what
 * binds the access token in the same fragment to the ID token — straight back to the client; for
 * `id_token` (OpenID Connect sign-in only) the ID token alone.
 * "The authorization server MUST NOT issue a refresh token" (RFC 6749 §4.2.2).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.2.2
 */
export async function implicitResponse(
  ctx: InteractionContext,
  interaction: AuthorizationInteraction,
): Promise<ImplicitResponse> {
  const session = required(ctx.session, 'session')
  const client = required(ctx.server.clients.get(interaction.clientId), 'client')
  const user = required(findUser(ctx.server, session.userId), 'user')
  const authTime = interaction.authTime ?? session.authTime
  const grantId = createGrant(ctx, {
    clientId: client.client_id,
    grantType: 'implicit',
    userId: user.sub,
    scope: interaction.scope,
    authTime,
  })
  ctx.trace.info(
    'implicit-grant',
    `Implicit grant: the tokens go straight to the browser in the fragment, with no refresh token ("MUST NOT issue a refresh token"). Anything that can read the page's URL — scripts, extensions, history — can take them, which is why RFC 9700 says not to use this grant`,
    ['rfc6749-4.2.2', 'rfc9700-2.1.2', 'rfc6749-10.16'],
  )
  const grant = {
    grantId,
    client,
    user,
    scope: interaction.scope,
    authTime,
    issueRefreshToken: false,
    issueIdToken: interaction.responseType !== 'token',
    ...(interaction.nonce === undefined ? {} : { nonce: interaction.nonce }),
  }
  const state = interaction.state === undefined ? {} : { state: interaction.state }
  if (interaction.responseType === 'id_token')
    return { id_token: await issueIdTokenAlone(ctx, grant), ...state }
  const body = await issueTokens(ctx, grant)
  return {
    access_token: body.access_token,
    token_type: body.token_type,
    expires_in: String(body.expires_in),
    scope: body.scope,
    ...(body.id_token === undefined ? {} : { id_token: body.id_token }),
    ...state,
  }
}
