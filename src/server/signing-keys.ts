import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose'

/** The RS256 key that signs ID tokens and JWT access tokens. */
export interface SigningKey {
  readonly kid: string
  readonly alg: 'RS256'
  readonly privateKey: CryptoKey
  /** Public members only, with `kid`, `alg` and `use` — what `/as/jwks` publishes. */
  readonly publicJwk: JWK
}

const publicMembers = (jwk: JWK): JWK => ({ kty: jwk.kty, n: jwk.n, e: jwk.e }) as JWK

async function fromPrivateJwk(privateJwk: JWK): Promise<SigningKey> {
  const key = await importJWK(privateJwk, 'RS256')
  if (key instanceof Uint8Array) throw new TypeError('signingKey must be an RSA private JWK')
  const publicJwk = publicMembers(privateJwk)
  const kid = privateJwk.kid ?? (await calculateJwkThumbprint(publicJwk))
  return { kid, alg: 'RS256', privateKey: key, publicJwk: { ...publicJwk, kid, alg: 'RS256', use: 'sig' } }
}

async function generate(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256')
  const publicJwk = publicMembers(await exportJWK(publicKey))
  const kid = await calculateJwkThumbprint(publicJwk)
  return { kid, alg: 'RS256', privateKey, publicJwk: { ...publicJwk, kid, alg: 'RS256', use: 'sig' } }
}

/**
 * Returns the signing key, importing the fixed one or generating one on first need (RSA key
 * generation takes a moment, and many requests never sign anything). `kid` is the RFC 7638 thumbprint
 * unless the fixed key names one.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#Signing
 */
export function createKeyProvider(fixed?: { privateJwk: JWK }): () => Promise<SigningKey> {
  let pending: Promise<SigningKey> | undefined
  return () => {
    pending ??= (fixed ? fromPrivateJwk(fixed.privateJwk) : generate()).catch((error: unknown) => {
      pending = undefined
      throw error
    })
    return pending
  }
}

/** A fresh exportable private JWK with a `kid`, for tests and deterministic replays. */
export async function generatePrivateJwk(kid?: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true })
  const jwk = await exportJWK(privateKey)
  return { ...jwk, kid: kid ?? (await calculateJwkThumbprint(publicMembers(jwk))), alg: 'RS256' }
}
