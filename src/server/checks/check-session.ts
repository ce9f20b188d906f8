import { InvalidRequest } from '../errors.ts'
import { sessionCookieName, readCookie } from '../http/cookies.ts'
import { findUser, timeOfDay } from '../server-context.ts'
import { failed, required, type InteractionContext } from './pipeline.ts'

const check = 'check-session'

/**
 * The consent decision must come from the browser that signed in for this request: its session
 * cookie has to belong to the interaction's user. A cross-site post carries no Lax cookie.
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.7
 */
export function checkSession(ctx: InteractionContext): void {
  const interaction = required(ctx.interaction, 'interaction')
  const sessionId = readCookie(ctx.request, sessionCookieName)
  const session = sessionId === undefined ? undefined : ctx.server.store.get('sessions', sessionId)
  if (session === undefined || interaction.userId === undefined || session.userId !== interaction.userId) {
    throw failed(
      ctx,
      check,
      new InvalidRequest('You are not signed in for this request. Go back to the app and start again'),
      ['rfc9700-4.7'],
      sessionId === undefined
        ? `No ${sessionCookieName} cookie: the consent form was not posted by the browser that signed in`
        : `The ${sessionCookieName} cookie does not belong to the user who signed in for this request`,
    )
  }
  ctx.session = session
  const name = findUser(ctx.server, session.userId)?.username ?? session.userId
  ctx.trace.pass(check, `Session cookie belongs to ${name}, signed in at ${timeOfDay(session.authTime)}`, [
    'rfc9700-4.7',
  ])
}
