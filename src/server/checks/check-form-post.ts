import { InvalidRequest } from '../errors.ts'
import { isFormEncoded } from '../http/params.ts'
import type { RequestContext } from '../server-context.ts'
import { failed } from './pipeline.ts'

const check = 'check-form-post'

/**
 * "The client MUST use the HTTP POST method when making access token requests", with parameters
 * in the `application/x-www-form-urlencoded` body (RFC 6749 §4.1.3).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.2
 */
export function checkFormPost(ctx: RequestContext): void {
  if (!isFormEncoded(ctx.request)) {
    const type = ctx.request.headers.get('content-type') ?? 'none'
    throw failed(
      ctx,
      check,
      new InvalidRequest(`The body must be application/x-www-form-urlencoded, not ${type}`),
      ['rfc6749-3.2', 'rfc6749-4.1.3'],
    )
  }
  ctx.trace.pass(check, 'POST with a form-encoded body', ['rfc6749-3.2'])
}
