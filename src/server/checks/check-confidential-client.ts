import { InvalidClient } from '../errors.ts'
import { failed, required, type ClientRequestContext } from './pipeline.ts'

const check = 'check-confidential-client'

/**
 * Introspection answers only authenticated clients: "To prevent token scanning attacks, the
 * endpoint MUST also require some form of authorization to access this endpoint". A public
 * client has nothing to authenticate with, so it gets 401 `invalid_client` like a client that
 * sent no credentials.
 * @see https://www.rfc-editor.org/rfc/rfc7662#section-2.1
 */
export function checkConfidentialClient(ctx: ClientRequestContext): void {
  const client = required(ctx.client, 'client')
  if (client.token_endpoint_auth_methods.includes('none')) {
    const error = new InvalidClient(
      `${client.client_id} is a public client: introspection needs client authentication, which it cannot do`,
    )
    throw failed(ctx, check, error, ['rfc7662-2.1', 'rfc7662-4'])
  }
  ctx.trace.pass(check, `${client.client_id} is a confidential client and authenticated`, ['rfc7662-2.1'])
}
