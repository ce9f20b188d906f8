import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose'
import { beforeEach, describe, expect, it } from 'vitest'
import type { TracedResponse } from '../protocol/http-exchange.ts'
import { atHash } from '../protocol/jwt.ts'
import { PolicyError, policyCatalogue, policyNames } from '../protocol/server-policies.ts'
import { basicAuthorization } from './http/basic-credentials.ts'
import {
  authorize,
  authorizeUrl,
  bearerGet,
  callbackUri,
  createTestServer,
  json,
  postForm,
  redeemSpaCode,
  rfcPkce,
  spaAuthorizeParams,
  spaCode,
  TestBrowser,
  testIssuer,
  type TestServer,
} from './test-utils.ts'

let t: TestServer
beforeEach(async () => {
  t = await createTestServer()
})

/** The trace entry a setting wrote, if it decided something in this request. */
const decidedBy = (traced: TracedResponse, policy: string) => traced.trace.find((e) => e.policy === policy)

const webApp = { authorization: basicAuthorization('web-app', 'web-app-secret') }
const webAppParams = {
  client_id: 'web-app',
  response_type: 'code',
  redirect_uri: callbackUri,
  scope: 'openid profile',
  state: 's1',
}

/** The web-app's tokens from the code grant, with HTTP Basic. */
async function webAppTokens(): Promise<Record<string, unknown>> {
  const code = (await authorize(t.server, webAppParams)).searchParams.get('code') ?? ''
  const body = { grant_type: 'authorization_code', code, redirect_uri: callbackUri }
  return json(await postForm(t.server, '/as/token', body, webApp))
}

async function spaTokens(): Promise<Record<string, unknown>> {
  return json(await redeemSpaCode(t.server, await spaCode(t.server)))
}

const refresh = (clientId: string, token: string, headers: Record<string, string> = {}) =>
  postForm(
    t.server,
    '/as/token',
    {
      grant_type: 'refresh_token',
      refresh_token: token,
      ...(clientId === 'spa' ? { client_id: 'spa' } : {}),
    },
    headers,
  )

describe('settings at run time', () => {
  it('start at the RFC 9700 defaults of the catalogue', () => {
    expect(t.server.getPolicies()).toEqual(
      Object.fromEntries(policyNames.map((n) => [n, policyCatalogue[n].default])),
    )
  })

  it('change with setPolicies for the next request, and reset', async () => {
    expect(t.server.setPolicies({ codeTtlSeconds: 5 }).codeTtlSeconds).toBe(5)
    const code = await spaCode(t.server)
    t.clock.advance(6)
    expect((await json(await redeemSpaCode(t.server, code)))['error']).toBe('invalid_grant')
    expect(t.server.resetPolicies().codeTtlSeconds).toBe(60)
  })

  it('refuse a bad change as a whole, listing every problem', () => {
    const attempt = () =>
      t.server.setPolicies({
        codeTtlSeconds: 0,
        refreshRotation: 'sometimes',
        nonsense: true,
        deviceSlowDown: false,
      } as never)
    expect(attempt).toThrow(PolicyError)
    expect(() => attempt()).toThrow(
      'codeTtlSeconds must be between 1 and 600 seconds; refreshRotation must be one of public-clients, all-clients, never; nonsense is not a setting of this server',
    )
    expect(t.server.getPolicies().deviceSlowDown).toBe(true)
  })

  it('refuse bad initial settings', async () => {
    await expect(createTestServer({ policies: { accessTokenTtlSeconds: -1 } })).rejects.toThrow(
      'Invalid server settings: accessTokenTtlSeconds must be between 1 and 86400 seconds',
    )
  })
})

describe('PKCE settings', () => {
  it('requirePkceForConfidentialClients is off by default, and the trace says so', async () => {
    const browser = TestBrowser.for(t.server)
    const page = await browser.open(authorizeUrl(webAppParams))
    expect(page.response.status).toBe(200)
    expect(decidedBy(page, 'requirePkceForConfidentialClients')).toMatchObject({
      outcome: 'info',
      summary:
        'policy requirePkceForConfidentialClients=false: No PKCE challenge: allowed for web-app, a confidential client, though RFC 9700 recommends PKCE for every client',
    })
  })

  it('requirePkceForConfidentialClients on: a confidential client without a challenge is refused', async () => {
    t.server.setPolicies({ requirePkceForConfidentialClients: true })
    const browser = TestBrowser.for(t.server)
    await browser.open(authorizeUrl(webAppParams))
    expect(browser.redirect.searchParams.get('error')).toBe('invalid_request')
    expect(browser.redirect.searchParams.get('error_description')).toBe(
      'code_challenge is required: this server requires PKCE from every client',
    )
    expect(decidedBy(browser.last, 'requirePkceForConfidentialClients')).toMatchObject({
      outcome: 'fail',
      check: 'check-pkce-challenge',
    })
  })

  it('allowPlainPkce on: plain is accepted, advertised, and verified verbatim', async () => {
    t.server.setPolicies({ allowPlainPkce: true })
    const verifier = 'p'.repeat(43)
    const browser = TestBrowser.for(t.server)
    const page = await browser.open(
      authorizeUrl({ ...spaAuthorizeParams, code_challenge: verifier, code_challenge_method: 'plain' }),
    )
    expect(decidedBy(page, 'allowPlainPkce')?.outcome).toBe('info')
    await browser.signIn()
    await browser.allow()
    const code = browser.redirect.searchParams.get('code') ?? ''
    const tokens = await redeemSpaCode(t.server, code, { code_verifier: verifier })
    expect(tokens.response.status).toBe(200)
    const doc = await json(
      await t.server.handle(new Request(`${testIssuer}/.well-known/openid-configuration`)),
    )
    expect(doc['code_challenge_methods_supported']).toEqual(['S256', 'plain'])
  })

  it('publicClientsWithoutPkce (misbehave): a public client gets a code without PKCE, flagged INSECURE', async () => {
    const { code_challenge: _c, code_challenge_method: _m, ...noPkce } = spaAuthorizeParams
    const refused = TestBrowser.for(t.server)
    await refused.open(authorizeUrl(noPkce))
    expect(refused.redirect.searchParams.get('error')).toBe('invalid_request')
    expect(decidedBy(refused.last, 'publicClientsWithoutPkce')?.outcome).toBe('fail')

    t.server.setPolicies({ publicClientsWithoutPkce: true })
    const browser = TestBrowser.for(t.server)
    const page = await browser.open(authorizeUrl(noPkce))
    expect(decidedBy(page, 'publicClientsWithoutPkce')?.summary).toContain('INSECURE')
    await browser.signIn()
    await browser.allow()
    const code = browser.redirect.searchParams.get('code') ?? ''
    const tokens = await postForm(t.server, '/as/token', {
      grant_type: 'authorization_code',
      client_id: 'spa',
      code,
      redirect_uri: callbackUri,
    })
    expect(tokens.response.status).toBe(200)
  })

  it('is marked insecure in the catalogue, off by default', () => {
    expect(policyCatalogue.publicClientsWithoutPkce).toMatchObject({ insecure: true, default: false })
  })
})

describe('redirectUriPrefixMatching (misbehave)', () => {
  /** An app registered with its bare origin as redirect URI, as single-page apps often are. */
  async function registerBareOrigin(): Promise<string> {
    const registered = await t.server.handle(
      new Request(`${testIssuer}/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          client_name: 'MovieMatch',
          redirect_uris: ['https://moviematch.example'],
          token_endpoint_auth_method: 'none',
          grant_types: ['authorization_code'],
        }),
      }),
    )
    return String((await json(registered))['client_id'])
  }
  const attackerUri = 'https://moviematch.example.attacker.example/catch'
  const params = (clientId: string) => ({
    ...spaAuthorizeParams,
    client_id: clientId,
    redirect_uri: attackerUri,
    scope: 'friends.read',
  })

  it('off (default): a URI that only begins with the registered one gets an error page, and the trace names the setting', async () => {
    const clientId = await registerBareOrigin()
    const page = await TestBrowser.for(t.server).open(authorizeUrl(params(clientId)))
    expect(page.response.status).toBe(400)
    expect(page.response.headers.get('location')).toBeNull()
    expect(await page.response.text()).toContain('invalid_request')
    expect(decidedBy(page, 'redirectUriPrefixMatching')).toMatchObject({
      check: 'check-redirect-uri',
      outcome: 'fail',
      detail: `invalid_request: redirect_uri ${attackerUri} is not registered for client ${clientId}`,
    })
  })

  it('on: the code goes to another host, flagged INSECURE, and redeems there', async () => {
    t.server.setPolicies({ redirectUriPrefixMatching: true })
    const clientId = await registerBareOrigin()
    const browser = TestBrowser.for(t.server)
    const page = await browser.open(authorizeUrl(params(clientId)))
    expect(decidedBy(page, 'redirectUriPrefixMatching')?.summary).toBe(
      `policy redirectUriPrefixMatching=true: INSECURE: redirect_uri "${attackerUri}" is not registered, but begins with the registered https://moviematch.example, so it is accepted — the code will go to moviematch.example.attacker.example`,
    )
    await browser.signIn()
    await browser.allow()
    expect(browser.redirect.host).toBe('moviematch.example.attacker.example')
    const code = browser.redirect.searchParams.get('code') ?? ''
    const tokens = await postForm(t.server, '/as/token', {
      grant_type: 'authorization_code',
      client_id: clientId,
      code,
      redirect_uri: attackerUri,
      code_verifier: rfcPkce.verifier,
    })
    expect(tokens.response.status).toBe(200)
  })

  it('on: an exact match is still an exact match, and an unrelated URI is still refused', async () => {
    t.server.setPolicies({ redirectUriPrefixMatching: true })
    const exact = await TestBrowser.for(t.server).open(authorizeUrl(spaAuthorizeParams))
    expect(exact.response.status).toBe(200)
    expect(decidedBy(exact, 'redirectUriPrefixMatching')).toBeUndefined()
    const other = await TestBrowser.for(t.server).open(
      authorizeUrl({ ...spaAuthorizeParams, redirect_uri: 'https://attacker.example/callback' }),
    )
    expect(other.response.status).toBe(400)
  })

  it('is marked insecure in the catalogue, off by default', () => {
    expect(policyCatalogue.redirectUriPrefixMatching).toMatchObject({ insecure: true, default: false })
  })
})

describe('refresh token settings', () => {
  it('refreshRotation=public-clients: spa rotates, and the trace names the setting', async () => {
    const tokens = await spaTokens()
    const traced = await refresh('spa', String(tokens['refresh_token']))
    expect((await json(traced))['refresh_token']).toBeTruthy()
    expect(decidedBy(traced, 'refreshRotation')?.summary).toBe(
      'policy refreshRotation=public-clients: spa is public → rotate; reusing the old token will be detected',
    )
  })

  it('refreshRotation=all-clients: a confidential client rotates too', async () => {
    t.server.setPolicies({ refreshRotation: 'all-clients' })
    const tokens = await webAppTokens()
    const first = String(tokens['refresh_token'])
    const rotated = await refresh('web-app', first, webApp)
    expect((await json(rotated))['refresh_token']).not.toBe(first)
    expect((await json(await refresh('web-app', first, webApp)))['error']).toBe('invalid_grant')
  })

  it('refreshRotation=never: spa keeps its refresh token, and the trace says INSECURE', async () => {
    t.server.setPolicies({ refreshRotation: 'never' })
    const token = String((await spaTokens())['refresh_token'])
    const traced = await refresh('spa', token)
    expect(await json(traced)).not.toHaveProperty('refresh_token')
    expect(decidedBy(traced, 'refreshRotation')?.summary).toContain('INSECURE')
    expect((await refresh('spa', token)).response.status).toBe(200)
  })

  it('refreshReuse=revoke-family (default): reuse kills the newest refresh token and every access token', async () => {
    const tokens = await spaTokens()
    const rotated = await json(await refresh('spa', String(tokens['refresh_token'])))
    const reuse = await refresh('spa', String(tokens['refresh_token']))
    expect(decidedBy(reuse, 'refreshReuse')).toMatchObject({
      outcome: 'fail',
      summary: expect.stringContaining('the whole family is revoked') as string,
    })
    expect((await refresh('spa', String(rotated['refresh_token']))).response.status).toBe(400)
    expect((await bearerGet(t.server, '/rs/me', String(rotated['access_token']))).response.status).toBe(401)
  })

  it('refreshReuse=revoke-refresh-token: only the active refresh token dies; access tokens live on', async () => {
    t.server.setPolicies({ refreshReuse: 'revoke-refresh-token' })
    const tokens = await spaTokens()
    const rotated = await json(await refresh('spa', String(tokens['refresh_token'])))
    const reuse = await refresh('spa', String(tokens['refresh_token']))
    expect((await json(reuse))['error_description']).toBe('The refresh token was already used')
    expect(decidedBy(reuse, 'refreshReuse')?.summary).toContain('the active refresh token is revoked')
    const next = await refresh('spa', String(rotated['refresh_token']))
    expect(await json(next)).toMatchObject({
      error: 'invalid_grant',
      error_description: 'The refresh token was revoked',
    })
    expect((await bearerGet(t.server, '/rs/me', String(rotated['access_token']))).response.status).toBe(200)
  })
})

describe('lifetimes', () => {
  it('accessTokenTtlSeconds and idTokenTtlSeconds set expires_in, exp', async () => {
    t.server.setPolicies({ accessTokenTtlSeconds: 300, idTokenTtlSeconds: 120 })
    const tokens = await spaTokens()
    expect(tokens['expires_in']).toBe(300)
    const at = decodeJwt(String(tokens['access_token']))
    expect((at.exp ?? 0) - (at.iat ?? 0)).toBe(300)
    const id = decodeJwt(String(tokens['id_token']))
    expect((id.exp ?? 0) - (id.iat ?? 0)).toBe(120)
    t.clock.advance(301)
    expect((await bearerGet(t.server, '/rs/me', String(tokens['access_token']))).response.status).toBe(401)
  })

  it('the trace names the lifetime that set each expiry', async () => {
    t.server.setPolicies({ accessTokenTtlSeconds: 300, idTokenTtlSeconds: 120, refreshTokenTtlSeconds: 7200 })
    const traced = await redeemSpaCode(
      t.server,
      await spaCode(t.server, { scope: 'openid offline_access movies.read' }),
    )
    expect(traced.trace.map((e) => e.summary.replace(/: .*/, ''))).toEqual(
      expect.arrayContaining([
        'policy accessTokenFormat=jwt, accessTokenTtlSeconds=300',
        'policy signingAlgorithm=RS256, idTokenTtlSeconds=120',
        'policy refreshTokenTtlSeconds=7200',
      ]),
    )
    const device = await postForm(t.server, '/as/device_authorization', { client_id: 'tv', scope: 'openid' })
    expect(decidedBy(device, 'deviceIntervalSeconds')?.summary).toMatch(
      /^policy deviceIntervalSeconds=5, deviceCodeTtlSeconds=600: Issued a device code .*\(600 s\)/,
    )
  })

  it('refreshTokenTtlSeconds: a refresh token past it is refused', async () => {
    t.server.setPolicies({ refreshTokenTtlSeconds: 600 })
    const tokens = await spaTokens()
    t.clock.advance(601)
    const traced = await refresh('spa', String(tokens['refresh_token']))
    expect(await json(traced)).toMatchObject({ error: 'invalid_grant' })
  })
})

describe('accessTokenFormat=opaque', () => {
  beforeEach(() => {
    t.server.setPolicies({ accessTokenFormat: 'opaque' })
  })

  it('issues a random reference, not a JWT, and says so', async () => {
    const traced = await redeemSpaCode(t.server, await spaCode(t.server))
    const token = String((await json(traced))['access_token'])
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(decidedBy(traced, 'accessTokenFormat')?.summary).toMatch(
      /^policy accessTokenFormat=opaque, accessTokenTtlSeconds=3600: Issued an opaque access token/,
    )
  })

  it('works at the resource server and UserInfo, until it expires', async () => {
    const token = String((await spaTokens())['access_token'])
    expect((await bearerGet(t.server, '/rs/me/friends', token)).response.status).toBe(200)
    expect(await json(await bearerGet(t.server, '/as/userinfo', token))).toMatchObject({ sub: 'alice-1865' })
    t.clock.advance(3601)
    const expired = await bearerGet(t.server, '/rs/me', token)
    expect(expired.response.status).toBe(401)
    expect(expired.response.headers.get('www-authenticate')).toContain('error="invalid_token"')
    expect(await json(expired)).toMatchObject({ error_description: 'The access token expired at 12:00:00' })
  })

  it('is introspected and revoked like a JWT', async () => {
    const tokens = await webAppTokens()
    const token = String(tokens['access_token'])
    const introspect = () => postForm(t.server, '/as/introspect', { token }, webApp)
    expect(await json(await introspect())).toMatchObject({
      active: true,
      client_id: 'web-app',
      sub: 'alice-1865',
      token_type: 'Bearer',
    })
    const revoked = await postForm(t.server, '/as/revoke', { token }, webApp)
    expect(revoked.response.status).toBe(200)
    expect(await json(await introspect())).toStrictEqual({ active: false })
    expect((await bearerGet(t.server, '/rs/me', token)).response.status).toBe(401)
  })

  it('a JWT issued before the switch still works after it', async () => {
    t.server.setPolicies({ accessTokenFormat: 'jwt' })
    const jwt = String((await spaTokens())['access_token'])
    t.server.setPolicies({ accessTokenFormat: 'opaque' })
    expect((await bearerGet(t.server, '/rs/me', jwt)).response.status).toBe(200)
  })

  it('an unknown opaque token is invalid_token', async () => {
    const traced = await bearerGet(t.server, '/rs/me', 'A'.repeat(43))
    expect(traced.response.status).toBe(401)
    expect(await json(traced)).toMatchObject({ error: 'invalid_token' })
  })
})

describe('signingAlgorithm', () => {
  const jwks = async () =>
    (await json(await t.server.handle(new Request(`${testIssuer}/jwks`)))) as unknown as JSONWebKeySet

  it.each(['ES256', 'EdDSA'] as const)(
    '%s signs ID tokens and access tokens, and the JWKS and metadata publish it',
    async (alg) => {
      t.server.setPolicies({ signingAlgorithm: alg })
      const tokens = await spaTokens()
      const idToken = String(tokens['id_token'])
      const accessToken = String(tokens['access_token'])
      expect(decodeProtectedHeader(idToken).alg).toBe(alg)
      expect(decodeProtectedHeader(accessToken).alg).toBe(alg)
      const keys = createLocalJWKSet(await jwks())
      const currentDate = new Date(t.clock.now)
      const { payload } = await jwtVerify(idToken, keys, { issuer: testIssuer, audience: 'spa', currentDate })
      expect(payload['at_hash']).toBe(await atHash(accessToken, alg))
      await jwtVerify(accessToken, keys, { typ: 'at+jwt', currentDate })
      expect((await bearerGet(t.server, '/rs/me', accessToken)).response.status).toBe(200)
      const doc = await json(
        await t.server.handle(new Request(`${testIssuer}/.well-known/openid-configuration`)),
      )
      expect((doc['id_token_signing_alg_values_supported'] as string[])[0]).toBe(alg)
    },
  )

  it('keeps publishing the earlier key, so tokens signed before the switch still verify', async () => {
    const before = String((await spaTokens())['access_token'])
    t.server.setPolicies({ signingAlgorithm: 'ES256' })
    const traced = await t.server.handle(new Request(`${testIssuer}/jwks`))
    const published = ((await json(traced)) as unknown as JSONWebKeySet).keys.map((k) => k.alg)
    expect(published).toEqual(['RS256', 'ES256'])
    expect(decidedBy(traced, 'signingAlgorithm')?.summary).toContain('and 1 key of other algorithms')
    expect((await bearerGet(t.server, '/rs/me', before)).response.status).toBe(200)
  })

  it('the trace of the ID token names the setting', async () => {
    const traced = await redeemSpaCode(t.server, await spaCode(t.server))
    expect(decidedBy(traced, 'signingAlgorithm')?.summary).toMatch(
      /^policy signingAlgorithm=RS256, idTokenTtlSeconds=3600: Signed an ID token \(RS256\)/,
    )
  })
})
