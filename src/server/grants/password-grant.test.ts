import { decodeJwt } from 'jose'
import { beforeEach, describe, expect, it } from 'vitest'
import { basicAuthorization } from '../http/basic-credentials.ts'
import {
  authorizeUrl,
  createTestServer,
  entriesOf,
  json,
  outcomeOf,
  postForm,
  spaAuthorizeParams,
  TestBrowser,
  testIssuer,
  type TestServer,
} from '../test-utils.ts'

let t: TestServer
beforeEach(async () => {
  t = await createTestServer()
})

const asLegacyApp: Record<string, string> = {
  authorization: basicAuthorization('legacy-app', 'legacy-app-secret'),
}
const fullScope = 'openid profile friends.read movies.read'

const passwordGrant = (extra: Record<string, string> = {}, headers: Record<string, string> = asLegacyApp) =>
  postForm(
    t.server,
    '/as/token',
    { grant_type: 'password', username: 'alice', password: 'wonderland', scope: fullScope, ...extra },
    headers,
  )

async function expectError(
  traced: Awaited<ReturnType<typeof postForm>>,
  status: number,
  error: string,
  description: string,
  check: string,
) {
  expect(traced.response.status).toBe(status)
  expect(traced.response.headers.get('cache-control')).toBe('no-store')
  expect(await json(traced)).toEqual({ error, error_description: description })
  expect(outcomeOf(traced, check)).toBe('fail')
}

const wrongPassword = () => passwordGrant({ password: 'not-it' })

describe('resource owner password credentials grant (RFC 6749 §4.3)', () => {
  it('issues an access token, a refresh token and an ID token without nonce; the trace says it is deprecated', async () => {
    const traced = await passwordGrant()
    expect(traced.response.status).toBe(200)
    const body = await json(traced)
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: fullScope })
    expect(body['refresh_token']).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(decodeJwt(String(body['access_token']))).toMatchObject({
      sub: 'alice-1865',
      client_id: 'legacy-app',
    })
    const idToken = decodeJwt(String(body['id_token']))
    expect(idToken).toMatchObject({
      iss: testIssuer,
      sub: 'alice-1865',
      aud: 'legacy-app',
      auth_time: t.clock.now / 1000,
    })
    expect(idToken).not.toHaveProperty('nonce')
    const [deprecation] = entriesOf(traced, 'password-grant')
    expect(deprecation?.outcome).toBe('info')
    expect(deprecation?.refs).toContain('rfc9700-2.4')
    expect(deprecation?.summary).toContain('MUST NOT be used')
    for (const check of [
      'check-password-request',
      'check-sign-in-rate-limit',
      'check-credentials',
      'check-scope',
    ])
      expect(outcomeOf(traced, check), check).toBe('pass')
  })

  it('client_secret_post works; without openid there is no ID token', async () => {
    const traced = await passwordGrant(
      { client_id: 'legacy-app', client_secret: 'legacy-app-secret', scope: 'friends.read' },
      {},
    )
    expect(traced.response.status).toBe(200)
    expect(await json(traced)).not.toHaveProperty('id_token')
  })

  it('the refresh token works and is not rotated for this confidential client', async () => {
    const { refresh_token: refreshToken } = await json(await passwordGrant())
    const refresh = () =>
      postForm(
        t.server,
        '/as/token',
        { grant_type: 'refresh_token', refresh_token: String(refreshToken) },
        asLegacyApp,
      )
    const first = await refresh()
    expect(first.response.status).toBe(200)
    expect(await json(first)).not.toHaveProperty('refresh_token')
    expect((await refresh()).response.status).toBe(200)
  })

  it.each([
    ['a wrong password', { password: 'not-it' }],
    ['an unknown user', { username: 'mallory', password: 'wonderland' }],
  ])('%s → invalid_grant that does not say which', async (_label, extra) => {
    await expectError(
      await passwordGrant(extra),
      400,
      'invalid_grant',
      'Wrong username or password',
      'check-credentials',
    )
  })

  it.each(['username', 'password'])('%s missing → invalid_request', async (name) => {
    await expectError(
      await passwordGrant({ [name]: '' }),
      400,
      'invalid_request',
      `${name} is missing`,
      'check-password-request',
    )
  })

  it('scope missing → invalid_scope (legacy-app registered no default)', async () => {
    await expectError(
      await passwordGrant({ scope: '' }),
      400,
      'invalid_scope',
      'scope is missing, and client legacy-app has no default scope',
      'check-scope',
    )
  })

  it('a client not registered for it → unauthorized_client, before any password is checked', async () => {
    const traced = await passwordGrant({}, { authorization: basicAuthorization('web-app', 'web-app-secret') })
    await expectError(
      traced,
      400,
      'unauthorized_client',
      'client web-app is not allowed to use the password grant',
      'check-client-grant',
    )
    expect(outcomeOf(traced, 'check-credentials')).toBeUndefined()
  })
})

describe('sign-in rate limit, shared by the password grant and the login form', () => {
  it('after 5 wrong passwords even the right one is refused, until the window has passed', async () => {
    for (let i = 0; i < 5; i++) expect((await wrongPassword()).response.status).toBe(400)
    const blocked = await passwordGrant()
    await expectError(
      blocked,
      400,
      'invalid_grant',
      'Too many failed sign-in attempts; try again later',
      'check-sign-in-rate-limit',
    )
    expect(entriesOf(blocked, 'check-sign-in-rate-limit')[0]?.summary).toBe(
      'policy maxFailedSignIns=5: 5 wrong passwords for "alice" in the last 300 s: refused without checking the password, until 11:05:00',
    )
    expect(outcomeOf(blocked, 'check-credentials')).toBeUndefined()
    t.clock.advance(299)
    expect((await passwordGrant()).response.status).toBe(400)
    t.clock.advance(1)
    expect((await passwordGrant()).response.status).toBe(200)
  })

  it('counts per username, and a successful sign-in starts the count again', async () => {
    for (let i = 0; i < 4; i++) await wrongPassword()
    expect((await passwordGrant()).response.status).toBe(200)
    for (let i = 0; i < 4; i++) await wrongPassword()
    expect((await passwordGrant()).response.status).toBe(200)
    for (let i = 0; i < 5; i++) await wrongPassword()
    expect((await passwordGrant({ username: 'bob', password: 'builder' })).response.status).toBe(200)
  })

  it('the login form is limited by the same count, says so on the page, and reset() forgets it', async () => {
    for (let i = 0; i < 5; i++) await wrongPassword()
    const browser = TestBrowser.for(t.server)
    await browser.open(authorizeUrl(spaAuthorizeParams))
    const page = await browser.signIn('alice', 'wonderland')
    expect(page.response.status).toBe(429)
    expect(browser.html).toContain('Too many failed sign-in attempts; try again later')
    expect(page.response.headers.get('set-cookie')).toBeNull()
    expect(outcomeOf(page, 'check-sign-in-rate-limit')).toBe('fail')
    t.server.reset()
    expect((await passwordGrant()).response.status).toBe(200)
  })

  it('wrong passwords on the login form count for the password grant', async () => {
    const browser = TestBrowser.for(t.server)
    await browser.open(authorizeUrl(spaAuthorizeParams))
    for (let i = 0; i < 5; i++) expect((await browser.signIn('ALICE', 'nope')).response.status).toBe(200)
    await expectError(
      await passwordGrant(),
      400,
      'invalid_grant',
      'Too many failed sign-in attempts; try again later',
      'check-sign-in-rate-limit',
    )
  })
})
