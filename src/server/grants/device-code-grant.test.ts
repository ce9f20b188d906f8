import { decodeJwt } from 'jose'
import { beforeEach, describe, expect, it } from 'vitest'
import { demoClients, type DemoClient } from '../demo-world.ts'
import { basicAuthorization } from '../http/basic-credentials.ts'
import {
  bearerGet,
  createTestServer,
  entriesOf,
  json,
  outcomeOf,
  postForm,
  TestBrowser,
  testIssuer,
  type TestServer,
} from '../test-utils.ts'

const deviceGrant = 'urn:ietf:params:oauth:grant-type:device_code'
const tvScope = 'openid profile offline_access friends.read movies.read'

let t: TestServer
beforeEach(async () => {
  t = await createTestServer()
})

const deviceAuthorization = (
  body: Record<string, string> = { client_id: 'tv', scope: tvScope },
  headers: Record<string, string> = {},
  s = t,
) => postForm(s.server, '/as/device_authorization', body, headers)

interface Started {
  readonly device_code: string
  readonly user_code: string
}

async function start(s = t, clientId = 'tv'): Promise<Started> {
  const traced = await deviceAuthorization({ client_id: clientId, scope: tvScope }, {}, s)
  return (await json(traced)) as unknown as Started
}

const poll = (deviceCode: string, clientId = 'tv', s = t) =>
  postForm(s.server, '/as/token', { grant_type: deviceGrant, device_code: deviceCode, client_id: clientId })

/** The user, on their phone: types the code, signs in, decides. */
async function decide(userCode: string, decision: 'allow' | 'deny', s = t): Promise<TestBrowser> {
  const browser = TestBrowser.for(s.server)
  await browser.enterCode(userCode)
  await browser.signIn()
  await (decision === 'allow' ? browser.allow() : browser.deny())
  return browser
}

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

describe('device authorization endpoint (RFC 8628 §3.1, §3.2)', () => {
  it('answers a device code, a user code from the base-20 alphabet, the verification URIs, expires_in and interval', async () => {
    const traced = await deviceAuthorization()
    expect(traced.response.status).toBe(200)
    expect(traced.response.headers.get('cache-control')).toBe('no-store')
    expect(traced.response.headers.get('access-control-allow-origin')).toBe('*')
    const body = await json(traced)
    expect(Object.keys(body)).toEqual([
      'device_code',
      'user_code',
      'verification_uri',
      'verification_uri_complete',
      'expires_in',
      'interval',
    ])
    expect(body['device_code']).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const userCode = String(body['user_code'])
    expect(userCode).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/)
    expect(body).toMatchObject({
      verification_uri: `${testIssuer}/device`,
      verification_uri_complete: `${testIssuer}/device?user_code=${userCode}`,
      expires_in: 600,
      interval: 5,
    })
    expect(outcomeOf(traced, 'issue-device-code')).toBe('pass')
  })

  it('takes expires_in and interval from the policies', async () => {
    const s = await createTestServer({ policies: { deviceCodeTtlSeconds: 120, deviceIntervalSeconds: 1 } })
    expect(await json(await deviceAuthorization(undefined, {}, s))).toMatchObject({
      expires_in: 120,
      interval: 1,
    })
  })

  it('an unknown client → 401 invalid_client', async () => {
    await expectError(
      await deviceAuthorization({ client_id: 'ghost', scope: 'openid' }),
      401,
      'invalid_client',
      'client_id ghost is not registered',
      'check-client-authentication',
    )
  })

  it.each([
    ['spa', {}, { client_id: 'spa', scope: 'openid' }],
    ['web-app', { authorization: basicAuthorization('web-app', 'web-app-secret') }, { scope: 'openid' }],
  ])('%s is not registered for the device grant → unauthorized_client', async (clientId, headers, body) => {
    await expectError(
      await deviceAuthorization(body, headers),
      400,
      'unauthorized_client',
      `client ${clientId} is not allowed to use the ${deviceGrant} grant`,
      'check-client-grant',
    )
  })

  it('an unknown scope → invalid_scope; no scope → invalid_scope (tv has no default)', async () => {
    await expectError(
      await deviceAuthorization({ client_id: 'tv', scope: 'openid tv.control' }),
      400,
      'invalid_scope',
      'unknown scope: tv.control',
      'check-scope',
    )
    await expectError(
      await deviceAuthorization({ client_id: 'tv' }),
      400,
      'invalid_scope',
      'scope is missing, and client tv has no default scope',
      'check-scope',
    )
  })

  it('GET → 405; a preflight is answered (CORS like /token)', async () => {
    const get = await t.server.handle(new Request(`${testIssuer}/device_authorization`))
    expect(get.response.status).toBe(405)
    const preflight = await t.server.handle(
      new Request(`${testIssuer}/device_authorization`, { method: 'OPTIONS' }),
    )
    expect(preflight.response.status).toBe(204)
    expect(preflight.response.headers.get('access-control-allow-origin')).toBe('*')
  })
})

describe('device code grant: polling (RFC 8628 §3.4, §3.5)', () => {
  it('authorization_pending until the user acts; the first poll never gets slow_down, even right away', async () => {
    const { device_code } = await start()
    const traced = await poll(device_code)
    await expectError(
      traced,
      400,
      'authorization_pending',
      'The user has not finished on the verification page yet',
      'check-device-decision',
    )
    expect(entriesOf(traced, 'check-poll-interval')[0]).toMatchObject({
      outcome: 'pass',
      summary: 'First poll of this device code: nothing to compare with (interval 5 s)',
    })
  })

  it('slow_down when polled sooner than the interval; each one adds 5 s for every later poll', async () => {
    const { device_code } = await start()
    await poll(device_code)
    t.clock.advance(2)
    const tooSoon = await poll(device_code)
    await expectError(
      tooSoon,
      400,
      'slow_down',
      'Polling too fast: wait at least 10 seconds between requests',
      'check-poll-interval',
    )
    expect(entriesOf(tooSoon, 'check-poll-interval')[0]?.summary).toBe(
      'policy deviceSlowDown=true: polled 2 s after the previous poll; the interval is 5 s → slow_down, interval now 10 s',
    )
    expect(outcomeOf(tooSoon, 'check-device-decision')).toBeUndefined()
    t.clock.advance(10)
    await expectError(
      await poll(device_code),
      400,
      'authorization_pending',
      'The user has not finished on the verification page yet',
      'check-device-decision',
    )
    t.clock.advance(5)
    const stillTooSoon = await poll(device_code)
    expect((await json(stillTooSoon))['error']).toBe('slow_down')
    expect(entriesOf(stillTooSoon, 'check-poll-interval')[0]?.summary).toBe(
      'policy deviceSlowDown=true: polled 5 s after the previous poll; the interval is 10 s → slow_down, interval now 15 s',
    )
    t.clock.advance(15)
    expect((await json(await poll(device_code)))['error']).toBe('authorization_pending')
  })

  it('under the deviceSlowDown policy off, fast polls are only pending', async () => {
    const s = await createTestServer({ policies: { deviceSlowDown: false } })
    const { device_code } = await start(s)
    await poll(device_code, 'tv', s)
    s.clock.advance(1)
    const traced = await poll(device_code, 'tv', s)
    expect((await json(traced))['error']).toBe('authorization_pending')
    expect(outcomeOf(traced, 'check-poll-interval')).toBe('info')
  })

  it('access_denied after the user pressed Deny', async () => {
    const { device_code, user_code } = await start()
    await decide(user_code, 'deny')
    await expectError(
      await poll(device_code),
      400,
      'access_denied',
      'The user denied the request',
      'check-device-decision',
    )
  })

  it('expired_token once expires_in has passed', async () => {
    const { device_code } = await start()
    t.clock.advance(600)
    const traced = await poll(device_code)
    await expectError(
      traced,
      400,
      'expired_token',
      'The device code has expired; start again',
      'check-device-code',
    )
    expect(entriesOf(traced, 'check-device-code')[0]?.summary).toBe(
      'device code expired at 11:10:00 (device codes live 600 s): the device must start over',
    )
  })

  it('after Allow: an access token, a rotating refresh token and an ID token without nonce', async () => {
    const { device_code, user_code } = await start()
    await decide(user_code, 'allow')
    const traced = await poll(device_code)
    expect(traced.response.status).toBe(200)
    const body = await json(traced)
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: tvScope })
    expect(body['refresh_token']).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(decodeJwt(String(body['access_token']))).toMatchObject({ sub: 'alice-1865', client_id: 'tv' })
    const idToken = decodeJwt(String(body['id_token']))
    expect(idToken).toMatchObject({ iss: testIssuer, aud: 'tv', sub: 'alice-1865' })
    expect(idToken).not.toHaveProperty('nonce')
    for (const check of [
      'check-device-code',
      'check-poll-interval',
      'check-device-decision',
      'redeem-device-code',
    ])
      expect(outcomeOf(traced, check), check).toBe('pass')
    const refreshed = await postForm(t.server, '/as/token', {
      grant_type: 'refresh_token',
      client_id: 'tv',
      refresh_token: String(body['refresh_token']),
    })
    expect((await json(refreshed))['refresh_token']).not.toBe(body['refresh_token'])
  })

  it('the device code is single-use: a second redemption → invalid_grant, and its tokens are revoked', async () => {
    const { device_code, user_code } = await start()
    await decide(user_code, 'allow')
    const first = await json(await poll(device_code))
    t.clock.advance(5)
    const again = await poll(device_code)
    await expectError(again, 400, 'invalid_grant', 'The device code was already used', 'check-device-code')
    const me = await bearerGet(t.server, '/rs/me', String(first['access_token']))
    expect(me.response.status).toBe(401)
  })

  it("another client's device code → invalid_grant", async () => {
    const tv = demoClients.find((c) => c.client_id === 'tv') as DemoClient
    const s = await createTestServer({}, [tv, { ...tv, client_id: 'radio', client_name: 'Radio' }])
    const { device_code } = await start(s, 'radio')
    await expectError(
      await poll(device_code, 'tv', s),
      400,
      'invalid_grant',
      'The device code was issued to another client',
      'check-device-code',
    )
  })

  it('an unknown device code → invalid_grant; a missing one → invalid_request', async () => {
    await expectError(
      await poll('nope'),
      400,
      'invalid_grant',
      'The device code is unknown',
      'check-device-code',
    )
    const traced = await postForm(t.server, '/as/token', { grant_type: deviceGrant, client_id: 'tv' })
    await expectError(traced, 400, 'invalid_request', 'device_code is missing', 'check-device-code')
  })

  it('a client not registered for the device grant → unauthorized_client', async () => {
    const { device_code } = await start()
    await expectError(
      await poll(device_code, 'spa'),
      400,
      'unauthorized_client',
      `client spa is not allowed to use the ${deviceGrant} grant`,
      'check-client-grant',
    )
  })
})
