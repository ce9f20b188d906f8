import { InvalidRequest, UnsupportedResponseType } from '../errors.ts'
import { failed, type AuthorizeContext } from './pipeline.ts'

const check = 'check-response-type'

/**
 * `response_type` is REQUIRED; a value the server does not support gets
 * `unsupported_response_type`. Only `code` is supported (RFC 9700 §2.1.2: implicit SHOULD NOT be used).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.1.1
 */
export function checkResponseType(ctx: AuthorizeContext): void {
  const responseType = ctx.params.get('response_type')
  if (responseType === undefined) {
    throw failed(ctx, check, new InvalidRequest('response_type is missing'), [
      'rfc6749-4.1.1',
      'rfc6749-3.1.1',
    ])
  }
  if (responseType !== 'code') {
    throw failed(
      ctx,
      check,
      new UnsupportedResponseType(`response_type ${responseType} is not supported here; use code`),
      ['rfc6749-3.1.1', 'rfc6749-4.1.2.1'],
      `response_type "${responseType}" is not supported by this server (only "code"; the implicit grant is not implemented yet)`,
    )
  }
  ctx.grantType = 'authorization_code'
  ctx.trace.pass(check, 'response_type is "code": the authorization code grant', ['rfc6749-4.1.1'])
}
