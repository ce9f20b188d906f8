import { UnauthorizedClient } from '../errors.ts'
import { failed, required, type AuthorizeContext } from './pipeline.ts'

const check = 'check-client-response-type'

/**
 * A client may only use the response types it registered ("response_types: Array of the OAuth 2.0
 * response type strings that the client can use at the authorization endpoint"): otherwise
 * `unauthorized_client` — "The client is not authorized to request an authorization code using
 * this method" (RFC 6749 §4.1.2.1).
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-2
 */
export function checkClientResponseType(ctx: AuthorizeContext): void {
  const client = required(ctx.client, 'client')
  const responseType = required(ctx.responseType, 'response type')
  if (!client.response_types.includes(responseType))
    throw failed(
      ctx,
      check,
      new UnauthorizedClient(
        `client ${client.client_id} is not registered for response_type ${responseType}`,
      ),
      ['rfc7591-2', 'rfc6749-4.1.2.1'],
      `${client.client_id} registered the response types ${client.response_types.join(', ') || '(none)'}, not ${responseType}`,
    )
  ctx.trace.pass(check, `${client.client_id} is registered for response_type ${responseType}`, ['rfc7591-2'])
}
