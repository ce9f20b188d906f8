import * as oauth from 'oauth4webapi'
import * as client from 'openid-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { httpBrowser, startTestApp, type TestApp } from './node-test-utils.ts'

/**
 * The grants beyond the code flow, the revocation and introspection endpoints, through strict
 * third-party clients over real HTTP: oauth4webapi (every request and response validated) and
 * openid-client on top of it. The server's clock runs `offset` ahead of the real one, so a test can
 * fast-forward past a polling interval; a 1 s interval policy keeps openid-client's real waits short.
 */
let app: TestApp
let as: oauth.AuthorizationServer
let offset = 0
const advance = (seconds: number) => (offset += seconds * 1000)
const insecure = { [oauth.allowInsecureRequests]: true } as const
const deviceScope = 'openid profile offline_access friends.read movies.read'

beforeAll(async () => {
  app = await startTestApp({ clock: () => Date.now() + offset, policies: { deviceIntervalSeconds: 1 } })
  const issuer = new URL(app.running.issuer)
  as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure))
})
afterAll(() => app.stop())

const service: oauth.Client = { client_id: 'service' }
const legacy: oauth.Client = { client_id: 'legacy-app' }
const tv: oauth.Client = { client_id: 'tv' }

/** The error a strict client reports for a token-endpoint error response. */
async function oauthError(
  promise: Promise<unknown>,
): Promise<{ error: string; description: string | undefined }> {
  const error: unknown = await promise.catch((e: unknown) => e)
  if (error instanceof oauth.ResponseBodyError)
    return { error: error.error, description: error.error_description }
  if (error instanceof oauth.WWWAuthenticateChallengeError)
    return {
      error: String(error.cause[0]?.parameters.error),
      description: error.cause[0]?.parameters.error_description,
    }
  throw new Error(`expected an OAuth error, got ${String(error)}`)
}

async function passwordGrant(password = 'wonderland', auth = oauth.ClientSecretBasic('legacy-app-secret')) {
  const response = await oauth.genericTokenEndpointRequest(
    as,
    legacy,
    auth,
    'password',
    { username: 'alice', password, scope: 'openid profile friends.read' },
    insecure,
  )
  return oauth.processGenericTokenEndpointResponse(as, legacy, response)
}

describe('oauth4webapi: client credentials, password, device, refresh, revocation, introspection', () => {
  it('discovers every grant and the new endpoints', () => {
    expect(as.grant_types_supported).toEqual([
      'authorization_code',
      'refresh_token',
      'client_credentials',
      'password',
      'urn:ietf:params:oauth:grant-type:device_code',
      'implicit',
    ])
    expect(as.device_authorization_endpoint).toBe(`${app.running.issuer}/device_authorization`)
    expect(as.revocation_endpoint).toBe(`${app.running.issuer}/revoke`)
    expect(as.introspection_endpoint).toBe(`${app.running.issuer}/introspect`)
  })

  it.each([
    ['client_secret_basic', oauth.ClientSecretBasic('service-secret')],
    ['client_secret_post', oauth.ClientSecretPost('service-secret')],
  ])(
    'client credentials with %s: an RFC 9068 token for the client itself, good at /rs/movies',
    async (_m, auth) => {
      const response = await oauth.clientCredentialsGrantRequest(
        as,
        service,
        auth,
        { scope: 'movies.read' },
        insecure,
      )
      const tokens = await oauth.processClientCredentialsResponse(as, service, response)
      expect(tokens.refresh_token).toBeUndefined()
      const url = `${app.running.url}/rs/movies`
      const request = new Request(url, { headers: { authorization: `Bearer ${tokens.access_token}` } })
      const claims = await oauth.validateJwtAccessToken(as, request, `${app.running.url}/rs`, insecure)
      expect(claims).toMatchObject({ sub: 'service', client_id: 'service', scope: 'movies.read' })
      const movies = await oauth.protectedResourceRequest(
        tokens.access_token,
        'GET',
        new URL(url),
        undefined,
        undefined,
        insecure,
      )
      expect(movies.status).toBe(200)
      const me = oauth.protectedResourceRequest(
        tokens.access_token,
        'GET',
        new URL(`${app.running.url}/rs/me`),
        undefined,
        undefined,
        insecure,
      )
      expect(await oauthError(me)).toEqual({
        error: 'insufficient_scope',
        description:
          "This endpoint reads a user's data, but the token was issued to a client acting on its own behalf (client credentials)",
      })
    },
  )

  it('client credentials asking for openid → invalid_scope', async () => {
    const response = await oauth.clientCredentialsGrantRequest(
      as,
      service,
      oauth.ClientSecretBasic('service-secret'),
      { scope: 'openid' },
      insecure,
    )
    expect(await oauthError(oauth.processClientCredentialsResponse(as, service, response))).toEqual({
      error: 'invalid_scope',
      description:
        'scope openid needs a user, but in the client credentials grant the client acts on its own behalf',
    })
  })

  it('password grant: tokens and a valid ID token; a wrong password → invalid_grant', async () => {
    const tokens = await passwordGrant()
    expect(tokens.refresh_token).toBeTruthy()
    expect(oauth.getValidatedIdTokenClaims(tokens)).toMatchObject({ sub: 'alice-1865', aud: 'legacy-app' })
    expect(await oauthError(passwordGrant('nope'))).toEqual({
      error: 'invalid_grant',
      description: 'Wrong username or password',
    })
  })

  it('device flow: pending, a real slow_down, the user approves, tokens; rotated refresh with reuse detection', async () => {
    const started = await oauth.processDeviceAuthorizationResponse(
      as,
      tv,
      await oauth.deviceAuthorizationRequest(as, tv, oauth.None(), { scope: deviceScope }, insecure),
    )
    expect(started.interval).toBe(1)
    const poll = async () =>
      oauth.processDeviceCodeResponse(
        as,
        tv,
        await oauth.deviceCodeGrantRequest(as, tv, oauth.None(), started.device_code, insecure),
      )
    expect((await oauthError(poll())).error).toBe('authorization_pending')
    expect(await oauthError(poll())).toEqual({
      error: 'slow_down',
      description: 'Polling too fast: wait at least 6 seconds between requests',
    })

    const browser = httpBrowser(app)
    await browser.open(started.verification_uri_complete ?? '')
    await browser.enterCode(started.user_code)
    await browser.signIn()
    await browser.allow()
    expect(browser.html).toContain("You're signed in on MovieMatch for TV")

    advance(6)
    const tokens = await poll()
    expect(oauth.getValidatedIdTokenClaims(tokens)).toMatchObject({ sub: 'alice-1865', aud: 'tv' })

    const refresh = async (token: string) =>
      oauth.processRefreshTokenResponse(
        as,
        tv,
        await oauth.refreshTokenGrantRequest(as, tv, oauth.None(), token, insecure),
      )
    const first = tokens.refresh_token ?? ''
    const second = (await refresh(first)).refresh_token ?? ''
    expect(second).not.toBe(first)
    expect(await oauthError(refresh(first))).toEqual({
      error: 'invalid_grant',
      description: 'The refresh token was already used',
    })
    expect(await oauthError(refresh(second))).toEqual({
      error: 'invalid_grant',
      description: 'The refresh token was revoked',
    })
    advance(6)
    expect(await oauthError(poll())).toEqual({
      error: 'invalid_grant',
      description: 'The device code was already used',
    })
  })

  it('introspection and revocation: active, revoked, then inactive; public clients may not introspect', async () => {
    const auth = oauth.ClientSecretBasic('legacy-app-secret')
    const tokens = await passwordGrant()
    const introspect = async (token: string) =>
      oauth.processIntrospectionResponse(
        as,
        legacy,
        await oauth.introspectionRequest(as, legacy, auth, token, insecure),
      )
    expect(await introspect(tokens.access_token)).toMatchObject({
      active: true,
      client_id: 'legacy-app',
      sub: 'alice-1865',
      username: 'alice',
      token_type: 'Bearer',
    })
    expect(await introspect(tokens.refresh_token ?? '')).toMatchObject({
      active: true,
      token_type: 'refresh_token',
    })
    await oauth.processRevocationResponse(
      await oauth.revocationRequest(as, legacy, auth, tokens.refresh_token ?? '', {
        ...insecure,
        additionalParameters: { token_type_hint: 'refresh_token' },
      }),
    )
    expect(await introspect(tokens.refresh_token ?? '')).toStrictEqual({ active: false })
    expect(await introspect(tokens.access_token)).toStrictEqual({ active: false })

    const publicIntrospection = await oauth.introspectionRequest(
      as,
      tv,
      oauth.None(),
      tokens.access_token,
      insecure,
    )
    expect(publicIntrospection.status).toBe(401)
    expect((await oauthError(oauth.processIntrospectionResponse(as, tv, publicIntrospection))).error).toBe(
      'invalid_client',
    )
  })
})

describe('openid-client', () => {
  const discover = (clientId: string, secret?: string, auth?: client.ClientAuth) =>
    client.discovery(new URL(app.running.issuer), clientId, secret, auth, {
      execute: [client.allowInsecureRequests],
    })

  it('client credentials (basic and post)', async () => {
    for (const auth of [
      client.ClientSecretBasic('service-secret'),
      client.ClientSecretPost('service-secret'),
    ]) {
      const config = await discover('service', undefined, auth)
      const tokens = await client.clientCredentialsGrant(config, { scope: 'movies.read' })
      expect(tokens.scope).toBe('movies.read')
      expect(tokens.refresh_token).toBeUndefined()
    }
  })

  it('password grant, refresh without rotation (confidential), introspection, revocation', async () => {
    const config = await discover('legacy-app', 'legacy-app-secret')
    const tokens = await client.genericGrantRequest(config, 'password', {
      username: 'alice',
      password: 'wonderland',
      scope: 'openid profile',
    })
    expect(tokens.claims()?.sub).toBe('alice-1865')
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token ?? '')
    expect(refreshed.refresh_token).toBeUndefined()
    expect(refreshed.claims()?.sub).toBe('alice-1865')
    expect(await client.tokenIntrospection(config, refreshed.access_token)).toMatchObject({ active: true })
    await client.tokenRevocation(config, refreshed.access_token, { token_type_hint: 'access_token' })
    expect(await client.tokenIntrospection(config, refreshed.access_token)).toStrictEqual({ active: false })
  })

  it('device flow: initiateDeviceAuthorization, the user approves, pollDeviceAuthorizationGrant', async () => {
    const config = await discover('tv', undefined, client.None())
    const started = await client.initiateDeviceAuthorization(config, { scope: deviceScope })
    const browser = httpBrowser(app)
    await browser.enterCode(started.user_code.toLowerCase())
    await browser.signIn('bob', 'builder')
    await browser.allow()
    const tokens = await client.pollDeviceAuthorizationGrant(config, started)
    expect(tokens.claims()?.sub).toBe('bob-1999')
    expect(tokens.refresh_token).toBeTruthy()
  })
})
