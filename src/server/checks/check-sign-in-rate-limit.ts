import { SignInRefused } from '../errors.ts'
import { blockedUntil, recentFailures, signInKey } from '../failed-attempts.ts'
import type { Params } from '../http/params.ts'
import type { RequestContext } from '../server-context.ts'
import { timeOfDay } from '../server-context.ts'

const check = 'check-sign-in-rate-limit'

/**
 * Refuses a sign-in — before the password is even compared, so guessing learns nothing — once a
 * username has had `maxFailedSignIns` wrong passwords within the window. Shared by the login form
 * and the password grant, so neither is a way around the other. "The authorization server MUST
 * protect the endpoint against brute force attacks (e.g., using rate-limitation …)" (RFC 6749
 * §4.3.2); "MUST prevent attackers from guessing … resource owner passwords" (RFC 6749 §10.10).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.10
 */
export function checkSignInRateLimit(ctx: RequestContext & { readonly params: Params }): void {
  const username = ctx.params.get('username') ?? ''
  const { maxFailedSignIns: max, failedAttemptWindowSeconds: window } = ctx.server.policies
  const failures = recentFailures(ctx.server, signInKey(username))
  if (failures.length >= max) {
    ctx.trace.policy(
      check,
      { name: 'maxFailedSignIns', value: max },
      `${failures.length} wrong passwords for "${username}" in the last ${window} s: refused without checking the password, until ${timeOfDay(blockedUntil(ctx.server, failures, max))}`,
      ['rfc6749-10.10', 'rfc6749-4.3.2'],
      'fail',
    )
    throw new SignInRefused(username, 'Too many failed sign-in attempts; try again later', 429)
  }
  ctx.trace.pass(
    check,
    `${failures.length} of ${max} allowed wrong passwords for "${username}" in the last ${window} s`,
    ['rfc6749-10.10'],
  )
}
