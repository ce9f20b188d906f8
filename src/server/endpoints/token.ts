import type { Reply } from '../http/reply.ts'
import { checkClientAuthentication } from '../checks/check-client-authentication.ts'
import { checkClientGrant } from '../checks/check-client-grant.ts'
import { required, runChecks, type Check, type TokenContext } from '../checks/pipeline.ts'
import { checkDuplicateParams } from '../checks/check-duplicate-params.ts'
import { checkGrantType } from '../checks/check-grant-type.ts'
import type { TokenGrantType } from '../demo-world.ts'
import { authorizationCodeGrant } from '../grants/authorization-code-grant.ts'
import { clientCredentialsGrant } from '../grants/client-credentials-grant.ts'
import { deviceCodeGrant } from '../grants/device-code-grant.ts'
import { passwordGrant } from '../grants/password-grant.ts'
import { refreshTokenGrant } from '../grants/refresh-token-grant.ts'
import { tokenErrorResponse } from '../http/back-channel.ts'
import { jsonResponse, noStoreCors } from '../http/responses.ts'
import type { RequestContext } from '../server-context.ts'
import type { TokenResponseBody } from '../tokens/issue-tokens.ts'
import { readBackChannelForm } from './back-channel-form.ts'

type GrantHandler = (ctx: TokenContext) => Promise<TokenResponseBody>

const grantHandlers: Readonly<Record<TokenGrantType, GrantHandler>> = {
  authorization_code: authorizationCodeGrant,
  refresh_token: refreshTokenGrant,
  client_credentials: clientCredentialsGrant,
  password: passwordGrant,
  'urn:ietf:params:oauth:grant-type:device_code': deviceCodeGrant,
}

/** The grant types of the token endpoint (advertised in the metadata, RFC 8414 §2). */
export const tokenGrantTypes = Object.keys(grantHandlers) as TokenGrantType[]

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
export async function tokenEndpoint(ctx: RequestContext): Promise<Reply> {
  try {
    const tctx: TokenContext = { ...ctx, params: await readBackChannelForm(ctx) }
    await runChecks(tctx, tokenChecks)
    const body = await grantHandlers[required(tctx.grantType, 'grant type')](tctx)
    return jsonResponse(body, 200, noStoreCors)
  } catch (error) {
    return tokenErrorResponse(ctx, error)
  }
}
