import { checkFormPost } from '../checks/check-form-post.ts'
import { failed } from '../checks/pipeline.ts'
import { InvalidRequest } from '../errors.ts'
import { Params, readForm } from '../http/params.ts'
import type { RequestContext } from '../server-context.ts'

/**
 * The parameters of a back-channel request — token, device authorization, revocation,
 * introspection: a POST with an `application/x-www-form-urlencoded` body of bounded size.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.2
 */
export async function readBackChannelForm(ctx: RequestContext): Promise<Params> {
  checkFormPost(ctx)
  const form = await readForm(ctx.request)
  if (form === undefined)
    throw failed(ctx, 'check-form-post', new InvalidRequest('The request body is too large'), ['rfc6749-3.2'])
  return new Params(form)
}
