import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { decodeJwt, looksLikeJwt, verifyJwtSignature } from './jwt.ts'

async function signed() {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true })
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }
  const token = await new SignJWT({ sub: 'alice' })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .sign(privateKey)
  return { token, jwks: { keys: [jwk] } }
}

describe('decodeJwt', () => {
  it('decodes header and payload', async () => {
    const { token } = await signed()
    const r = decodeJwt(token)
    expect(r.ok && r.value.header.kid).toBe('k1')
    expect(r.ok && r.value.payload.sub).toBe('alice')
  })

  it('explains what is wrong with a malformed token', () => {
    expect(decodeJwt('a.b')).toEqual({ ok: false, error: 'a JWS has 3 dot-separated parts; this has 2' })
    expect(decodeJwt('!!.e30.x')).toEqual({
      ok: false,
      error: 'the header is not valid base64url-encoded UTF-8',
    })
    expect(decodeJwt('bm90anNvbg.e30.x')).toEqual({ ok: false, error: 'the header is not JSON' })
    expect(decodeJwt('WzFd.e30.x')).toEqual({ ok: false, error: 'the header is not a JSON object' })
  })

  it('recognises JWT-shaped strings', () => {
    expect(looksLikeJwt('eyJh.eyJz.sig')).toBe(true)
    expect(looksLikeJwt('opaque-token')).toBe(false)
  })
})

describe('verifyJwtSignature', () => {
  it('accepts a token signed by a key in the set and rejects a tampered one', async () => {
    const { token, jwks } = await signed()
    expect(await verifyJwtSignature(token, jwks)).toEqual({ ok: true, value: { alg: 'RS256', kid: 'k1' } })
    const [h, , s] = token.split('.')
    const tampered = `${h}.${btoa('{"sub":"mallory"}').replace(/=+$/, '')}.${s}`
    const result = await verifyJwtSignature(tampered, jwks)
    expect(result.ok).toBe(false)
  })
})
