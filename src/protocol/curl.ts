import type { RecordedRequest } from './http-exchange.ts'

/** Quotes a word for a POSIX shell: single quotes, with `'` written as `'\''`. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`
}

/** Headers curl writes itself, or that only a browser may set. */
const skipped = new Set(['host', 'content-length', 'connection', 'accept-encoding', 'user-agent'])

/** The request's URL with its origin swapped for `origin` (a server with an address of its own). */
export function withOrigin(url: string, origin: string | undefined): string {
  if (origin === undefined) return url
  const parsed = new URL(url)
  return new URL(parsed.pathname + parsed.search + parsed.hash, origin).href
}

/**
 * The request as a curl command that sends the same bytes: method, headers and body verbatim.
 * `-i` prints the status line and headers too, as the inspector shows them; `-sS` drops the progress
 * meter but keeps errors. `origin` sends it to
 * another server (the `npm start` one) at the same path.
 * @see https://curl.se/docs/manpage.html
 */
export function curlCommand(request: RecordedRequest, origin?: string): string {
  const parts = ['curl -sS -i']
  const hasBody = request.body !== undefined && request.body !== ''
  if (request.method !== 'GET' && !(request.method === 'POST' && hasBody)) parts.push(`-X ${request.method}`)
  for (const [name, value] of request.headers) {
    if (skipped.has(name.toLowerCase())) continue
    parts.push(`-H ${shellQuote(`${name}: ${value}`)}`)
  }
  if (hasBody) parts.push(`--data-raw ${shellQuote(request.body ?? '')}`)
  parts.push(shellQuote(withOrigin(request.url, origin)))
  return parts.join(' \\\n  ')
}
