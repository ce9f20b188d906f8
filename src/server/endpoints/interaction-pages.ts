import type { Reply } from '../http/reply.ts'
import { readCookie, sessionCookieName } from '../http/cookies.ts'
import { renderConsentPage } from '../pages/consent-page.ts'
import { renderDeviceCodePage } from '../pages/device-code-page.ts'
import { renderDeviceResultPage } from '../pages/device-result-page.ts'
import { renderLoginPage } from '../pages/login-page.ts'
import { formTargetOf, htmlResponse, pageHeadersAllowingForms } from '../pages/page-layout.ts'
import type { RequestContext, ServerContext } from '../server-context.ts'
import { findUser, timeOfDay } from '../server-context.ts'
import type { InteractionRecord } from '../store.ts'

export function clientName(server: ServerContext, clientId: string): string {
  return server.clients.get(clientId)?.client_name ?? clientId
}

export function loginPageResponse(
  server: ServerContext,
  interactionId: string,
  interaction: InteractionRecord,
  failure?: { username: string; message: string },
  status = 200,
): Reply {
  const page = renderLoginPage({
    action: `${server.issuer}/login`,
    interactionId,
    clientName: clientName(server, interaction.clientId),
    ...(failure === undefined ? {} : { username: failure.username, error: failure.message }),
  })
  return htmlResponse(page, status)
}

/**
 * The consent page. Allow and Deny both end in a redirect to the client's redirect URI, so the
 * page's `form-action` allows that URI's origin (see `formTargetOf`); a device's consent redirects
 * nowhere.
 */
export function consentPageResponse(
  server: ServerContext,
  interactionId: string,
  interaction: InteractionRecord,
  headers: Record<string, string> = {},
): Reply {
  const target =
    interaction.kind === 'authorization' ? formTargetOf(interaction.redirectUri, server.origin) : undefined
  const user = interaction.userId === undefined ? undefined : findUser(server, interaction.userId)
  const page = renderConsentPage({
    action: `${server.issuer}/consent`,
    interactionId,
    clientName: clientName(server, interaction.clientId),
    userName: user?.name ?? 'unknown',
    username: user?.username ?? 'unknown',
    scopes: interaction.scope
      .split(' ')
      .map((scope) => ({ scope, description: server.scopes[scope] ?? scope })),
    next:
      interaction.kind === 'device'
        ? { userCode: interaction.userCode }
        : { redirectUri: interaction.redirectUri },
  })
  return htmlResponse(page, 200, {
    ...pageHeadersAllowingForms(target === undefined ? [] : [target]),
    ...headers,
  })
}

export function deviceCodePageResponse(
  server: ServerContext,
  form: { userCode?: string; error?: string } = {},
  status = 200,
): Reply {
  return htmlResponse(renderDeviceCodePage({ action: `${server.issuer}/device`, ...form }), status)
}

export function deviceResultPageResponse(
  server: ServerContext,
  outcome: 'allowed' | 'denied',
  clientId: string,
): Reply {
  return htmlResponse(renderDeviceResultPage({ outcome, clientName: clientName(server, clientId) }))
}

/**
 * The login page, or — when the browser already has a valid session cookie — the consent page
 * straight away, with the interaction bound to that session's user.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#Authenticates
 */
export function signInOrConsent(ctx: RequestContext, id: string, interaction: InteractionRecord): Reply {
  const sessionId = readCookie(ctx.request, sessionCookieName)
  const session = sessionId === undefined ? undefined : ctx.server.store.get('sessions', sessionId)
  const user = session === undefined ? undefined : findUser(ctx.server, session.userId)
  if (session === undefined || user === undefined) {
    ctx.trace.info('find-session', 'No sign-in session in this browser: showing the login page', [
      'oidc-3.1.2.4',
    ])
    return loginPageResponse(ctx.server, id, interaction)
  }
  interaction.userId = session.userId
  interaction.authTime = session.authTime
  ctx.trace.info(
    'find-session',
    `Already signed in as ${user.username} (since ${timeOfDay(session.authTime)}): skipping the login page`,
    ['oidc-3.1.2.4'],
  )
  return consentPageResponse(ctx.server, id, interaction)
}
