import { InvalidRequest, UnsupportedResponseType } from '../errors.ts'
import type { ResponseType } from '../store.ts'
import { failed, type AuthorizeContext } from './pipeline.ts'

const check = 'check-response-type'

/** Response types by their values, in any order ("the order of values does not matter", RFC 6749 §3.1.1). */
const supported: Readonly<Record<string, ResponseType>> = {
  code: 'code',
  token: 'token',
  'id_token token': 'id_token token',
  'token id_token': 'id_token token',
  id_token: 'id_token',
}

/**
 * `response_type` is REQUIRED and picks the grant: `code` the authorization code grant; `token`
 * (OAuth), `id_token token` or `id_token` (OpenID Connect) the implicit grant, whose response goes
 * in the fragment. Anything else — the hybrid `code …` combinations — gets
 * `unsupported_response_type`.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.1.1
 */
export function checkResponseType(ctx: AuthorizeContext): void {
  const raw = ctx.params.get('response_type')
  if (raw === undefined) {
    throw failed(ctx, check, new InvalidRequest('response_type is missing'), [
      'rfc6749-4.1.1',
      'rfc6749-3.1.1',
    ])
  }
  const normalised = raw
    .split(' ')
    .filter((v) => v !== '')
    .join(' ')
  const responseType = Object.hasOwn(supported, normalised) ? supported[normalised] : undefined
  if (responseType === undefined) {
    throw failed(
      ctx,
      check,
      new UnsupportedResponseType(
        `response_type ${raw} is not supported here; use code (or token, id_token token, id_token for the implicit grant)`,
      ),
      ['rfc6749-3.1.1', 'rfc6749-4.1.2.1'],
      `response_type "${raw}" is not supported by this server (only code, token, id_token token and id_token)`,
    )
  }
  ctx.responseType = responseType
  if (responseType === 'code') {
    ctx.grantType = 'authorization_code'
    ctx.responseMode = 'query'
    ctx.trace.pass(check, 'response_type is "code": the authorization code grant', ['rfc6749-4.1.1'])
    return
  }
  ctx.grantType = 'implicit'
  ctx.responseMode = 'fragment'
  ctx.trace.pass(
    check,
    `response_type is "${responseType}": the implicit grant, answered in the URL fragment. It is deprecated — the token travels through the browser and can leak from there — so it is shown here, not recommended: "clients SHOULD NOT use the implicit grant"`,
    ['rfc6749-4.2.1', 'rfc9700-2.1.2'],
  )
}
