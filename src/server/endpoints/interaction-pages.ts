import type { ServerContext } from '../server-context.ts'
import { findUser } from '../server-context.ts'
import type { InteractionRecord } from '../store.ts'
import { renderConsentPage } from '../pages/consent-page.ts'
import { renderLoginPage } from '../pages/login-page.ts'
import { htmlResponse } from '../pages/page-layout.ts'

function clientName(server: ServerContext, interaction: InteractionRecord): string {
  return server.clients.get(interaction.clientId)?.client_name ?? interaction.clientId
}

export function loginPageResponse(
  server: ServerContext,
  interactionId: string,
  interaction: InteractionRecord,
  failure?: { username: string; message: string },
  status = 200,
): Response {
  const page = renderLoginPage({
    action: `${server.issuer}/login`,
    interactionId,
    clientName: clientName(server, interaction),
    ...(failure === undefined ? {} : { username: failure.username, error: failure.message }),
  })
  return htmlResponse(page, status)
}

export function consentPageResponse(
  server: ServerContext,
  interactionId: string,
  interaction: InteractionRecord,
  headers: Record<string, string> = {},
): Response {
  const user = interaction.userId === undefined ? undefined : findUser(server, interaction.userId)
  const page = renderConsentPage({
    action: `${server.issuer}/consent`,
    interactionId,
    clientName: clientName(server, interaction),
    userName: user?.name ?? 'unknown',
    username: user?.username ?? 'unknown',
    scopes: interaction.scope
      .split(' ')
      .map((scope) => ({ scope, description: server.scopes[scope] ?? scope })),
    redirectUri: interaction.redirectUri,
  })
  return htmlResponse(page, 200, headers)
}
