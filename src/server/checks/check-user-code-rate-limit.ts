import { UserCodeRefused } from '../errors.ts'
import { blockedUntil, recentFailures, userCodeKey } from '../failed-attempts.ts'
import { timeOfDay } from '../server-context.ts'
import type { DeviceVerificationContext } from './pipeline.ts'

const check = 'check-user-code-rate-limit'

/**
 * Refuses user codes — before looking the typed one up — once `maxFailedUserCodes` wrong ones
 * were typed within the window, by anyone: "the authorization server should rate-limit user code
 * attempts" (RFC 8628 §5.1), since a user code is short enough to be guessed otherwise. Counted
 * for all browsers together: a per-browser count is evaded by dropping cookies.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-5.1
 */
export function checkUserCodeRateLimit(ctx: DeviceVerificationContext): void {
  const { maxFailedUserCodes: max, failedAttemptWindowSeconds: window } = ctx.server.policies
  const failures = recentFailures(ctx.server, userCodeKey)
  if (failures.length >= max) {
    ctx.trace.policy(
      check,
      { name: 'maxFailedUserCodes', value: max },
      `${failures.length} wrong user codes in the last ${window} s: no code is looked up until ${timeOfDay(blockedUntil(ctx.server, failures, max))}`,
      ['rfc8628-5.1'],
      'fail',
    )
    throw new UserCodeRefused(
      ctx.params.get('user_code') ?? '',
      'Too many wrong codes were entered. Wait a few minutes, then try again.',
      429,
    )
  }
  ctx.trace.pass(check, `${failures.length} of ${max} allowed wrong user codes in the last ${window} s`, [
    'rfc8628-5.1',
  ])
}
