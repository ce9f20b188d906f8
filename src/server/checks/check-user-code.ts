import { UserCodeRefused } from '../errors.ts'
import { recordFailure, userCodeKey } from '../failed-attempts.ts'
import { nowSeconds, timeOfDay } from '../server-context.ts'
import { formatUserCode, normaliseUserCode } from '../tokens/user-code.ts'
import type { DeviceVerificationContext } from './pipeline.ts'

const check = 'check-user-code'

/**
 * Finds the device authorization behind the code the user typed, whatever its case and dashes
 * (RFC 8628 §6.1). Unknown, expired and already used codes (a decision spends the code) get the
 * same answer, and count as a wrong attempt for `checkUserCodeRateLimit`.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.3
 */
export function checkUserCode(ctx: DeviceVerificationContext): void {
  const typed = ctx.params.get('user_code') ?? ''
  const code = normaliseUserCode(typed)
  const { store } = ctx.server
  const deviceCodeValue = store.get('userCodes', code)?.deviceCode
  const deviceCode = deviceCodeValue === undefined ? undefined : store.get('deviceCodes', deviceCodeValue)
  const why =
    deviceCodeValue === undefined || deviceCode === undefined
      ? `no live device authorization has the user code ${code === '' ? '(empty)' : formatUserCode(code)}`
      : deviceCode.expiresAt <= nowSeconds(ctx.server)
        ? `the user code expired at ${timeOfDay(deviceCode.expiresAt)}`
        : undefined
  if (why !== undefined || deviceCodeValue === undefined || deviceCode === undefined) {
    const count = recordFailure(ctx.server, userCodeKey)
    ctx.trace.fail(
      check,
      `"${typed}" is not a valid code: ${why ?? 'unknown'}. Wrong code ${count} of ${ctx.server.policies.maxFailedUserCodes} allowed in the window`,
      ['rfc8628-3.3', 'rfc8628-5.1'],
    )
    throw new UserCodeRefused(
      typed,
      'That code is not valid or has expired. Check the code on your device and try again.',
    )
  }
  ctx.deviceCodeValue = deviceCodeValue
  ctx.deviceCode = deviceCode
  ctx.trace.pass(
    check,
    `"${typed}" is the user code ${formatUserCode(code)} of ${deviceCode.clientId}, valid until ${timeOfDay(deviceCode.expiresAt)}`,
    ['rfc8628-3.3', 'rfc8628-6.1'],
  )
}
