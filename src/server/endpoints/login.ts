import type { Reply } from '../http/reply.ts'
import { checkCredentials } from '../checks/check-credentials.ts'
import { required, runChecks, type Check, type InteractionContext } from '../checks/pipeline.ts'
import { checkInteraction } from '../checks/check-interaction.ts'
import { checkSignInRateLimit } from '../checks/check-sign-in-rate-limit.ts'
import { InvalidRequest, SignInRefused } from '../errors.ts'
import { sessionCookie, sessionCookieName } from '../http/cookies.ts'
import { errorPage } from '../http/front-channel.ts'
import { isFormEncoded, Params, readForm } from '../http/params.ts'
import { lifetimes } from '../policies.ts'
import type { RequestContext } from '../server-context.ts'
import { newSecretValue, nowSeconds } from '../server-context.ts'
import { consentPageResponse, loginPageResponse } from './interaction-pages.ts'

/** The sign-in itself, after the form was matched to its interaction. */
export const loginChecks: readonly Check<InteractionContext>[] = [checkSignInRateLimit, checkCredentials]

/**
 * POST `/as/login`: checks the username and password, starts a session (a fresh id, so a
 * planted cookie cannot be reused) and shows the consent page.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#Authenticates
 */
export async function loginEndpoint(ctx: RequestContext): Promise<Reply> {
  const form = isFormEncoded(ctx.request) ? await readForm(ctx.request) : undefined
  if (form === undefined) return errorPage(new InvalidRequest('The sign-in form must be posted as a form'))
  const ictx: InteractionContext = { ...ctx, params: new Params(form) }
  try {
    checkInteraction(ictx)
  } catch (error) {
    return errorPage(error instanceof InvalidRequest ? error : new InvalidRequest('Unknown sign-in request'))
  }
  const id = required(ictx.interactionId, 'interaction id')
  const interaction = required(ictx.interaction, 'interaction')
  try {
    await runChecks(ictx, loginChecks)
    const user = required(ictx.user, 'user')
    const now = nowSeconds(ctx.server)
    const sessionId = newSecretValue(ctx.server)
    ctx.server.store.put('sessions', sessionId, {
      userId: user.sub,
      authTime: now,
      evictAt: now + lifetimes.sessionSeconds,
    })
    interaction.userId = user.sub
    interaction.authTime = now
    ctx.trace.pass(
      'create-session',
      `Signed in: session cookie ${sessionCookieName} set (HttpOnly, SameSite=Lax, Path=/as) for ${user.username}`,
      ['rfc9700-4.7'],
    )
    const cookie = sessionCookie(sessionId, lifetimes.sessionSeconds, ctx.url.protocol === 'https:')
    return consentPageResponse(ctx.server, id, interaction, { 'Set-Cookie': cookie })
  } catch (error) {
    if (!(error instanceof SignInRefused)) throw error
    return loginPageResponse(
      ctx.server,
      id,
      interaction,
      { username: error.username, message: error.message },
      error.status,
    )
  }
}
