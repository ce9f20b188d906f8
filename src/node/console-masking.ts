import { header, type HeaderList, type RecordedRequest } from '../protocol/http-exchange.ts'
import { decodeJwt } from '../protocol/jwt.ts'
import type { ConsoleEntry, ConsoleToken } from '../protocol/node-server-api.ts'
import type { TraceEntry } from '../protocol/trace.ts'

/**
 * An exchange as the Node server answered it, before anything is masked. The request's headers
 * are kept as the request holds them and listed only when the entry is masked: a server nobody
 * watches never lists them.
 */
export interface RawExchange {
  readonly request: Omit<RecordedRequest, 'headers'> & {
    readonly headers: Iterable<readonly [string, string]>
  }
  readonly response: {
    readonly status: number
    readonly statusText: string
    readonly headers: HeaderList
    readonly body: string
  }
  readonly trace: readonly TraceEntry[]
  readonly at: number
  readonly durationMs: number
  readonly via: ConsoleEntry['via']
}

/** Shown instead of a secret: not even its length. */
export const hidden = '••••••'

/**
 * Never shown, not even in part: knowing them is being the client or the user. Client secrets,
 * passwords, the PKCE verifier (with it a stolen code can be redeemed, RFC 7636 §1).
 */
const secretNames = new Set(['client_secret', 'password', 'code_verifier', 'new_password'])

/**
 * Bearer credentials: whoever holds one can use it until it expires. The console shows the first
 * six characters (enough to tell two apart and to match the one your app holds) and the length;
 * a JWT is decoded into `tokens` instead — header and claims, never the signature, so what the
 * console shows cannot be replayed.
 */
const credentialNames = new Set([
  'code',
  'access_token',
  'refresh_token',
  'id_token',
  'device_code',
  'token',
  'assertion',
  'client_assertion',
  'subject_token',
  'actor_token',
  'id_token_hint',
  'registration_access_token',
  'interaction',
])

const bodyLimit = 16 * 1024

interface Masker {
  readonly tokens: ConsoleToken[]
  /** Every secret and credential met, to scrub from free text (trace details, error descriptions). */
  readonly seen: Set<string>
}

function maskCredential(m: Masker, value: string, where: string): string {
  if (value === '') return value
  m.seen.add(value)
  const jwt = decodeJwt(value)
  if (jwt.ok) {
    m.tokens.push({ where, header: jwt.value.header, claims: jwt.value.payload })
    return `${value.slice(0, 6)}… (JWT, ${value.length} chars; signature hidden, claims decoded below)`
  }
  return `${value.slice(0, 6)}… (${value.length} chars)`
}

function maskSecret(m: Masker, value: string): string {
  if (value !== '') m.seen.add(value)
  return hidden
}

function maskParam(m: Masker, name: string, value: string, where: string): string | undefined {
  if (secretNames.has(name)) return maskSecret(m, value)
  if (credentialNames.has(name)) return maskCredential(m, value, `${where} ${name}`)
  return undefined
}

const decode = (text: string): string => {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    return text
  }
}

/** `a=1&code=xyz` with the values of secret parameters replaced; other pairs stay as sent. */
function maskPairs(m: Masker, text: string, where: string): string {
  return text
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=')
      if (eq < 0) return pair
      const masked = maskParam(m, decode(pair.slice(0, eq)), decode(pair.slice(eq + 1)), where)
      return masked === undefined ? pair : `${pair.slice(0, eq)}=${masked}`
    })
    .join('&')
}

/** Masks query and fragment parameters of an absolute or relative URL. */
function maskUrl(m: Masker, url: string, where: string): string {
  const hash = url.indexOf('#')
  const beforeHash = hash < 0 ? url : url.slice(0, hash)
  const fragment = hash < 0 ? undefined : url.slice(hash + 1)
  const query = beforeHash.indexOf('?')
  const path = query < 0 ? beforeHash : beforeHash.slice(0, query)
  const search = query < 0 ? undefined : beforeHash.slice(query + 1)
  return (
    path +
    (search === undefined ? '' : `?${maskPairs(m, search, `${where} query`)}`) +
    (fragment === undefined ? '' : `#${maskPairs(m, fragment, `${where} fragment`)}`)
  )
}

function maskJson(m: Masker, value: unknown, where: string): unknown {
  if (Array.isArray(value)) return value.map((v) => maskJson(m, v, where))
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      typeof v === 'string' ? (maskParam(m, k, v, where) ?? v) : maskJson(m, v, where),
    ]),
  )
}

/**
 * `Basic` shows the client_id and hides the secret; `Bearer` is a credential; any other scheme is
 * hidden whole.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 */
function maskAuthorization(m: Masker, value: string): string {
  const [scheme = '', credentials = ''] = value.trim().split(/\s+/, 2)
  if (credentials !== '') m.seen.add(credentials)
  if (/^basic$/i.test(scheme)) {
    let decoded = ''
    try {
      decoded = Buffer.from(credentials, 'base64').toString('utf8')
    } catch {
      // Shown as hidden below.
    }
    const colon = decoded.indexOf(':')
    if (colon < 0) return `${scheme} ${hidden}`
    maskSecret(m, decode(decoded.slice(colon + 1)))
    return `${scheme} ${hidden} (client_id ${JSON.stringify(decode(decoded.slice(0, colon)))}, secret hidden)`
  }
  if (/^(bearer|dpop)$/i.test(scheme))
    return `${scheme} ${maskCredential(m, credentials, 'Authorization header')}`
  return `${scheme} ${hidden}`
}

/** `a=1; b=2` (Cookie) or `a=1; Path=/; HttpOnly` (Set-Cookie): cookie values are session credentials. */
function maskCookies(m: Masker, value: string, setCookie: boolean): string {
  const parts = value.split(';')
  const masked = (setCookie ? parts.slice(0, 1) : parts).map((pair) => {
    const eq = pair.indexOf('=')
    if (eq < 0) return pair
    const cookieValue = pair.slice(eq + 1).trim()
    if (cookieValue === '') return pair
    m.seen.add(cookieValue)
    return `${pair.slice(0, eq)}=${cookieValue.slice(0, 4)}… (${cookieValue.length} chars)`
  })
  return [...masked, ...(setCookie ? parts.slice(1) : [])].join(';')
}

function maskHeaders(m: Masker, headers: HeaderList): HeaderList {
  return headers.map(([name, value]) => {
    const lower = name.toLowerCase()
    if (lower === 'authorization' || lower === 'proxy-authorization')
      return [name, maskAuthorization(m, value)] as const
    if (lower === 'cookie') return [name, maskCookies(m, value, false)] as const
    if (lower === 'set-cookie') return [name, maskCookies(m, value, true)] as const
    if (lower === 'location') return [name, maskUrl(m, value, 'Location')] as const
    if (lower === 'x-grantscope-token') return [name, maskSecret(m, value)] as const
    return [name, value] as const
  })
}

function maskBody(m: Masker, body: string, contentType: string | undefined, side: string): string {
  if (body === '') return body
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  if (type === 'application/x-www-form-urlencoded') return cap(maskPairs(m, body, side))
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      return cap(JSON.stringify(maskJson(m, JSON.parse(body), side), null, 2))
    } catch {
      return `[${body.length} bytes of malformed JSON, not shown]`
    }
  }
  if (type === 'text/html') return `[HTML page, ${body.length} bytes — the browser shows it]`
  if (type === 'text/plain') return cap(body)
  return `[${body.length} bytes of ${type || 'an unnamed type'}, not shown]`
}

const cap = (text: string): string =>
  text.length <= bodyLimit
    ? text
    : `${text.slice(0, bodyLimit)}… [${text.length - bodyLimit} more characters]`

/** Replaces every secret met in the headers and bodies wherever it appears in free text. */
function scrub(m: Masker, text: string): string {
  let out = text
  for (const secret of m.seen) {
    if (secret.length >= 4 && out.includes(secret)) out = out.split(secret).join(hidden)
  }
  return out
}

/**
 * What the server console may show of an exchange: method, URL, status, headers, bodies and the
 * server's trace, with every secret replaced (see `secretNames` and `credentialNames`) and every
 * JWT decoded. Nothing secret survives in any field, including the trace's free text.
 */
export function maskExchange(raw: RawExchange, id: number): ConsoleEntry {
  const m: Masker = { tokens: [], seen: new Set() }
  const listed: HeaderList = [...raw.request.headers]
  const requestHeaders = maskHeaders(m, listed)
  const requestBody =
    raw.request.body === undefined
      ? undefined
      : maskBody(m, raw.request.body, header(listed, 'content-type'), 'request')
  const url = maskUrl(m, raw.request.url, 'request')
  const responseHeaders = maskHeaders(m, raw.response.headers)
  const responseBody = maskBody(
    m,
    raw.response.body,
    header(raw.response.headers, 'content-type'),
    'response',
  )
  const trace = raw.trace.map((entry) => ({
    ...entry,
    summary: scrub(m, entry.summary),
    ...(entry.detail === undefined ? {} : { detail: scrub(m, entry.detail) }),
  }))
  return {
    id,
    at: raw.at,
    via: raw.via,
    durationMs: raw.durationMs,
    request: {
      method: raw.request.method,
      url: scrub(m, url),
      headers: requestHeaders,
      ...(requestBody === undefined ? {} : { body: scrub(m, requestBody) }),
    },
    response: {
      status: raw.response.status,
      statusText: raw.response.statusText,
      headers: responseHeaders,
      body: scrub(m, responseBody),
    },
    trace,
    tokens: m.tokens,
  }
}
