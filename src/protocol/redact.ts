import type { HeaderList, HttpExchange, RecordedRequest, RecordedResponse } from './http-exchange.ts'

/** What stands in for a masked value: URL- and form-safe, and plainly not the value. */
export const masked = '********'

/** Values to mask wherever they appear: the demo users' passwords, the clients' secrets. */
export interface Redaction {
  readonly values: readonly string[]
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Masks each value as a whole word, also where it appears form- or percent-encoded. */
function maskText(text: string, values: readonly string[]): string {
  let out = text
  for (const value of values) {
    if (value === '') continue
    const forms = new Set([
      value,
      encodeURIComponent(value),
      new URLSearchParams({ v: value }).toString().slice(2),
      strictlyEncoded(value),
    ])
    for (const form of forms)
      out = out.replace(new RegExp(`(?<![\\w-])${escapeRegExp(form)}(?![\\w-])`, 'g'), masked)
  }
  return out
}

/** Every octet but letters and digits percent-encoded, as oauth4webapi sends Basic credentials. */
function strictlyEncoded(value: string): string {
  return [...new TextEncoder().encode(value)]
    .map((b) =>
      /[A-Za-z0-9]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase()}`,
    )
    .join('')
}

/**
 * `Basic base64(id:secret)`, with the secret masked inside the base64 too. Each part is
 * form-urlencoded before encoding (RFC 6749 §2.3.1), so the secret is compared decoded.
 */
function maskAuthorization(value: string, values: readonly string[]): string {
  const [scheme = '', credentials = ''] = value.split(' ')
  if (scheme.toLowerCase() !== 'basic') return value
  try {
    const decoded = atob(credentials)
    const colon = decoded.indexOf(':')
    if (colon < 0) return value
    const secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '))
    const maskedSecret = maskText(secret, values)
    if (maskedSecret === secret) return value
    return `${scheme} ${btoa(decoded.slice(0, colon + 1) + maskedSecret)}`
  } catch {
    return value
  }
}

function maskHeaders(headers: HeaderList, values: readonly string[]): HeaderList {
  return headers.map(([name, value]) => [
    name,
    name.toLowerCase() === 'authorization' ? maskAuthorization(value, values) : maskText(value, values),
  ])
}

function maskRequest(request: RecordedRequest, values: readonly string[]): RecordedRequest {
  return {
    ...request,
    url: maskText(request.url, values),
    headers: maskHeaders(request.headers, values),
    ...(request.body === undefined ? {} : { body: maskText(request.body, values) }),
  }
}

function maskResponse(response: RecordedResponse, values: readonly string[]): RecordedResponse {
  return {
    ...response,
    headers: maskHeaders(response.headers, values),
    body: maskText(response.body, values),
  }
}

/**
 * The exchange with every listed value masked — in URLs, headers (inside HTTP Basic credentials
 * too), bodies and the server's trace — for exports that leave the page (research §4.1: redact
 * secrets in any exported artefact).
 */
export function redactExchange(exchange: HttpExchange, redaction: Redaction): HttpExchange {
  const { values } = redaction
  if (values.length === 0) return exchange
  return {
    ...exchange,
    request: maskRequest(exchange.request, values),
    ...(exchange.response === undefined ? {} : { response: maskResponse(exchange.response, values) }),
    trace: exchange.trace.map((entry) => ({
      ...entry,
      summary: maskText(entry.summary, values),
      ...(entry.detail === undefined ? {} : { detail: maskText(entry.detail, values) }),
    })),
  }
}

/** Masks the values in any text (a URL the client prepared, a label). */
export const redactText = (text: string, redaction: Redaction): string => maskText(text, redaction.values)
