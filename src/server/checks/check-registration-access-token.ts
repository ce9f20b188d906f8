import { timingSafeEqual } from '../../protocol/pkce.ts'
import { AuthenticationRequired, InvalidToken } from '../errors.ts'
import { failed, type ClientConfigurationContext } from './pipeline.ts'

const check = 'check-registration-access-token'

/**
 * The client configuration endpoint answers only the bearer of the client's registration access
 * token. "If the registration access token used to make this request is not valid, the server MUST
 * respond with an error as described in [RFC6750]"; for a client that does not exist (any more),
 * "the server MUST respond with HTTP 401 Unauthorized". Demo clients were not registered, so they
 * have no such token and cannot be read or changed here.
 * @see https://www.rfc-editor.org/rfc/rfc7592#section-2.1
 */
export function checkRegistrationAccessToken(ctx: ClientConfigurationContext): void {
  const authorization = ctx.request.headers.get('authorization')
  if (authorization === null) {
    ctx.trace.fail(check, 'No registration access token: a bare Bearer challenge', [
      'rfc7592-2',
      'rfc6750-3.1',
    ])
    throw new AuthenticationRequired('no registration access token')
  }
  const token = /^bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(authorization)?.[1]
  const client = ctx.server.clients.get(ctx.clientId)
  const expected = client?.registration?.accessToken
  if (
    token === undefined ||
    client === undefined ||
    expected === undefined ||
    !timingSafeEqual(token, expected)
  ) {
    throw failed(
      ctx,
      check,
      new InvalidToken('The registration access token is not valid for this client'),
      ['rfc7592-2.1', 'rfc6750-3.1'],
      client === undefined
        ? `No client ${ctx.clientId.slice(0, 60)} here (never registered, deleted, or forgotten after a day unused)`
        : expected === undefined
          ? `${client.client_id} is a demo client: it has no registration access token and cannot be changed`
          : `The bearer token is not ${client.client_id}'s registration access token`,
    )
  }
  ctx.client = client
  ctx.trace.pass(check, `The registration access token of ${client.client_id}`, ['rfc7592-2'])
}
