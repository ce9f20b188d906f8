import { checkDeviceCode } from '../checks/check-device-code.ts'
import { checkDeviceDecision } from '../checks/check-device-decision.ts'
import { failed, required, runChecks, type Check, type TokenContext } from '../checks/pipeline.ts'
import { checkPollInterval } from '../checks/check-poll-interval.ts'
import { InvalidGrant } from '../errors.ts'
import { findUser, nowSeconds, timeOfDay } from '../server-context.ts'
import { createGrant } from '../tokens/create-grant.ts'
import { issueTokens, type TokenResponseBody } from '../tokens/issue-tokens.ts'

/** In the order Keycloak answers polls: expired, then too fast, then the user's decision. */
export const deviceCodeChecks: readonly Check<TokenContext>[] = [
  checkDeviceCode,
  checkPollInterval,
  checkDeviceDecision,
]

/**
 * `grant_type=urn:ietf:params:oauth:grant-type:device_code`: the device polls until the user has
 * decided, then gets an access token, a refresh token (rotated: `tv` is a public client) and an ID
 * token with `openid`. The device code is redeemed at once — with no await in between, so two
 * concurrent polls cannot both win.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.4
 */
export async function deviceCodeGrant(ctx: TokenContext): Promise<TokenResponseBody> {
  await runChecks(ctx, deviceCodeChecks)
  const deviceCode = required(ctx.deviceCode, 'device code')
  const client = required(ctx.client, 'client')
  if (deviceCode.redeemedAt !== undefined) {
    throw failed(
      ctx,
      'redeem-device-code',
      new InvalidGrant('The device code was already used'),
      ['rfc8628-3.4'],
      `device code was redeemed by a concurrent poll at ${timeOfDay(deviceCode.redeemedAt)}`,
    )
  }
  const user = required(findUser(ctx.server, deviceCode.userId ?? ''), 'user')
  const authTime = required(deviceCode.authTime, 'auth time')
  deviceCode.redeemedAt = nowSeconds(ctx.server)
  const grantId = createGrant(ctx, {
    clientId: client.client_id,
    grantType: 'urn:ietf:params:oauth:grant-type:device_code',
    userId: user.sub,
    scope: deviceCode.scope,
    authTime,
  })
  deviceCode.grantId = grantId
  ctx.trace.pass(
    'redeem-device-code',
    `device code marked as used at ${timeOfDay(deviceCode.redeemedAt)}: using it again revokes every token issued from it`,
    ['rfc8628-3.4'],
  )
  return issueTokens(ctx, {
    grantId,
    client,
    user,
    scope: deviceCode.scope,
    authTime,
    issueRefreshToken: true,
  })
}
