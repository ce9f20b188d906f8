import { AuthenticationRequired, InvalidRequest } from '../errors.ts'
import { failed, type BearerContext } from './pipeline.ts'

const check = 'check-bearer-token'

/**
 * Takes the access token from `Authorization: Bearer …`. Without any credentials the answer is a
 * bare challenge: "the resource server SHOULD NOT include an error code or other error information".
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 */
export function checkBearerToken(ctx: BearerContext): void {
  const authorization = ctx.request.headers.get('authorization')
  if (authorization === null) {
    ctx.trace.fail(
      check,
      'No access token: the request has no Authorization header, so the answer is a bare Bearer challenge',
      ['rfc6750-3.1'],
    )
    throw new AuthenticationRequired('no access token')
  }
  const match = /^bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(authorization)
  const token = match?.[1]
  if (token === undefined) {
    throw failed(
      ctx,
      check,
      new InvalidRequest('The Authorization header is not a Bearer token'),
      ['rfc6750-2.1'],
      `Authorization header "${authorization.split(' ')[0] ?? ''} …" is not "Bearer <token>"`,
    )
  }
  ctx.accessToken = token
  ctx.trace.pass(check, 'Access token found in the Authorization header (Bearer)', ['rfc6750-2.1'])
}
