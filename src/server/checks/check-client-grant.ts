import type { GrantType } from '../demo-world.ts'
import { UnauthorizedClient } from '../errors.ts'
import type { RegisteredClient, RequestContext } from '../server-context.ts'
import { failed, required } from './pipeline.ts'

const check = 'check-client-grant'

/**
 * A client may only use the grant types it registered: otherwise `unauthorized_client`.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export function checkClientGrant(
  ctx: RequestContext & { readonly client?: RegisteredClient; readonly grantType?: GrantType },
): void {
  const client = required(ctx.client, 'client')
  const grantType = required(ctx.grantType, 'grant type')
  if (!client.grant_types.includes(grantType)) {
    throw failed(
      ctx,
      check,
      new UnauthorizedClient(`client ${client.client_id} is not allowed to use the ${grantType} grant`),
      ['rfc6749-4.1.2.1', 'rfc6749-5.2'],
      `${client.client_id} is registered for ${client.grant_types.join(', ')}, not ${grantType}`,
    )
  }
  ctx.trace.pass(check, `${client.client_id} is registered for the ${grantType} grant`, ['rfc6749-5.2'])
}
