import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, SignJWT, type JSONWebKeySet } from 'jose'
import { describe, expect, it } from 'vitest'
import { signingAlgorithms } from '../protocol/server-policies.ts'
import { createMockServer } from '../server/index.ts'
import { KeyRing } from '../server/signing-keys.ts'
import { signJwt, webCryptoSigner } from '../server/tokens/sign-jwt.ts'
import { nodeJwsSigner } from './node-signer.ts'

const origin = 'http://localhost:8080'
const claims = {
  client_id: 'service',
  scope: 'movies.read',
  iss: `${origin}/as`,
  sub: 'service',
  iat: 1_800_000_000,
  exp: 1_800_000_300,
  jti: 'j1',
}
const segments = (token: string) => token.split('.').slice(0, 2).join('.')

describe('nodeJwsSigner', () => {
  it.each(signingAlgorithms)('%s: the same token as WebCrypto and jose, and it verifies', async (alg) => {
    const key = await new KeyRing().keyFor(alg)
    const fromNode = await signJwt(key, 'at+jwt', claims, nodeJwsSigner)
    const fromWebCrypto = await signJwt(key, 'at+jwt', claims, webCryptoSigner)
    const fromJose = await new SignJWT(claims)
      .setProtectedHeader({ alg, kid: key.kid, typ: 'at+jwt' })
      .sign(key.privateKey)
    expect(segments(fromNode)).toBe(segments(fromJose))
    expect(segments(fromWebCrypto)).toBe(segments(fromJose))
    const keys = createLocalJWKSet({ keys: [key.publicJwk] })
    const currentDate = new Date(1_800_000_100_000)
    for (const token of [fromNode, fromWebCrypto]) {
      const { payload } = await jwtVerify(token, keys, { typ: 'at+jwt', currentDate })
      expect(payload).toEqual(claims)
    }
  })

  it.each(signingAlgorithms)(
    '%s: the Node server issues access tokens that verify with its JWKS',
    async (alg) => {
      const server = createMockServer({ origin, signer: nodeJwsSigner, policies: { signingAlgorithm: alg } })
      const { response } = await server.handle(
        new Request(`${origin}/as/token`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            authorization: `Basic ${btoa('service:service-secret')}`,
          },
          body: 'grant_type=client_credentials&scope=movies.read',
        }),
      )
      expect(response.status).toBe(200)
      const token = String(((await response.json()) as Record<string, unknown>)['access_token'])
      const jwks = (await (await server.fetch(new Request(`${origin}/as/jwks`))).json()) as JSONWebKeySet
      const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), {
        typ: 'at+jwt',
        issuer: `${origin}/as`,
        audience: `${origin}/rs`,
      })
      expect(decodeProtectedHeader(token).alg).toBe(alg)
      expect(Object.keys(payload)).toEqual(['client_id', 'scope', 'iss', 'sub', 'aud', 'iat', 'exp', 'jti'])
      expect(payload).toMatchObject({ client_id: 'service', sub: 'service', scope: 'movies.read' })
    },
  )
})
