import { timingSafeEqual } from '../../protocol/pkce.ts'
import type { DemoUser } from '../demo-world.ts'
import { SignInRefused } from '../errors.ts'
import { clearFailures, recordFailure, signInKey } from '../failed-attempts.ts'
import type { Params } from '../http/params.ts'
import type { RequestContext } from '../server-context.ts'

const check = 'check-credentials'

/**
 * Authenticates the end-user by username and password — on the AS's own login page, or, in the
 * deprecated password grant, as the client relays them. Compares in constant time, never says
 * which of the two was wrong, and counts the failure for `checkSignInRateLimit`.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#Authenticates
 */
export function checkCredentials(ctx: RequestContext & { readonly params: Params; user?: DemoUser }): void {
  const username = ctx.params.get('username') ?? ''
  const password = ctx.params.get('password') ?? ''
  const user = ctx.server.users.find((u) => u.username === username.trim().toLowerCase())
  const ok = timingSafeEqual(password, user?.password ?? '\u0000no user') && user !== undefined
  const key = signInKey(username)
  if (!ok || user === undefined) {
    const count = recordFailure(ctx.server, key)
    ctx.trace.fail(
      check,
      `Wrong username or password for "${username}" (the answer does not say which); ${count} of ${ctx.server.policies.maxFailedSignIns} allowed failures in the last ${ctx.server.policies.failedAttemptWindowSeconds} s`,
      ['oidc-3.1.2.4', 'rfc6749-10.10'],
    )
    throw new SignInRefused(username, 'Wrong username or password')
  }
  clearFailures(ctx.server, key)
  ctx.user = user
  ctx.trace.pass(check, `${user.name} (${user.username}) signed in with the right password`, ['oidc-3.1.2.4'])
}
