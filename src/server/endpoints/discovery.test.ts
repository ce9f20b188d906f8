import { describe, expect, it } from 'vitest'
import { createTestServer, json, outcomeOf, testIssuer, testOrigin } from '../test-utils.ts'

describe('discovery and keys', () => {
  it.each([
    `${testIssuer}/.well-known/openid-configuration`,
    `${testOrigin}/.well-known/oauth-authorization-server/as`,
  ])('serves the metadata at %s', async (url) => {
    const { server } = await createTestServer()
    const traced = await server.handle(new Request(url))
    expect(traced.response.status).toBe(200)
    expect(traced.response.headers.get('access-control-allow-origin')).toBe('*')
    const doc = await json(traced)
    expect(doc['issuer']).toBe('http://localhost:8080/as')
    expect(doc).toMatchObject({
      authorization_endpoint: `${testIssuer}/authorize`,
      token_endpoint: `${testIssuer}/token`,
      userinfo_endpoint: `${testIssuer}/userinfo`,
      jwks_uri: `${testIssuer}/jwks`,
      response_types_supported: ['code', 'token', 'id_token token', 'id_token'],
      response_modes_supported: ['query', 'fragment'],
      device_authorization_endpoint: `${testIssuer}/device_authorization`,
      revocation_endpoint: `${testIssuer}/revoke`,
      revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      introspection_endpoint: `${testIssuer}/introspect`,
      introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      grant_types_supported: [
        'authorization_code',
        'refresh_token',
        'client_credentials',
        'password',
        'urn:ietf:params:oauth:grant-type:device_code',
        'implicit',
      ],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      id_token_signing_alg_values_supported: ['RS256', 'ES256', 'EdDSA'],
      registration_endpoint: `${testIssuer}/register`,
      subject_types_supported: ['public'],
      authorization_response_iss_parameter_supported: true,
    })
    expect(doc['scopes_supported']).toEqual([
      'openid',
      'profile',
      'email',
      'offline_access',
      'friends.read',
      'movies.read',
    ])
    expect(doc['claims_supported']).toContain('email_verified')
    expect(outcomeOf(traced, 'serve-metadata')).toBe('pass')
  })

  it('advertises plain PKCE only when the policy allows it', async () => {
    const { server } = await createTestServer({ policies: { allowPlainPkce: true } })
    const doc = await json(await server.handle(new Request(`${testIssuer}/.well-known/openid-configuration`)))
    expect(doc['code_challenge_methods_supported']).toEqual(['S256', 'plain'])
  })

  it('serves each document afresh once a setting changes or a key is made, not a stale copy', async () => {
    const { server } = await createTestServer()
    const get = async (path: string) => json(await server.handle(new Request(`${testIssuer}${path}`)))
    const discovery = '/.well-known/openid-configuration'
    expect((await get(discovery))['code_challenge_methods_supported']).toEqual(['S256'])
    expect(((await get('/jwks'))['keys'] as unknown[]).length).toBe(1)
    server.setPolicies({ allowPlainPkce: true, signingAlgorithm: 'ES256' })
    const doc = await get(discovery)
    expect(doc['code_challenge_methods_supported']).toEqual(['S256', 'plain'])
    expect((doc['id_token_signing_alg_values_supported'] as string[])[0]).toBe('ES256')
    const keys = (await get('/jwks'))['keys'] as { alg: string }[]
    expect(keys.map((k) => k.alg)).toEqual(['RS256', 'ES256'])
    server.resetPolicies()
    expect((await get(discovery))['code_challenge_methods_supported']).toEqual(['S256'])
  })

  it('publishes the public key only, with kid, alg and use', async () => {
    const { server } = await createTestServer({ signingKey: 'generate' })
    const traced = await server.handle(new Request(`${testIssuer}/jwks`))
    const { keys } = (await json(traced)) as { keys: Record<string, unknown>[] }
    expect(keys).toHaveLength(1)
    expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' })
    expect(keys[0]?.['kid']).toMatch(/^[A-Za-z0-9_-]{43}$/)
    for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(keys[0]).not.toHaveProperty(member)
    expect(traced.response.headers.get('access-control-allow-origin')).toBe('*')
  })

  it('never throws out of handle(): a broken key becomes a server_error, without a stack', async () => {
    const { server } = await createTestServer({ signingKey: { privateJwk: { kty: 'RSA', n: 'bad' } } })
    const traced = await server.handle(new Request(`${testIssuer}/jwks`))
    expect(traced.response.status).toBe(500)
    const body = await json(traced)
    expect(body['error']).toBe('server_error')
    expect(JSON.stringify(body)).not.toContain('    at ')
    expect(outcomeOf(traced, 'server-error')).toBe('fail')
  })
})
