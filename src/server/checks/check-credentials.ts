import { timingSafeEqual } from '../../protocol/pkce.ts'
import type { DemoUser } from '../demo-world.ts'
import { WrongCredentials } from '../errors.ts'
import type { InteractionContext } from './pipeline.ts'

const check = 'check-credentials'

/**
 * Authenticates the end-user at the authorization server — the client never sees the password.
 * Compares in constant time and does not say which of the two was wrong.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#Authenticates
 */
export function checkCredentials(ctx: InteractionContext): DemoUser {
  const username = ctx.params.get('username') ?? ''
  const password = ctx.params.get('password') ?? ''
  const user = ctx.server.users.find((u) => u.username === username.trim().toLowerCase())
  const ok = timingSafeEqual(password, user?.password ?? '\u0000no user') && user !== undefined
  if (!ok || user === undefined) {
    ctx.trace.fail(check, `Wrong username or password for "${username}": the login page is shown again`, [
      'oidc-3.1.2.4',
    ])
    throw new WrongCredentials(username)
  }
  ctx.trace.pass(check, `${user.name} (${user.username}) signed in with the right password`, ['oidc-3.1.2.4'])
  return user
}
