import { AccessDenied, AuthorizationPending } from '../errors.ts'
import { findUser } from '../server-context.ts'
import { failed, required, type TokenContext } from './pipeline.ts'

const check = 'check-device-decision'

/**
 * What the user decided on the verification page: nothing yet — `authorization_pending`, keep
 * polling; Deny — `access_denied`, stop polling (RFC 8628 §3.5); Allow — the device gets its tokens.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.5
 */
export function checkDeviceDecision(ctx: TokenContext): void {
  const deviceCode = required(ctx.deviceCode, 'device code')
  if (deviceCode.status === 'denied') {
    throw failed(
      ctx,
      check,
      new AccessDenied('The user denied the request'),
      ['rfc8628-3.5'],
      'The user pressed Deny on the verification page: access_denied, and the device must stop polling',
    )
  }
  if (deviceCode.status === 'pending') {
    throw failed(
      ctx,
      check,
      new AuthorizationPending('The user has not finished on the verification page yet'),
      ['rfc8628-3.5'],
      `The user has not entered the code yet, or not decided: authorization_pending, poll again in ${deviceCode.interval} s`,
    )
  }
  const who = findUser(ctx.server, deviceCode.userId ?? '')?.username ?? 'the user'
  ctx.trace.pass(check, `${who} pressed Allow on the verification page`, ['rfc8628-3.5'])
}
