import { decodeJwt, decodeProtectedHeader } from 'jose'
import { beforeEach, describe, expect, it } from 'vitest'
import type { DemoClient } from '../demo-world.ts'
import { basicAuthorization } from '../http/basic-credentials.ts'
import {
  authorize,
  bearerGet,
  callbackUri,
  createTestServer,
  json,
  outcomeOf,
  postForm,
  redeemSpaCode,
  spaAuthorizeParams,
  spaCode,
  testIssuer,
  testOrigin,
  type TestServer,
} from '../test-utils.ts'

let t: TestServer
beforeEach(async () => {
  t = await createTestServer()
})

const webAppParams = {
  client_id: 'web-app',
  response_type: 'code',
  redirect_uri: callbackUri,
  scope: 'openid profile friends.read movies.read',
  state: 's1',
}

async function webAppCode(server = t.server): Promise<string> {
  const location = await authorize(server, webAppParams)
  return location.searchParams.get('code') ?? ''
}

async function expectTokenError(
  traced: Awaited<ReturnType<typeof postForm>>,
  status: number,
  error: string,
  check: string,
) {
  expect(traced.response.status).toBe(status)
  expect(traced.response.headers.get('cache-control')).toBe('no-store')
  const body = await json(traced)
  expect(body['error']).toBe(error)
  expect(String(body['error_description'])).toMatch(/^[\x20-\x21\x23-\x5b\x5d-\x7e]+$/)
  expect(outcomeOf(traced, check)).toBe('fail')
}

describe('token endpoint: the authorization code grant', () => {
  it('issues a JWT access token, an ID token and a refresh token (spa, PKCE)', async () => {
    const traced = await redeemSpaCode(t.server, await spaCode(t.server))
    expect(traced.response.status).toBe(200)
    expect(traced.response.headers.get('cache-control')).toBe('no-store')
    expect(traced.response.headers.get('pragma')).toBe('no-cache')
    expect(traced.response.headers.get('access-control-allow-origin')).toBe('*')
    const body = await json(traced)
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: spaAuthorizeParams.scope })
    expect(body['refresh_token']).toMatch(/^[\x20-\x7e]+$/)
    const at = String(body['access_token'])
    expect(decodeProtectedHeader(at)).toMatchObject({ typ: 'at+jwt', alg: 'RS256', kid: 'test-key-1' })
    expect(decodeJwt(at)).toMatchObject({
      iss: testIssuer,
      sub: 'alice-1865',
      aud: `${testOrigin}/rs`,
      client_id: 'spa',
    })
    const idToken = decodeJwt(String(body['id_token']))
    expect(idToken).toMatchObject({
      iss: testIssuer,
      aud: 'spa',
      azp: 'spa',
      nonce: spaAuthorizeParams.nonce,
    })
    expect(idToken['at_hash']).toMatch(/^[A-Za-z0-9_-]{22}$/)
    for (const check of [
      'check-client-authentication',
      'check-authorization-code',
      'check-token-redirect-uri',
      'check-pkce-verifier',
      'redeem-code',
    ]) {
      expect(outcomeOf(traced, check), check).toBe('pass')
    }
  })

  it('omits nonce from the ID token when none was sent', async () => {
    const { nonce: _omit, ...params } = spaAuthorizeParams
    const location = await authorize(t.server, params)
    const body = await json(await redeemSpaCode(t.server, location.searchParams.get('code') ?? ''))
    expect(decodeJwt(String(body['id_token']))).not.toHaveProperty('nonce')
  })

  it('wrong code_verifier → invalid_grant', async () => {
    const code = await spaCode(t.server)
    const traced = await redeemSpaCode(t.server, code, { code_verifier: 'x'.repeat(43) })
    await expectTokenError(traced, 400, 'invalid_grant', 'check-pkce-verifier')
  })

  it('verifier missing although a challenge was sent → invalid_grant', async () => {
    const code = await spaCode(t.server)
    const traced = await postForm(t.server, '/as/token', {
      grant_type: 'authorization_code',
      client_id: 'spa',
      code,
      redirect_uri: callbackUri,
    })
    await expectTokenError(traced, 400, 'invalid_grant', 'check-pkce-verifier')
  })

  it('malformed verifier → invalid_grant', async () => {
    const traced = await redeemSpaCode(t.server, await spaCode(t.server), { code_verifier: 'short' })
    await expectTokenError(traced, 400, 'invalid_grant', 'check-pkce-verifier')
  })

  it('PKCE downgrade: a verifier without a challenge → invalid_grant', async () => {
    const code = await webAppCode()
    const traced = await postForm(
      t.server,
      '/as/token',
      { grant_type: 'authorization_code', code, redirect_uri: callbackUri, code_verifier: 'a'.repeat(43) },
      { authorization: basicAuthorization('web-app', 'web-app-secret') },
    )
    await expectTokenError(traced, 400, 'invalid_grant', 'check-pkce-verifier')
    expect(traced.trace.find((e) => e.check === 'check-pkce-verifier')?.refs).toContain('rfc9700-2.1.1')
  })

  it('replayed code → invalid_grant, and the first access token is revoked at UserInfo', async () => {
    const code = await spaCode(t.server)
    const first = await json(await redeemSpaCode(t.server, code))
    const accessToken = String(first['access_token'])
    expect((await bearerGet(t.server, '/as/userinfo', accessToken)).response.status).toBe(200)
    t.clock.advance(10)
    const replay = await redeemSpaCode(t.server, code)
    await expectTokenError(replay, 400, 'invalid_grant', 'check-authorization-code')
    expect(replay.trace.find((e) => e.check === 'check-authorization-code')?.summary).toBe(
      'code already used at 11:00:00 — tokens issued from it are now revoked',
    )
    const userinfo = await bearerGet(t.server, '/as/userinfo', accessToken)
    expect(userinfo.response.status).toBe(401)
    expect(userinfo.response.headers.get('www-authenticate')).toContain('error="invalid_token"')
    expect(outcomeOf(userinfo, 'check-access-token')).toBe('fail')
    const refresh = await postForm(t.server, '/as/token', {
      grant_type: 'refresh_token',
      client_id: 'spa',
      refresh_token: String(first['refresh_token']),
    })
    await expectTokenError(refresh, 400, 'invalid_grant', 'check-refresh-token')
  })

  it('expired code → invalid_grant', async () => {
    const code = await spaCode(t.server)
    t.clock.advance(61)
    const traced = await redeemSpaCode(t.server, code)
    await expectTokenError(traced, 400, 'invalid_grant', 'check-authorization-code')
    expect(traced.trace.find((e) => e.check === 'check-authorization-code')?.summary).toContain(
      'expired at 11:01:00',
    )
  })

  it('unknown code → invalid_grant', async () => {
    await expectTokenError(
      await redeemSpaCode(t.server, 'not-a-code'),
      400,
      'invalid_grant',
      'check-authorization-code',
    )
  })

  it('code issued to another client → invalid_grant', async () => {
    const code = await spaCode(t.server)
    const traced = await postForm(
      t.server,
      '/as/token',
      {
        grant_type: 'authorization_code',
        code,
        redirect_uri: callbackUri,
        code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
      },
      { authorization: basicAuthorization('web-app', 'web-app-secret') },
    )
    await expectTokenError(traced, 400, 'invalid_grant', 'check-authorization-code')
  })

  it.each([
    ['differs', { redirect_uri: `${testOrigin}/other` }],
    ['is omitted although it was sent', { redirect_uri: '' }],
  ])('redirect_uri %s → invalid_grant', async (_label, extra) => {
    const traced = await redeemSpaCode(t.server, await spaCode(t.server), extra)
    await expectTokenError(traced, 400, 'invalid_grant', 'check-token-redirect-uri')
  })

  it('missing grant_type → invalid_request', async () => {
    const traced = await postForm(t.server, '/as/token', { client_id: 'spa', code: 'x' })
    await expectTokenError(traced, 400, 'invalid_request', 'check-grant-type')
  })

  it('unknown grant_type → unsupported_grant_type', async () => {
    const traced = await postForm(t.server, '/as/token', { grant_type: 'foobar', client_id: 'spa' })
    await expectTokenError(traced, 400, 'unsupported_grant_type', 'check-grant-type')
  })

  it('client not registered for the grant → unauthorized_client', async () => {
    const traced = await postForm(
      t.server,
      '/as/token',
      { grant_type: 'authorization_code', code: 'x' },
      { authorization: basicAuthorization('service', 'service-secret') },
    )
    await expectTokenError(traced, 400, 'unauthorized_client', 'check-client-grant')
  })

  it('missing code → invalid_request', async () => {
    const traced = await postForm(t.server, '/as/token', {
      grant_type: 'authorization_code',
      client_id: 'spa',
    })
    await expectTokenError(traced, 400, 'invalid_request', 'check-authorization-code')
  })

  it('duplicate parameters → invalid_request', async () => {
    const traced = await postForm(
      t.server,
      '/as/token',
      'grant_type=authorization_code&client_id=spa&code=a&code=b',
    )
    await expectTokenError(traced, 400, 'invalid_request', 'check-duplicate-params')
  })

  it('wrong content type → invalid_request; GET → 405 with Allow', async () => {
    const traced = await t.server.handle(
      new Request(`${testIssuer}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }),
    )
    await expectTokenError(traced, 400, 'invalid_request', 'check-form-post')
    const get = await t.server.handle(new Request(`${testIssuer}/token`))
    expect(get.response.status).toBe(405)
    expect(get.response.headers.get('allow')).toBe('POST, OPTIONS')
  })
})

describe('token endpoint: client authentication', () => {
  it('web-app with client_secret_basic gets tokens, no PKCE needed', async () => {
    const code = await webAppCode()
    const traced = await postForm(
      t.server,
      '/as/token',
      { grant_type: 'authorization_code', code, redirect_uri: callbackUri },
      { authorization: basicAuthorization('web-app', 'web-app-secret') },
    )
    expect(traced.response.status).toBe(200)
    expect(traced.trace.find((e) => e.check === 'check-client-authentication')?.summary).toContain(
      'client_secret_basic',
    )
  })

  it('web-app with client_secret_post gets tokens', async () => {
    const code = await webAppCode()
    const traced = await postForm(t.server, '/as/token', {
      grant_type: 'authorization_code',
      code,
      redirect_uri: callbackUri,
      client_id: 'web-app',
      client_secret: 'web-app-secret',
    })
    expect(traced.response.status).toBe(200)
  })

  it('wrong secret via Basic → 401 invalid_client with a Basic challenge', async () => {
    const traced = await postForm(
      t.server,
      '/as/token',
      { grant_type: 'authorization_code', code: 'x' },
      { authorization: basicAuthorization('web-app', 'wrong') },
    )
    await expectTokenError(traced, 401, 'invalid_client', 'check-client-authentication')
    expect(traced.response.headers.get('www-authenticate')).toBe(
      `Basic realm="${testIssuer}", error="invalid_client"`,
    )
  })

  it('confidential client without authentication → invalid_client', async () => {
    const traced = await postForm(t.server, '/as/token', {
      grant_type: 'authorization_code',
      code: 'x',
      client_id: 'web-app',
    })
    await expectTokenError(traced, 401, 'invalid_client', 'check-client-authentication')
  })

  it('unknown client → invalid_client', async () => {
    const traced = await postForm(t.server, '/as/token', {
      grant_type: 'authorization_code',
      code: 'x',
      client_id: 'ghost',
    })
    await expectTokenError(traced, 401, 'invalid_client', 'check-client-authentication')
  })

  it('two authentication methods at once → invalid_request', async () => {
    const traced = await postForm(
      t.server,
      '/as/token',
      { grant_type: 'authorization_code', code: 'x', client_secret: 'web-app-secret' },
      { authorization: basicAuthorization('web-app', 'web-app-secret') },
    )
    await expectTokenError(traced, 400, 'invalid_request', 'check-client-authentication')
  })

  it('form-url-decodes Basic credentials, so a secret with : + % and spaces works', async () => {
    const secret = 'p:a+s%s w/ö'
    const special: DemoClient = {
      client_id: 'web-app',
      client_name: 'Special',
      client_secret: secret,
      token_endpoint_auth_methods: ['client_secret_basic'],
      grant_types: ['authorization_code'],
      redirect_paths: ['/callback'],
      description: 'test',
    }
    const s = await createTestServer({}, [special])
    const code = await webAppCode(s.server)
    const traced = await postForm(
      s.server,
      '/as/token',
      { grant_type: 'authorization_code', code, redirect_uri: callbackUri },
      { authorization: basicAuthorization('web-app', secret) },
    )
    expect(traced.response.status).toBe(200)
    expect(await json(traced)).not.toHaveProperty('refresh_token')
  })
})

describe('token endpoint: refresh tokens', () => {
  it('rotates for the public spa client and revokes the grant on reuse', async () => {
    const first = await json(await redeemSpaCode(t.server, await spaCode(t.server)))
    const refresh = (token: unknown) =>
      postForm(t.server, '/as/token', {
        grant_type: 'refresh_token',
        client_id: 'spa',
        refresh_token: String(token),
      })
    const second = await refresh(first['refresh_token'])
    expect(second.response.status).toBe(200)
    const secondBody = await json(second)
    expect(secondBody['refresh_token']).not.toBe(first['refresh_token'])
    const reuse = await refresh(first['refresh_token'])
    await expectTokenError(reuse, 400, 'invalid_grant', 'check-refresh-token')
    await expectTokenError(
      await refresh(secondBody['refresh_token']),
      400,
      'invalid_grant',
      'check-refresh-token',
    )
  })

  it('refuses a scope wider than the grant', async () => {
    const first = await json(await redeemSpaCode(t.server, await spaCode(t.server)))
    const traced = await postForm(t.server, '/as/token', {
      grant_type: 'refresh_token',
      client_id: 'spa',
      refresh_token: String(first['refresh_token']),
      scope: 'openid offline_access',
    })
    await expectTokenError(traced, 400, 'invalid_scope', 'check-refresh-token')
  })
})

describe('CORS at the token endpoint', () => {
  it('answers a preflight from any origin, without credentials', async () => {
    const traced = await t.server.handle(
      new Request(`${testIssuer}/token`, {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
      }),
    )
    expect(traced.response.status).toBe(204)
    expect(traced.response.headers.get('access-control-allow-origin')).toBe('*')
    expect(traced.response.headers.get('access-control-allow-credentials')).toBeNull()
    expect(traced.response.headers.get('access-control-allow-headers')).toContain('Authorization')
  })
})
