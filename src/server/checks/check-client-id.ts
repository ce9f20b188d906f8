import { InvalidClient, InvalidRequest } from '../errors.ts'
import { failed, type AuthorizeContext } from './pipeline.ts'

const check = 'check-client-id'

/**
 * Identifies the client first: "If the request fails due to a missing, invalid, or mismatching
 * redirection URI, or if the client identifier is missing or invalid, the authorization server
 * SHOULD inform the resource owner of the error and MUST NOT automatically redirect".
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 */
export function checkClientId(ctx: AuthorizeContext): void {
  if (ctx.params.isDuplicated('client_id')) {
    throw failed(ctx, check, new InvalidRequest('client_id was sent more than once'), ['rfc6749-3.1'])
  }
  const clientId = ctx.params.get('client_id')
  if (clientId === undefined) {
    throw failed(
      ctx,
      check,
      new InvalidRequest('client_id is missing, so the server cannot tell which app is asking'),
      ['rfc6749-4.1.1', 'rfc6749-4.1.2.1'],
      'client_id is missing: the server cannot tell which app is asking, so it shows an error page instead of redirecting anywhere',
    )
  }
  const client = ctx.server.clients.get(clientId)
  if (client === undefined) {
    throw failed(
      ctx,
      check,
      new InvalidClient(`client_id ${clientId} is not registered at this server`),
      ['rfc6749-4.1.2.1'],
      `client_id "${clientId}" is not registered: an error page is shown and the browser is not redirected`,
    )
  }
  ctx.client = client
  ctx.trace.pass(check, `client_id "${clientId}" is registered (${client.client_name})`, ['rfc6749-2.1'])
}
