import { beforeEach, describe, expect, it } from 'vitest'
import { basicAuthorization } from '../http/basic-credentials.ts'
import {
  bearerGet,
  createTestServer,
  entriesOf,
  json,
  outcomeOf,
  postForm,
  redeemSpaCode,
  spaCode,
  testIssuer,
  type TestServer,
} from '../test-utils.ts'

let t: TestServer
beforeEach(async () => {
  t = await createTestServer()
})

const asLegacyApp = { authorization: basicAuthorization('legacy-app', 'legacy-app-secret') }
const asService = { authorization: basicAuthorization('service', 'service-secret') }

/** legacy-app's tokens for alice (password grant): an access token and a refresh token of one grant. */
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

const revoke = (body: Record<string, string>, headers: Record<string, string> = asLegacyApp) =>
  postForm(t.server, '/as/revoke', body, headers)

const refreshWith = (refreshToken: string) =>
  postForm(t.server, '/as/token', { grant_type: 'refresh_token', refresh_token: refreshToken }, asLegacyApp)

async function expectEmpty200(traced: Awaited<ReturnType<typeof postForm>>) {
  expect(traced.response.status).toBe(200)
  expect(traced.response.headers.get('cache-control')).toBe('no-store')
  expect(traced.response.headers.get('access-control-allow-origin')).toBe('*')
  expect(await traced.response.clone().text()).toBe('')
}

describe('revocation endpoint (RFC 7009)', () => {
  it('revoking a refresh token revokes its grant: the refresh token and the access tokens stop working', async () => {
    const { access, refresh } = await legacyTokens()
    const traced = await revoke({ token: refresh, token_type_hint: 'refresh_token' })
    await expectEmpty200(traced)
    expect(entriesOf(traced, 'revoke-token')[0]).toMatchObject({
      outcome: 'pass',
      summary:
        'Revoked the refresh token and, with it, its whole grant: every access token issued from it stops working too',
    })
    const refreshed = await refreshWith(refresh)
    expect(await json(refreshed)).toEqual({
      error: 'invalid_grant',
      error_description: 'The refresh token was revoked',
    })
    expect(outcomeOf(refreshed, 'check-refresh-token')).toBe('fail')
    const me = await bearerGet(t.server, '/rs/me', access)
    expect(me.response.status).toBe(401)
    expect((await json(me))['error_description']).toBe('The access token was revoked')
  })

  it('revoking an access token kills that token only; its refresh token keeps working', async () => {
    const { access, refresh } = await legacyTokens()
    const traced = await revoke({ token: access, token_type_hint: 'access_token' })
    await expectEmpty200(traced)
    const me = await bearerGet(t.server, '/rs/me', access)
    expect(me.response.status).toBe(401)
    expect(me.response.headers.get('www-authenticate')).toContain('error="invalid_token"')
    expect(entriesOf(me, 'check-access-token')[0]?.summary).toBe(
      'Access token revoked at 11:00:00: legacy-app revoked it at 11:00:00',
    )
    expect((await refreshWith(refresh)).response.status).toBe(200)
  })

  it.each([
    ['a wrong hint', 'refresh_token'],
    ['an unknown hint', 'id_token'],
  ])('%s is only a hint: the token is still found and revoked', async (_label, hint) => {
    const { access } = await legacyTokens()
    const traced = await revoke({ token: access, token_type_hint: hint })
    await expectEmpty200(traced)
    expect(outcomeOf(traced, 'revoke-token')).toBe('pass')
    expect((await bearerGet(t.server, '/rs/me', access)).response.status).toBe(401)
  })

  it('a public client revokes its own refresh token by client_id alone', async () => {
    const tokens = await json(await redeemSpaCode(t.server, await spaCode(t.server)))
    const traced = await revoke({ token: String(tokens['refresh_token']), client_id: 'spa' }, {})
    await expectEmpty200(traced)
    expect(outcomeOf(traced, 'revoke-token')).toBe('pass')
    const refreshed = await postForm(t.server, '/as/token', {
      grant_type: 'refresh_token',
      client_id: 'spa',
      refresh_token: String(tokens['refresh_token']),
    })
    expect(refreshed.response.status).toBe(400)
  })

  it('an already rotated refresh token is not active: revoking it changes nothing', async () => {
    const first = await json(await redeemSpaCode(t.server, await spaCode(t.server)))
    const refresh = (token: unknown) =>
      postForm(t.server, '/as/token', {
        grant_type: 'refresh_token',
        client_id: 'spa',
        refresh_token: String(token),
      })
    const second = await json(await refresh(first['refresh_token']))
    const traced = await revoke({ token: String(first['refresh_token']), client_id: 'spa' }, {})
    await expectEmpty200(traced)
    expect(entriesOf(traced, 'revoke-token')[0]?.summary).toContain(
      'that was exchanged (rotated) at 11:00:00',
    )
    expect((await refresh(second['refresh_token'])).response.status).toBe(200)
  })

  it('an app-only token (client credentials) can be revoked too', async () => {
    const body = await json(
      await postForm(t.server, '/as/token', { grant_type: 'client_credentials' }, asService),
    )
    const token = String(body['access_token'])
    await expectEmpty200(await revoke({ token }, asService))
    expect((await bearerGet(t.server, '/rs/movies', token)).response.status).toBe(401)
  })

  it.each([
    ['garbage', () => Promise.resolve('not-a-token')],
    ['a JWT from nowhere', () => Promise.resolve('eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.')],
    [
      'an expired access token',
      async () => {
        const { access } = await legacyTokens()
        t.clock.advance(3600)
        return access
      },
    ],
  ])('%s → 200, nothing revoked', async (_label, token) => {
    const traced = await revoke({ token: await token() })
    await expectEmpty200(traced)
    expect(outcomeOf(traced, 'revoke-token')).toBe('info')
    expect(entriesOf(traced, 'revoke-token')[0]?.summary).toMatch(/^Nothing to revoke — /)
  })

  it("another client's token is not revoked, answered exactly like an unknown one; the trace says why", async () => {
    const { access, refresh } = await legacyTokens()
    const unknown = await revoke({ token: 'unknown-token' }, asService)
    for (const token of [refresh, access]) {
      const traced = await revoke({ token }, asService)
      await expectEmpty200(traced)
      expect([...traced.response.headers]).toEqual([...unknown.response.headers])
      expect(entriesOf(traced, 'revoke-token')[0]).toMatchObject({ outcome: 'fail' })
      expect(entriesOf(traced, 'revoke-token')[0]?.summary).toMatch(
        /^Not revoked: this (refresh|access) token was issued to legacy-app, not service\./,
      )
    }
    expect((await refreshWith(refresh)).response.status).toBe(200)
    expect((await bearerGet(t.server, '/rs/me', access)).response.status).toBe(200)
  })

  it('token missing → 400 invalid_request', async () => {
    const traced = await revoke({ token_type_hint: 'access_token' })
    expect(traced.response.status).toBe(400)
    expect(await json(traced)).toEqual({ error: 'invalid_request', error_description: 'token is missing' })
    expect(outcomeOf(traced, 'check-token-param')).toBe('fail')
  })

  it('a confidential client must authenticate: 401 invalid_client', async () => {
    for (const [body, headers] of [
      [{ token: 'x', client_id: 'legacy-app' }, {}],
      [{ token: 'x' }, { authorization: basicAuthorization('legacy-app', 'wrong') }],
    ] as const) {
      const traced = await revoke(body, headers)
      expect(traced.response.status).toBe(401)
      expect((await json(traced))['error']).toBe('invalid_client')
      expect(traced.response.headers.get('www-authenticate')).toMatch(/^Basic /)
      expect(outcomeOf(traced, 'check-client-authentication')).toBe('fail')
    }
  })

  it('is POST only, with CORS like /token', async () => {
    const get = await t.server.handle(new Request(`${testIssuer}/revoke`))
    expect(get.response.status).toBe(405)
    const preflight = await t.server.handle(new Request(`${testIssuer}/revoke`, { method: 'OPTIONS' }))
    expect(preflight.response.status).toBe(204)
  })
})
