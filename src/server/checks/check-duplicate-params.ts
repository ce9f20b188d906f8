import { InvalidRequest } from '../errors.ts'
import type { Params } from '../http/params.ts'
import type { RequestContext } from '../server-context.ts'
import { failed, listWords } from './pipeline.ts'

const check = 'check-duplicate-params'

/**
 * "Request and response parameters MUST NOT be included more than once." The error does not
 * echo `state`, since which of the values would be the real one is unknown.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.1
 */
export function checkDuplicateParams(ctx: RequestContext & { readonly params: Params }): void {
  const duplicated = ctx.params.duplicated()
  if (duplicated.length > 0) {
    const error = new InvalidRequest(`parameters sent more than once: ${duplicated.join(', ')}`)
    error.echoState = false
    throw failed(
      ctx,
      check,
      error,
      ['rfc6749-3.1'],
      `${listWords(duplicated)} sent more than once: the request is ambiguous, so it is rejected (and state is not echoed)`,
    )
  }
  ctx.trace.pass(check, 'No parameter is sent more than once', ['rfc6749-3.1'])
}
