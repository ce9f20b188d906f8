import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose'
import type { SigningAlgorithm } from '../protocol/server-policies.ts'

/** A key that signs ID tokens and JWT access tokens with one algorithm. */
export interface SigningKey {
  readonly kid: string
  readonly alg: SigningAlgorithm
  readonly privateKey: CryptoKey
  /** Public members only, with `kid`, `alg` and `use` — what `/as/jwks` publishes. */
  readonly publicJwk: JWK
}

/** The public members of each key type (RFC 7518 §6): nothing private is ever published. */
const publicMembers = (jwk: JWK): JWK => {
  if (jwk.kty === 'RSA') return { kty: jwk.kty, n: jwk.n, e: jwk.e } as JWK
  if (jwk.kty === 'EC') return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y } as JWK
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x } as JWK
}

async function toSigningKey(alg: SigningAlgorithm, privateKey: CryptoKey, publicJwk: JWK, kid?: string) {
  const members = publicMembers(publicJwk)
  const id = kid ?? (await calculateJwkThumbprint(members))
  return { kid: id, alg, privateKey, publicJwk: { ...members, kid: id, alg, use: 'sig' } }
}

async function fromPrivateJwk(privateJwk: JWK): Promise<SigningKey> {
  const key = await importJWK(privateJwk, 'RS256')
  if (key instanceof Uint8Array) throw new TypeError('signingKey must be an RSA private JWK')
  return toSigningKey('RS256', key, privateJwk, privateJwk.kid)
}

async function generate(alg: SigningAlgorithm): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, alg === 'EdDSA' ? { crv: 'Ed25519' } : {})
  return toSigningKey(alg, privateKey, await exportJWK(publicKey))
}

/**
 * The server's signing keys, one per algorithm, each made on first need (RSA key generation takes
 * a moment, and many requests never sign anything). The JWKS publishes every key made so far, so a
 * token signed before the algorithm setting changed still verifies. `kid` is the RFC 7638
 * thumbprint unless the fixed RS256 key names one.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#Signing
 */
export class KeyRing {
  private readonly pending = new Map<SigningAlgorithm, Promise<SigningKey>>()
  private readonly made: SigningKey[] = []

  constructor(private readonly fixed?: { privateJwk: JWK }) {}

  keyFor(alg: SigningAlgorithm): Promise<SigningKey> {
    let key = this.pending.get(alg)
    if (key === undefined) {
      key = (alg === 'RS256' && this.fixed ? fromPrivateJwk(this.fixed.privateJwk) : generate(alg)).then(
        (made) => {
          this.made.push(made)
          return made
        },
        (error: unknown) => {
          this.pending.delete(alg)
          throw error
        },
      )
      this.pending.set(alg, key)
    }
    return key
  }

  /** The public keys made so far, oldest first — what the JWKS publishes and tokens verify against. */
  publicJwks(): JWK[] {
    return this.made.map((k) => k.publicJwk)
  }
}

/** A fresh exportable private JWK with a `kid`, for tests and deterministic replays. */
export async function generatePrivateJwk(kid?: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true })
  const jwk = await exportJWK(privateKey)
  return { ...jwk, kid: kid ?? (await calculateJwkThumbprint(publicMembers(jwk))), alg: 'RS256' }
}
