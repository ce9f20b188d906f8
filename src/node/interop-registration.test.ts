import * as oauth from 'oauth4webapi'
import * as client from 'openid-client'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { nodeServerAdmin } from '../protocol/server-admin-client.ts'
import { browseAuthorization, startTestApp, type TestApp } from './node-test-utils.ts'

/**
 * The grants of the authorization endpoint through openid-client — the code grant with PKCE and
 * with HTTP Basic, the implicit grant where it supports one (`response_type=id_token`; oauth4webapi
 * has no implicit support at all), clients it registers itself (RFC 7591) — and oauth4webapi's own
 * registration, over HTTP against the Node server. Also with the server's settings switched to
 * ES256 / EdDSA signatures and opaque access tokens, through the admin endpoint.
 */
let app: TestApp
const insecure = { execute: [client.allowInsecureRequests] }
const scope = 'openid profile email friends.read movies.read'

beforeAll(async () => {
  app = await startTestApp()
})
afterAll(() => app.stop())
afterEach(async () => {
  await nodeServerAdmin(app.running.url).resetPolicies()
})

const issuer = () => new URL(app.running.issuer)
const callback = () => `${app.running.url}/callback`

/** The code grant through openid-client: authorization URL, a browser signs in, the callback, UserInfo. */
async function codeFlow(config: client.Configuration, redirectUri: string, pkce: boolean) {
  const verifier = client.randomPKCECodeVerifier()
  const state = client.randomState()
  const nonce = client.randomNonce()
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope,
    state,
    nonce,
    ...(pkce
      ? { code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' }
      : {}),
  })
  const returned = await browseAuthorization(app, url)
  const tokens = await client.authorizationCodeGrant(config, returned, {
    expectedState: state,
    expectedNonce: nonce,
    idTokenExpected: true,
    ...(pkce ? { pkceCodeVerifier: verifier } : {}),
  })
  const claims = tokens.claims()
  if (claims === undefined) throw new Error('no ID token')
  const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub)
  return { tokens, claims, userinfo }
}

describe('openid-client: the authorization endpoint grants', () => {
  it('authorization code with PKCE (spa, public)', async () => {
    const config = await client.discovery(issuer(), 'spa', undefined, client.None(), insecure)
    const { tokens, claims, userinfo } = await codeFlow(config, callback(), true)
    expect(claims).toMatchObject({ sub: 'alice-1865', aud: 'spa' })
    expect(userinfo).toMatchObject({ email: 'alice@wonderland.example' })
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token ?? '')
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token)
  })

  it('authorization code with client_secret_basic (web-app), no PKCE', async () => {
    const config = await client.discovery(issuer(), 'web-app', 'web-app-secret', undefined, insecure)
    const { claims } = await codeFlow(config, callback(), false)
    expect(claims.aud).toBe('web-app')
  })

  it('implicit: response_type=id_token, verified by implicitAuthentication', async () => {
    const config = await client.discovery(issuer(), 'implicit-app', undefined, client.None(), insecure)
    client.useIdTokenResponseType(config)
    const nonce = client.randomNonce()
    const state = client.randomState()
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: callback(),
      scope: 'openid',
      nonce,
      state,
    })
    const returned = await browseAuthorization(app, url)
    const claims = await client.implicitAuthentication(config, returned, nonce, { expectedState: state })
    expect(claims).toMatchObject({ sub: 'alice-1865', aud: 'implicit-app', nonce })
  })

  it.each(['ES256', 'EdDSA'] as const)('the code grant with %s-signed tokens, as advertised', async (alg) => {
    await nodeServerAdmin(app.running.url).setPolicies({ signingAlgorithm: alg })
    const config = await client.discovery(issuer(), 'spa', undefined, client.None(), insecure)
    expect(config.serverMetadata().id_token_signing_alg_values_supported?.[0]).toBe(alg)
    client.enableNonRepudiationChecks(config)
    const { claims } = await codeFlow(config, callback(), true)
    expect(claims.sub).toBe('alice-1865')
  })

  it('the code grant with opaque access tokens: UserInfo and introspection accept them', async () => {
    await nodeServerAdmin(app.running.url).setPolicies({ accessTokenFormat: 'opaque' })
    const config = await client.discovery(issuer(), 'web-app', 'web-app-secret', undefined, insecure)
    const { tokens, userinfo } = await codeFlow(config, callback(), true)
    expect(tokens.access_token).not.toContain('.')
    expect(userinfo.sub).toBe('alice-1865')
    expect(await client.tokenIntrospection(config, tokens.access_token)).toMatchObject({
      active: true,
      client_id: 'web-app',
    })
  })
})

describe('dynamic client registration by strict clients', () => {
  it('openid-client registers a native app and signs in on a loopback port of its choosing', async () => {
    const config = await client.dynamicClientRegistration(
      issuer(),
      {
        client_name: 'CLI',
        application_type: 'native',
        redirect_uris: ['http://127.0.0.1/callback'],
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
      },
      client.None(),
      insecure,
    )
    const metadata = config.clientMetadata()
    expect(metadata.client_id).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(metadata['registration_access_token']).toBeTruthy()
    const { claims } = await codeFlow(config, 'http://127.0.0.1:49152/callback', true)
    expect(claims.aud).toBe(metadata.client_id)
  })

  it('openid-client registers a confidential web app (client_secret_basic by default)', async () => {
    const config = await client.dynamicClientRegistration(
      issuer(),
      { redirect_uris: ['http://localhost:5173/callback'], client_name: 'My web app' },
      // The method it registered (RFC 7591's default): the server refuses any other.
      client.ClientSecretBasic(),
      insecure,
    )
    expect(config.clientMetadata()).toMatchObject({
      token_endpoint_auth_method: 'client_secret_basic',
      client_secret_expires_at: 0,
    })
    const { claims } = await codeFlow(config, 'http://localhost:5173/callback', true)
    expect(claims.sub).toBe('alice-1865')
  })

  it('oauth4webapi registers, and reads the invalid_redirect_uri error', async () => {
    const as = await oauth.processDiscoveryResponse(
      issuer(),
      await oauth.discoveryRequest(issuer(), { [oauth.allowInsecureRequests]: true }),
    )
    const registered = await oauth.processDynamicClientRegistrationResponse(
      await oauth.dynamicClientRegistrationRequest(
        as,
        { redirect_uris: ['https://app.example/cb'], grant_types: ['authorization_code'] },
        { [oauth.allowInsecureRequests]: true },
      ),
    )
    expect(registered.client_id).toBeTruthy()
    expect(registered.client_secret).toBeTruthy()
    const refused = await oauth.dynamicClientRegistrationRequest(
      as,
      { redirect_uris: ['https://app.example/cb#fragment'] },
      { [oauth.allowInsecureRequests]: true },
    )
    const error: unknown = await oauth
      .processDynamicClientRegistrationResponse(refused)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(oauth.ResponseBodyError)
    expect((error as oauth.ResponseBodyError).error).toBe('invalid_redirect_uri')
  })
})
