import { failed } from '../checks/pipeline.ts'
import { InvalidClientMetadata, InvalidRequest } from '../errors.ts'
import type { RequestContext } from '../server-context.ts'
import { maxFormBytes } from './params.ts'

/**
 * Reads a JSON object body, as the registration endpoints take it: "the client sends an HTTP POST
 * to the client registration endpoint with a content type of application/json". A body that is not
 * JSON is `invalid_request`; JSON that is not an object is not metadata: `invalid_client_metadata`.
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3.1
 */
export async function readJsonObject(ctx: RequestContext): Promise<Record<string, unknown>> {
  const check = 'check-json-body'
  const type = ctx.request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase()
  if (type !== 'application/json')
    throw failed(ctx, check, new InvalidRequest(`The body must be application/json, not ${type ?? 'none'}`), [
      'rfc7591-3',
    ])
  const text = await ctx.request.text()
  if (text.length > maxFormBytes)
    throw failed(ctx, check, new InvalidRequest('The request body is too large'), ['rfc7591-3'])
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw failed(ctx, check, new InvalidRequest('The body is not valid JSON'), ['rfc7591-3'])
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw failed(ctx, check, new InvalidClientMetadata('The body must be a JSON object of client metadata'), [
      'rfc7591-2',
      'rfc7591-3.2.2',
    ])
  ctx.trace.pass(check, 'application/json body holding a JSON object', ['rfc7591-3'])
  return body as Record<string, unknown>
}
