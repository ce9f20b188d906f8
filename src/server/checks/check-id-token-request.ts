import { InvalidRequest } from '../errors.ts'
import { failed, required, type AuthorizeContext } from './pipeline.ts'

const check = 'check-id-token-request'

/**
 * An ID token straight from the authorization endpoint (`id_token token`, `id_token`) needs an OpenID Connect
 * request — "OpenID Connect requests MUST contain the openid scope value" — and a `nonce`: "nonce
 * REQUIRED … used to associate a Client session with an ID Token, and to mitigate replay attacks",
 * since nothing else binds a token arriving in the fragment to this browser's login.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ImplicitAuthRequest
 */
export function checkIdTokenRequest(ctx: AuthorizeContext): void {
  const responseType = required(ctx.responseType, 'response type')
  if (responseType !== 'id_token token' && responseType !== 'id_token') return
  const scope = required(ctx.scope, 'scope')
  if (!scope.split(' ').includes('openid')) {
    throw failed(
      ctx,
      check,
      new InvalidRequest(`response_type ${responseType} is OpenID Connect: scope must include openid`),
      ['oidc-3.2.2.1'],
    )
  }
  if (ctx.params.get('nonce') === undefined) {
    throw failed(
      ctx,
      check,
      new InvalidRequest(`nonce is required for response_type ${responseType}`),
      ['oidc-3.2.2.1'],
      `No nonce: an ID token in the fragment could be replayed into another login, so response_type ${responseType} requires one`,
    )
  }
  ctx.trace.pass(
    check,
    'OpenID Connect implicit request: openid scope and a nonce, which the ID token will echo',
    ['oidc-3.2.2.1'],
  )
}
