import { withSetCookies } from '@/protocol/cookie-jar.ts'

/**
 * A response as the server builds it: status, headers and body text, plain data. `handle()` turns
 * it into a Web `Response`; the Node adapter writes it to the socket as it is, since building a
 * Web `Response` — its body stream and the garbage it leaves — cost as much as a Web `Request`.
 */
export interface Reply {
  readonly status: number
  /** As a Web `Response` holds them: values trimmed of surrounding whitespace. */
  readonly headers: Readonly<Record<string, string>>
  /** null: no body (a redirect, 204). */
  readonly body: string | null
}

const token = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
const surroundingWhitespace = /^[\t\n\r ]+|[\t\n\r ]+$/g
// A byte string (no code unit above 0xFF) without NUL, CR or LF.
const invalidValue = /[\0\r\n]|[^\0-\xff]/
const nullBodyStatuses = new Set([101, 103, 204, 205, 304])

/**
 * A reply, refused exactly where `new Response()` would throw (a status outside 200–599, a body on
 * a null-body status, a header name or value that is not one), so a value that must never reach a
 * header — a CR or LF from a request echoed into a challenge — fails the same way on every adapter.
 * A body without a Content-Type gets the one a Response gives a string body.
 * @see https://fetch.spec.whatwg.org/#dom-response
 */
export function reply(status: number, headers: Readonly<Record<string, string>>, body: string | null): Reply {
  if (status < 200 || status > 599 || !Number.isInteger(status))
    throw new RangeError(`Response status ${status} is not in the range 200 to 599`)
  if (body !== null && nullBodyStatuses.has(status))
    throw new TypeError(`A response with status ${status} cannot have a body`)
  const { normalised, typed } = checkedHeaders(headers)
  if (body === null || typed) return { status, headers: normalised, body }
  return { status, headers: { ...normalised, 'Content-Type': 'text/plain;charset=UTF-8' }, body }
}

interface CheckedHeaders {
  readonly normalised: Readonly<Record<string, string>>
  /** Whether a Content-Type is among them. */
  readonly typed: boolean
}

/** Frozen header sets (constants) checked once: the same object in, the same checked object out. */
const checkedOnce = new WeakMap<object, CheckedHeaders>()

function checkedHeaders(headers: Readonly<Record<string, string>>): CheckedHeaders {
  const frozen = Object.isFrozen(headers)
  const known = frozen ? checkedOnce.get(headers) : undefined
  if (known !== undefined) return known
  const normalised: Record<string, string> = {}
  let typed = false
  for (const [name, raw] of Object.entries(headers)) {
    const value = raw.replace(surroundingWhitespace, '')
    if (!token.test(name)) throw new TypeError(`${name} is not a valid header name`)
    if (invalidValue.test(value)) throw new TypeError(`The value of ${name} is not a valid header value`)
    normalised[name] = value
    typed ||= name.toLowerCase() === 'content-type'
  }
  if (!frozen) return { normalised, typed }
  const checked = { normalised: Object.freeze(normalised), typed }
  checkedOnce.set(headers, checked)
  return checked
}

/**
 * The Web `Response` of a reply. A `Set-Cookie` also travels beside it: a Response built in a
 * browser drops that header, and the simulated browser reads it from there (`cookie-jar.ts`).
 */
export function toResponse({ status, headers, body }: Reply): Response {
  const response = new Response(body, { status, headers })
  const cookies = Object.entries(headers)
    .filter(([name]) => name.toLowerCase() === 'set-cookie')
    .map(([, value]) => value)
  return withSetCookies(response, cookies)
}
