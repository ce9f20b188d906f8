import { ExpiredToken, InvalidGrant, InvalidRequest } from '../errors.ts'
import { nowSeconds, timeOfDay } from '../server-context.ts'
import { revokeGrant } from '../tokens/revoke-grant.ts'
import { failed, required, type TokenContext } from './pipeline.ts'

const check = 'check-device-code'

/**
 * The device code must be known, issued to this client, not redeemed yet and not expired:
 * otherwise `invalid_grant` (RFC 6749 §5.2), or `expired_token` — "The device_code has expired,
 * and the device authorization session has concluded" (RFC 8628 §3.5). It is single-use: a second
 * redemption also revokes the tokens issued from it, as for an authorization code.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.4
 */
export function checkDeviceCode(ctx: TokenContext): void {
  const client = required(ctx.client, 'client')
  const value = ctx.params.get('device_code')
  if (value === undefined)
    throw failed(ctx, check, new InvalidRequest('device_code is missing'), ['rfc8628-3.4'])
  const deviceCode = ctx.server.store.get('deviceCodes', value)
  if (deviceCode === undefined) {
    throw failed(
      ctx,
      check,
      new InvalidGrant('The device code is unknown'),
      ['rfc8628-3.4', 'rfc6749-5.2'],
      'This server never issued that device code, or forgot it long after it expired',
    )
  }
  if (deviceCode.clientId !== client.client_id) {
    throw failed(
      ctx,
      check,
      new InvalidGrant('The device code was issued to another client'),
      ['rfc8628-3.4', 'rfc6749-5.2'],
      `device code was issued to ${deviceCode.clientId}, but ${client.client_id} is polling with it`,
    )
  }
  if (deviceCode.redeemedAt !== undefined) {
    if (deviceCode.grantId !== undefined)
      revokeGrant(
        ctx.server,
        deviceCode.grantId,
        `device code redeemed again at ${timeOfDay(nowSeconds(ctx.server))}`,
      )
    throw failed(
      ctx,
      check,
      new InvalidGrant('The device code was already used'),
      ['rfc8628-3.4', 'rfc6749-5.2'],
      `device code already redeemed at ${timeOfDay(deviceCode.redeemedAt)} — the tokens issued from it are now revoked`,
    )
  }
  if (deviceCode.expiresAt <= nowSeconds(ctx.server)) {
    throw failed(
      ctx,
      check,
      new ExpiredToken('The device code has expired; start again'),
      ['rfc8628-3.5'],
      `device code expired at ${timeOfDay(deviceCode.expiresAt)} (device codes live ${ctx.server.policies.deviceCodeTtlSeconds} s): the device must start over`,
    )
  }
  ctx.deviceCodeValue = value
  ctx.deviceCode = deviceCode
  ctx.trace.pass(
    check,
    `device code is known, unused and was issued to ${client.client_id} (expires ${timeOfDay(deviceCode.expiresAt)})`,
    ['rfc8628-3.4'],
  )
}
