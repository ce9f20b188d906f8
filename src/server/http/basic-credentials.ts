import { binaryOctets } from '../../protocol/base64url.ts'

export interface BasicCredentials {
  readonly clientId: string
  readonly clientSecret: string
}

/** Refuses bytes that are not UTF-8; stateless between calls (no `stream`), so one serves every request. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * Parses `Authorization: Basic …` client credentials. "The client identifier is encoded using the
 * application/x-www-form-urlencoded encoding algorithm per Appendix B, and the encoded value is
 * used as the username; the client password is encoded using the same algorithm" — so each part
 * is form-url-decoded after base64 decoding, and `:`, `+`, `%` or non-ASCII secrets work.
 * Returns undefined when the header is not well-formed Basic credentials.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 */
export function parseBasicCredentials(header: string): BasicCredentials | undefined {
  const match = /^basic +([A-Za-z0-9+/]+=*) *$/i.exec(header)
  const encoded = match?.[1]
  if (encoded === undefined) return undefined
  try {
    const bytes = binaryOctets(atob(encoded))
    const decoded = strictUtf8.decode(bytes)
    const colon = decoded.indexOf(':')
    if (colon < 0) return undefined
    return {
      clientId: formDecode(decoded.slice(0, colon)),
      clientSecret: formDecode(decoded.slice(colon + 1)),
    }
  } catch {
    return undefined
  }
}

/** application/x-www-form-urlencoded decoding of one value: `+` is a space, then percent-decoding. */
export function formDecode(value: string): string {
  // Most client ids and secrets have nothing to decode.
  if (!value.includes('+') && !value.includes('%')) return value
  return decodeURIComponent(value.replace(/\+/g, ' '))
}

/** The matching encoder, as a client must use it (RFC 6749 Appendix B). */
export function formEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/%20/g, '+')
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

export function basicAuthorization(clientId: string, clientSecret: string): string {
  const text = `${formEncode(clientId)}:${formEncode(clientSecret)}`
  return `Basic ${btoa(text)}`
}
