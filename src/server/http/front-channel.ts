import { reply, type Reply } from './reply.ts'
import { AccessDenied, OAuthError, toOAuthError } from '../errors.ts'
import { renderErrorPage } from '../pages/error-page.ts'
import { htmlResponse } from '../pages/page-layout.ts'
import type { RequestContext } from '../server-context.ts'
import type { ResponseMode } from '../store.ts'

/**
 * Redirects the browser back to the client with authorization response parameters and `iss`:
 * "In authorization responses to the client, including error responses, an authorization server
 * supporting this specification MUST indicate its identity by including the iss parameter". In the
 * query, keeping any query the registered URI has ("MUST be retained", RFC 6749 §3.1.2); or in
 * the fragment, which the browser keeps to itself and never sends to a server (RFC 6749 §4.2.2).
 * @see https://www.rfc-editor.org/rfc/rfc9207#section-2
 */
export function authorizationResponse(
  ctx: RequestContext,
  redirectUri: string,
  params: Readonly<Record<string, string | undefined>>,
  mode: ResponseMode = 'query',
): Reply {
  const location = new URL(redirectUri)
  const response = mode === 'query' ? location.searchParams : new URLSearchParams()
  for (const [name, value] of Object.entries(params)) if (value !== undefined) response.append(name, value)
  response.append('iss', ctx.server.issuer)
  if (mode === 'fragment') location.hash = response.toString()
  const names = Object.keys(params)
    .filter((k) => params[k] !== undefined)
    .concat('iss')
    .join(', ')
  ctx.trace.info(
    'redirect-to-client',
    mode === 'query'
      ? `Redirecting the browser to ${location.origin}${location.pathname} with ${names}`
      : `Redirecting the browser to ${location.origin}${location.pathname} with ${names} in the fragment (#…), which the browser does not send to any server`,
    mode === 'query' ? ['rfc6749-4.1.2', 'rfc9207-2'] : ['rfc6749-4.2.2', 'oauth-responses-2.1', 'rfc9207-2'],
  )
  return reply(
    302,
    { Location: location.href, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' },
    null,
  )
}

/** Where a front-channel error may be sent: only to a validated redirect URI. */
export interface ErrorDestination {
  readonly redirectUri?: string | undefined
  readonly state?: string | undefined
  /** Query unless the response type has been recognised as one answered in the fragment. */
  readonly responseMode?: ResponseMode | undefined
}

/**
 * Answers a front-channel error: by redirect with `error`, `error_description`, `state` and `iss`
 * once the redirect URI is trusted — in the fragment for the implicit grant (RFC 6749 §4.2.2.1) —
 * else as an HTML page (RFC 6749 §4.1.2.1).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 */
export function frontChannelError(
  ctx: RequestContext,
  thrown: unknown,
  destination: ErrorDestination,
): Reply {
  const error = toOAuthError(thrown)
  if (!(thrown instanceof OAuthError)) recordUnexpected(ctx, thrown)
  if (destination.redirectUri === undefined) return errorPage(error)
  return authorizationResponse(
    ctx,
    destination.redirectUri,
    {
      error: error.code,
      error_description: error.description,
      state: error.echoState ? destination.state : undefined,
    },
    destination.responseMode,
  )
}

export function errorPage(error: OAuthError): Reply {
  const status = error instanceof AccessDenied ? 403 : error.status >= 500 ? 500 : 400
  return htmlResponse(renderErrorPage({ error: error.code, description: error.description }), status)
}

/** Records an unexpected exception in the trace by message only: no stack goes to the wire. */
export function recordUnexpected(ctx: RequestContext, thrown: unknown): void {
  const message = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown)
  ctx.trace.fail('server-error', 'The server hit an unexpected error and answered server_error', [], message)
}
