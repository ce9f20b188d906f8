import { importJWK, jwtVerify, SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { base64urlDecode } from './base64url.ts'
import { rsaKeyFromRandom } from './rsa-key-from-seed.ts'
import { seededRandom } from './seeded-random.ts'

describe('rsaKeyFromRandom', () => {
  const key = rsaKeyFromRandom(seededRandom('workshop', 'signing-key'))

  it('is the same key for the same seed, and another for another seed', () => {
    expect(rsaKeyFromRandom(seededRandom('workshop', 'signing-key'))).toEqual(key)
    expect(rsaKeyFromRandom(seededRandom('other', 'signing-key')).n).not.toBe(key.n)
  })

  it('is a 2048-bit RS256 key that WebCrypto accepts, signs with and verifies', async () => {
    expect(base64urlDecode(key.n)).toHaveLength(256)
    expect(key.e).toBe('AQAB')
    const privateKey = await importJWK({ ...key, alg: 'RS256' }, 'RS256')
    const publicKey = await importJWK({ kty: 'RSA', n: key.n, e: key.e, alg: 'RS256' }, 'RS256')
    const jwt = await new SignJWT({ sub: 'alice' }).setProtectedHeader({ alg: 'RS256' }).sign(privateKey)
    expect((await jwtVerify(jwt, publicKey)).payload.sub).toBe('alice')
  })
})
