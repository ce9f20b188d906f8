import { base64urlEncode, randomToken } from './base64url.ts'

/** unreserved characters, 43–128 long (RFC 7636 §4.1). */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/

export function isValidCodeVerifier(verifier: string): boolean {
  return VERIFIER.test(verifier)
}

/** Same grammar as the verifier (RFC 7636 §4.2: an S256 challenge is 43 characters). */
export function isValidCodeChallenge(challenge: string): boolean {
  return VERIFIER.test(challenge)
}

/**
 * A high-entropy code verifier: 32 random octets, base64url-encoded to 43 characters.
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.1
 */
export function generateCodeVerifier(random?: (n: number) => Uint8Array): string {
  return randomToken(32, random)
}

/**
 * code_challenge = BASE64URL-ENCODE(SHA256(ASCII(code_verifier))).
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.2
 */
export async function computeS256Challenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))
  return base64urlEncode(new Uint8Array(digest))
}

/** Constant-time string comparison, for secrets, PKCE and codes. */
export function timingSafeEqual(a: string, b: string): boolean {
  const x = utf8.encode(a)
  const y = utf8.encode(b)
  const length = Math.max(x.length, y.length)
  let diff = x.length ^ y.length
  for (let i = 0; i < length; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0)
  return diff === 0
}

const utf8 = new TextEncoder()
