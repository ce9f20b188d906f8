const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/**
 * base64url without padding (RFC 4648 §5), as JOSE and PKCE use it. Six bits at a time from a
 * table: no binary string, no btoa and no replacing afterwards — every JWT the server signs is
 * encoded three times, and this took a few per cent of a token request.
 */
export function base64urlEncode(bytes: Uint8Array): string {
  let text = ''
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const bits = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
    text +=
      alphabet[bits >> 18]! +
      alphabet[(bits >> 12) & 63]! +
      alphabet[(bits >> 6) & 63]! +
      alphabet[bits & 63]!
  }
  if (i < bytes.length) {
    const two = i + 1 < bytes.length
    const bits = (bytes[i]! << 16) | (two ? bytes[i + 1]! << 8 : 0)
    text += alphabet[bits >> 18]! + alphabet[(bits >> 12) & 63]! + (two ? alphabet[(bits >> 6) & 63]! : '')
  }
  return text
}

export function base64urlDecode(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new TypeError('not base64url: unexpected character')
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4)
  const binary = atob(padded)
  return Uint8Array.from(binary, (c) => c.charCodeAt(0))
}

export function randomToken(bytes = 32, random: (n: number) => Uint8Array = randomBytes): string {
  return base64urlEncode(random(bytes))
}

export function randomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n))
}
