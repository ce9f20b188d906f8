import { AccessDenied, OAuthError, toOAuthError } from '../errors.ts'
import { renderErrorPage } from '../pages/error-page.ts'
import { htmlResponse } from '../pages/page-layout.ts'
import type { RequestContext } from '../server-context.ts'

/**
 * Redirects the browser back to the client with authorization response parameters, keeping any
 * query the registered URI has ("MUST be retained", RFC 6749 §3.1.2) and adding `iss`:
 * "In authorization responses to the client, including error responses, an authorization server
 * supporting this specification MUST indicate its identity by including the iss parameter".
 * @see https://www.rfc-editor.org/rfc/rfc9207#section-2
 */
export function authorizationResponse(
  ctx: RequestContext,
  redirectUri: string,
  params: Readonly<Record<string, string | undefined>>,
): Response {
  const location = new URL(redirectUri)
  for (const [name, value] of Object.entries(params))
    if (value !== undefined) location.searchParams.append(name, value)
  location.searchParams.append('iss', ctx.server.issuer)
  ctx.trace.info(
    'redirect-to-client',
    `Redirecting the browser to ${location.origin}${location.pathname} with ${Object.keys(params)
      .filter((k) => params[k] !== undefined)
      .concat('iss')
      .join(', ')}`,
    ['rfc6749-4.1.2', 'rfc9207-2'],
  )
  return new Response(null, {
    status: 302,
    headers: { Location: location.href, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' },
  })
}

/** Where a front-channel error may be sent: only to a validated redirect URI. */
export interface ErrorDestination {
  readonly redirectUri?: string | undefined
  readonly state?: string | undefined
}

/**
 * Answers a front-channel error: by redirect with `error`, `error_description`, `state` and `iss`
 * once the redirect URI is trusted, else as an HTML page (RFC 6749 §4.1.2.1).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 */
export function frontChannelError(
  ctx: RequestContext,
  thrown: unknown,
  destination: ErrorDestination,
): Response {
  const error = toOAuthError(thrown)
  if (!(thrown instanceof OAuthError)) recordUnexpected(ctx, thrown)
  if (destination.redirectUri === undefined) return errorPage(error)
  return authorizationResponse(ctx, destination.redirectUri, {
    error: error.code,
    error_description: error.description,
    state: error.echoState ? destination.state : undefined,
  })
}

export function errorPage(error: OAuthError): Response {
  const status = error instanceof AccessDenied ? 403 : error.status >= 500 ? 500 : 400
  return htmlResponse(renderErrorPage({ error: error.code, description: error.description }), status)
}

/** Records an unexpected exception in the trace by message only: no stack goes to the wire. */
export function recordUnexpected(ctx: RequestContext, thrown: unknown): void {
  const message = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown)
  ctx.trace.fail('server-error', 'The server hit an unexpected error and answered server_error', [], message)
}
