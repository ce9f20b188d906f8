import { InvalidGrant } from '../errors.ts'
import { failed, required, type TokenContext } from './pipeline.ts'

const check = 'check-token-redirect-uri'

/**
 * "ensure that the redirect_uri parameter is present if the redirect_uri parameter was included in
 * the initial authorization request …, and if included ensure that their values are identical."
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3
 */
export function checkTokenRedirectUri(ctx: TokenContext): void {
  const code = required(ctx.code, 'code')
  const sent = ctx.params.get('redirect_uri')
  if (sent === undefined && code.redirectUriSent) {
    throw failed(
      ctx,
      check,
      new InvalidGrant('redirect_uri is missing, but the authorization request included it'),
      ['rfc6749-4.1.3'],
    )
  }
  if (sent !== undefined && sent !== code.redirectUri) {
    throw failed(
      ctx,
      check,
      new InvalidGrant('redirect_uri differs from the one in the authorization request'),
      ['rfc6749-4.1.3'],
      `redirect_uri "${sent}" is not identical to "${code.redirectUri}" from the authorization request`,
    )
  }
  ctx.trace.pass(
    check,
    sent === undefined
      ? 'redirect_uri omitted, as it was in the authorization request'
      : `redirect_uri is identical to the authorization request's (${sent})`,
    ['rfc6749-4.1.3'],
  )
}
