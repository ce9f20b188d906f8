import { beforeEach, describe, expect, it } from 'vitest'
import { basicAuthorization } from '../http/basic-credentials.ts'
import {
  createTestServer,
  entriesOf,
  json,
  outcomeOf,
  postForm,
  testIssuer,
  testOrigin,
  type TestServer,
} from '../test-utils.ts'

let t: TestServer
beforeEach(async () => {
  t = await createTestServer()
})

const asLegacyApp = { authorization: basicAuthorization('legacy-app', 'legacy-app-secret') }
const asService = { authorization: basicAuthorization('service', 'service-secret') }
const now = () => t.clock.now / 1000

async function legacyTokens(): Promise<{ access: string; refresh: string }> {
  const body = await json(
    await postForm(
      t.server,
      '/as/token',
      { grant_type: 'password', username: 'alice', password: 'wonderland', scope: 'profile friends.read' },
      asLegacyApp,
    ),
  )
  return { access: String(body['access_token']), refresh: String(body['refresh_token']) }
}

const introspect = (body: Record<string, string>, headers: Record<string, string> = asLegacyApp) =>
  postForm(t.server, '/as/introspect', body, headers)

async function expectInactive(traced: Awaited<ReturnType<typeof postForm>>) {
  expect(traced.response.status).toBe(200)
  expect(traced.response.headers.get('cache-control')).toBe('no-store')
  expect(await json(traced)).toStrictEqual({ active: false })
}

describe('introspection endpoint (RFC 7662)', () => {
  it('an active access token: the RFC 7662 members, username because there is a user', async () => {
    const { access } = await legacyTokens()
    const traced = await introspect({ token: access })
    expect(traced.response.status).toBe(200)
    expect(traced.response.headers.get('cache-control')).toBe('no-store')
    expect(traced.response.headers.get('access-control-allow-origin')).toBe('*')
    expect(await json(traced)).toStrictEqual({
      active: true,
      scope: 'profile friends.read',
      client_id: 'legacy-app',
      sub: 'alice-1865',
      exp: now() + 3600,
      iat: now(),
      iss: testIssuer,
      aud: `${testOrigin}/rs`,
      token_type: 'Bearer',
      username: 'alice',
    })
    expect(outcomeOf(traced, 'introspect-token')).toBe('pass')
  })

  it('an active refresh token: token_type refresh_token', async () => {
    const { refresh } = await legacyTokens()
    const traced = await introspect({ token: refresh, token_type_hint: 'refresh_token' })
    expect(await json(traced)).toStrictEqual({
      active: true,
      scope: 'profile friends.read',
      client_id: 'legacy-app',
      sub: 'alice-1865',
      exp: now() + 14 * 24 * 3600,
      iat: now(),
      iss: testIssuer,
      aud: testIssuer,
      token_type: 'refresh_token',
      username: 'alice',
    })
  })

  it('an app-only token: sub is the client, no username', async () => {
    const body = await json(
      await postForm(t.server, '/as/token', { grant_type: 'client_credentials' }, asService),
    )
    const traced = await introspect({ token: String(body['access_token']) }, asService)
    const result = await json(traced)
    expect(result).toMatchObject({ active: true, sub: 'service', client_id: 'service', scope: 'movies.read' })
    expect(result).not.toHaveProperty('username')
  })

  it('the hint is only a hint', async () => {
    const { access } = await legacyTokens()
    for (const hint of ['refresh_token', 'nonsense'])
      expect((await json(await introspect({ token: access, token_type_hint: hint })))['active']).toBe(true)
  })

  it("another client's active token → exactly {active: false}; the trace says whose it is", async () => {
    const { access } = await legacyTokens()
    const traced = await introspect({ token: access }, asService)
    await expectInactive(traced)
    expect(entriesOf(traced, 'introspect-token')[0]).toMatchObject({
      outcome: 'fail',
      summary:
        'This access token is active but was issued to legacy-app, not service: answered {"active": false}, exactly as for an unknown token',
    })
  })

  it('unknown, expired and revoked tokens → exactly {active: false}', async () => {
    await expectInactive(await introspect({ token: 'garbage' }))
    const { access, refresh } = await legacyTokens()
    await postForm(t.server, '/as/revoke', { token: refresh }, asLegacyApp)
    const revoked = await introspect({ token: refresh })
    await expectInactive(revoked)
    expect(entriesOf(revoked, 'introspect-token')[0]?.summary).toContain('revoked at 11:00:00')
    await expectInactive(await introspect({ token: access }))
    const fresh = await legacyTokens()
    t.clock.advance(3600)
    const expired = await introspect({ token: fresh.access })
    await expectInactive(expired)
    expect(entriesOf(expired, 'introspect-token')[0]?.summary).toContain(
      'The access token expired at 12:00:00',
    )
  })

  it('no client authentication → 401 invalid_client (RFC 7662 §2.1)', async () => {
    const traced = await introspect({ token: 'x' }, {})
    expect(traced.response.status).toBe(401)
    expect(await json(traced)).toEqual({
      error: 'invalid_client',
      error_description: 'client_id is missing: send it in the body, or authenticate with HTTP Basic',
    })
    expect(traced.response.headers.get('www-authenticate')).toBe(
      `Basic realm="${testIssuer}", error="invalid_client"`,
    )
    expect(outcomeOf(traced, 'check-client-authentication')).toBe('fail')
  })

  it('a public client cannot introspect → 401 invalid_client', async () => {
    const traced = await introspect({ token: 'x', client_id: 'tv' }, {})
    expect(traced.response.status).toBe(401)
    expect(await json(traced)).toEqual({
      error: 'invalid_client',
      error_description:
        'tv is a public client: introspection needs client authentication, which it cannot do',
    })
    expect(outcomeOf(traced, 'check-confidential-client')).toBe('fail')
  })

  it('a wrong secret → 401 invalid_client', async () => {
    const traced = await introspect({ token: 'x' }, { authorization: basicAuthorization('service', 'nope') })
    expect(traced.response.status).toBe(401)
    expect((await json(traced))['error']).toBe('invalid_client')
  })

  it('token missing → 400 invalid_request', async () => {
    const traced = await introspect({})
    expect(traced.response.status).toBe(400)
    expect(await json(traced)).toEqual({ error: 'invalid_request', error_description: 'token is missing' })
    expect(outcomeOf(traced, 'check-token-param')).toBe('fail')
  })
})
