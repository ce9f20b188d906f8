const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

const codes = Uint8Array.from(alphabet, (c) => c.charCodeAt(0))
const ascii = new TextDecoder()

/** The length of `byteLength` octets in base64url without padding: 4 characters per 3 octets. */
export function base64urlLength(byteLength: number): number {
  const rest = byteLength % 3
  return Math.floor(byteLength / 3) * 4 + (rest === 0 ? 0 : rest + 1)
}

/**
 * Writes `bytes` as base64url without padding (RFC 4648 §5) into `out` from `at`, as ASCII
 * octets, and returns where it stopped. Six bits at a time from a table, into one buffer: no
 * binary string, no btoa, no replacing afterwards and no string per character — every JWT the
 * server signs is encoded three times, and building the text a few characters at a time made
 * a quarter of the garbage of a token request.
 */
export function base64urlEncodeInto(bytes: Uint8Array, out: Uint8Array, at: number): number {
  let o = at
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const bits = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
    out[o++] = codes[bits >> 18]!
    out[o++] = codes[(bits >> 12) & 63]!
    out[o++] = codes[(bits >> 6) & 63]!
    out[o++] = codes[bits & 63]!
  }
  if (i < bytes.length) {
    const two = i + 1 < bytes.length
    const bits = (bytes[i]! << 16) | (two ? bytes[i + 1]! << 8 : 0)
    out[o++] = codes[bits >> 18]!
    out[o++] = codes[(bits >> 12) & 63]!
    if (two) out[o++] = codes[(bits >> 6) & 63]!
  }
  return o
}

/** ASCII octets (as `base64urlEncodeInto` writes them) as a string. */
export function asciiText(octets: Uint8Array): string {
  return ascii.decode(octets)
}

/** base64url without padding (RFC 4648 §5), as JOSE and PKCE use it. */
export function base64urlEncode(bytes: Uint8Array): string {
  const out = new Uint8Array(base64urlLength(bytes.length))
  base64urlEncodeInto(bytes, out, 0)
  return ascii.decode(out)
}

export function base64urlDecode(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new TypeError('not base64url: unexpected character')
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4)
  return binaryOctets(atob(padded))
}

/** The octets of a binary string (one char per octet, as `atob` gives), without an iterator per char. */
export function binaryOctets(binary: string): Uint8Array<ArrayBuffer> {
  const octets = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) octets[i] = binary.charCodeAt(i)
  return octets
}

export function randomToken(bytes = 32, random: (n: number) => Uint8Array = randomBytes): string {
  return base64urlEncode(random(bytes))
}

export function randomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n))
}
