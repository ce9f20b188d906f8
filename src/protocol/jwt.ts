import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose'
import { base64urlDecode, base64urlEncode } from './base64url.ts'

export interface DecodedJwt {
  readonly header: Readonly<Record<string, unknown>>
  readonly payload: Readonly<Record<string, unknown>>
  /** The three base64url segments as received, for display. */
  readonly segments: readonly [header: string, payload: string, signature: string]
}

export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string }

/** Larger tokens are refused before parsing, so a hostile provider cannot stall the UI. */
const MAX_JWT_LENGTH = 64 * 1024

function decodeSegment(segment: string, name: string): Record<string, unknown> {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(base64urlDecode(segment))
  } catch {
    throw new Error(`the ${name} is not valid base64url-encoded UTF-8`)
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new Error(`the ${name} is not JSON`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`the ${name} is not a JSON object`)
  return value as Record<string, unknown>
}

/**
 * Decodes a compact JWS without verifying it — never executes or trusts anything in it.
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-5.2
 */
export function decodeJwt(token: string): Result<DecodedJwt> {
  if (token.length > MAX_JWT_LENGTH)
    return { ok: false, error: `token is longer than ${MAX_JWT_LENGTH} characters` }
  const parts = token.split('.')
  if (parts.length !== 3)
    return { ok: false, error: `a JWS has 3 dot-separated parts; this has ${parts.length}` }
  const [h, p, s] = parts as [string, string, string]
  try {
    return {
      ok: true,
      value: {
        header: decodeSegment(h, 'header'),
        payload: decodeSegment(p, 'payload'),
        segments: [h, p, s],
      },
    }
  } catch (e) {
    return { ok: false, error: (e as Error).message }
  }
}

/** Whether a string looks like a compact JWS (three base64url parts), so the UI can offer to decode it. */
export function looksLikeJwt(value: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(value)
}

export interface SignatureCheck {
  readonly alg: string
  readonly kid?: string
}

/**
 * Verifies the JWS signature against a JWK Set (the key is chosen by `kid` and `alg`).
 * `alg: none` and algorithms outside `allowedAlgs` are refused.
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-5.2
 */
export async function verifyJwtSignature(
  token: string,
  jwks: JSONWebKeySet,
  allowedAlgs: readonly string[] = ['RS256', 'ES256', 'PS256', 'EdDSA'],
): Promise<Result<SignatureCheck>> {
  try {
    const { protectedHeader } = await compactVerify(token, createLocalJWKSet(jwks), {
      algorithms: [...allowedAlgs],
    })
    return {
      ok: true,
      value: {
        alg: protectedHeader.alg,
        ...(protectedHeader.kid === undefined ? {} : { kid: protectedHeader.kid }),
      },
    }
  } catch (e) {
    return { ok: false, error: (e as Error).message }
  }
}

/** The hash of at_hash for a JWS algorithm: SHA-2 of the alg's size; Ed25519 (EdDSA) uses SHA-512. */
function hashOf(alg: string): 'SHA-256' | 'SHA-384' | 'SHA-512' {
  if (alg === 'EdDSA' || alg === 'Ed25519' || alg.endsWith('512')) return 'SHA-512'
  return alg.endsWith('384') ? 'SHA-384' : 'SHA-256'
}

/**
 * at_hash (and c_hash): base64url of the left half of the hash of the ASCII value, "where the hash
 * algorithm used is the hash algorithm used in the alg Header Parameter of the ID Token's JOSE
 * Header" — SHA-256 for RS256, ES256, PS256; SHA-512 for EdDSA with Ed25519.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#CodeIDToken
 */
export async function atHash(value: string, alg = 'RS256'): Promise<string> {
  const bytes = new TextEncoder().encode(value)
  const digest = new Uint8Array(await crypto.subtle.digest(hashOf(alg), bytes))
  return base64urlEncode(digest.slice(0, digest.length / 2))
}
