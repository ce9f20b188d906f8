import { checkClientAuthentication } from '../checks/check-client-authentication.ts'
import { checkClientGrant } from '../checks/check-client-grant.ts'
import { failed, required, runChecks, type Check, type TokenContext } from '../checks/pipeline.ts'
import { checkDuplicateParams } from '../checks/check-duplicate-params.ts'
import { checkFormPost } from '../checks/check-form-post.ts'
import { checkGrantType } from '../checks/check-grant-type.ts'
import type { GrantType } from '../demo-world.ts'
import { InvalidRequest, UnsupportedGrantType } from '../errors.ts'
import { authorizationCodeGrant } from '../grants/authorization-code-grant.ts'
import { clientCredentialsGrant } from '../grants/client-credentials-grant.ts'
import { passwordGrant } from '../grants/password-grant.ts'
import { refreshTokenGrant } from '../grants/refresh-token-grant.ts'
import { tokenErrorResponse } from '../http/back-channel.ts'
import { Params, readForm } from '../http/params.ts'
import { corsHeaders, jsonResponse, noStore } from '../http/responses.ts'
import type { RequestContext } from '../server-context.ts'
import type { TokenResponseBody } from '../tokens/issue-tokens.ts'

type GrantHandler = (ctx: TokenContext) => Promise<TokenResponseBody>

const grantHandlers: Partial<Record<GrantType, GrantHandler>> = {
  authorization_code: authorizationCodeGrant,
  refresh_token: refreshTokenGrant,
  client_credentials: clientCredentialsGrant,
  password: passwordGrant,
}

/** The grant types this server really implements (advertised in the metadata, RFC 8414 §2). */
export const implementedGrantTypes = Object.keys(grantHandlers) as GrantType[]

/** Checks every token request passes, before the grant-specific ones. Client authentication comes first. */
export const tokenChecks: readonly Check<TokenContext>[] = [
  checkDuplicateParams,
  checkClientAuthentication,
  checkGrantType,
  checkClientGrant,
]

/**
 * POST `/as/token`: a form-encoded request, answered with JSON and `Cache-Control: no-store`.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.2
 */
export async function tokenEndpoint(ctx: RequestContext): Promise<Response> {
  try {
    checkFormPost(ctx)
    const form = await readForm(ctx.request)
    if (form === undefined)
      throw failed(ctx, 'check-form-post', new InvalidRequest('The request body is too large'), [
        'rfc6749-3.2',
      ])
    const tctx: TokenContext = { ...ctx, params: new Params(form) }
    await runChecks(tctx, tokenChecks)
    const grantType = required(tctx.grantType, 'grant type')
    const handler = grantHandlers[grantType]
    if (handler === undefined) {
      throw failed(
        tctx,
        'check-grant-type',
        new UnsupportedGrantType(`grant_type ${grantType} is not implemented yet`),
        ['rfc6749-5.2'],
        `grant_type ${grantType} is registered for this client but not implemented yet in the mock server`,
      )
    }
    const body = await handler(tctx)
    return jsonResponse(body, 200, { ...noStore, ...corsHeaders })
  } catch (error) {
    return tokenErrorResponse(ctx, error)
  }
}
