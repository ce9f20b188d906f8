import { header, type HttpExchange, type RecordedResponse } from './http-exchange.ts'

/**
 * What came back, in a few words, for the response arrow of a sequence diagram: the status and the
 * essential content — "302 + code", "200 tokens", "401 invalid_token", "200 login page". Derived from
 * the recorded response only, so it is right against any server. Undefined when nothing answered
 * over HTTP (the browser handing the callback URL to an in-page client).
 */
export function responseSummary(exchange: HttpExchange): string | undefined {
  const response = exchange.response
  if (response === undefined) return undefined
  const { status } = response
  if (status >= 300 && status < 400) return redirectSummary(response, exchange.request.url)
  if (status >= 400) return `${status} ${errorCode(response) ?? (response.statusText || 'error')}`
  return `${status} ${contentSummary(response)}`.trimEnd()
}

/** `302 + code`, `302 + access_denied`, `302 + #access_token`, or `302 → /as/consent`. */
function redirectSummary(response: RecordedResponse, base: string): string {
  const location = header(response.headers, 'location')
  if (location === undefined) return String(response.status)
  const url = new URL(location, base)
  const query = url.searchParams
  const fragment = new URLSearchParams(url.hash.slice(1))
  for (const [params, prefix] of [
    [query, ''],
    [fragment, '#'],
  ] as const) {
    const error = params.get('error')
    if (error !== null) return `${response.status} + ${error}`
    const carried = ['access_token', 'id_token', 'code'].filter((name) => params.has(name))
    if (carried.length > 0) return `${response.status} + ${prefix}${carried.join(' + ')}`
  }
  return `${response.status} → ${url.pathname}`
}

/** The OAuth error code of an error response: the JSON `error`, or the one in WWW-Authenticate. */
function errorCode(response: RecordedResponse): string | undefined {
  const json = jsonBody(response)
  if (typeof json?.['error'] === 'string') return json['error']
  const challenge = header(response.headers, 'www-authenticate')
  const match = challenge && /error="([^"]+)"/.exec(challenge)
  if (match) return match[1]
  if (contentType(response).includes('html')) return 'error page'
  return undefined
}

/** What a successful body is, recognised by its members (RFC 6749 §5.1, RFC 7517 §5, RFC 8414 §3 …). */
function contentSummary(response: RecordedResponse): string {
  const type = contentType(response)
  if (type.includes('html')) return pageKind(response.body)
  const json = jsonBody(response)
  if (json === undefined) return response.body === '' ? '' : 'data'
  if ('access_token' in json) return 'tokens'
  if ('device_code' in json) return 'device_code + user_code'
  if (Array.isArray(json['keys'])) return 'keys (JWKS)'
  if ('issuer' in json && ('authorization_endpoint' in json || 'token_endpoint' in json)) return 'metadata'
  if ('active' in json) return json['active'] === true ? 'active token' : 'inactive token'
  if ('client_id' in json && 'redirect_uris' in json) return 'client registered'
  // UserInfo: the subject and flat claims about them (OIDC Core §5.3.2); an API's data is richer.
  if ('sub' in json && Object.values(json).every((v) => typeof v !== 'object' || v === null)) return 'claims'
  return 'data'
}

/** Which of the authorization server's pages this is, by its form fields. */
function pageKind(html: string): string {
  if (/name="?password"?/.test(html)) return 'login page'
  if (/name="?user_code"?/.test(html)) return 'device page'
  if (/value="?allow"?/.test(html)) return 'consent page'
  return 'page'
}

function contentType(response: RecordedResponse): string {
  return (header(response.headers, 'content-type') ?? '').toLowerCase()
}

function jsonBody(response: RecordedResponse): Record<string, unknown> | undefined {
  if (!contentType(response).includes('json')) return undefined
  try {
    const value: unknown = JSON.parse(response.body)
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}
