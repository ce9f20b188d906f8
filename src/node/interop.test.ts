import { createRemoteJWKSet, jwtVerify } from 'jose'
import * as oauth from 'oauth4webapi'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browseAuthorization, startTestApp, type TestApp } from './node-test-utils.ts'

/**
 * oauth4webapi is a strict, certified client: if it accepts every response of a flow, the mock
 * server is interoperable (issuer identity, iss parameter, ID token claims, at_hash, nonce …).
 */
let app: TestApp
let as: oauth.AuthorizationServer
const insecure = { [oauth.allowInsecureRequests]: true } as const

beforeAll(async () => {
  app = await startTestApp()
  const issuer = new URL(app.running.issuer)
  const response = await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...insecure })
  as = await oauth.processDiscoveryResponse(issuer, response)
})
afterAll(() => app.stop())

interface Flow {
  readonly client: oauth.Client
  readonly auth: oauth.ClientAuth
  readonly pkce: boolean
}

async function runCodeFlow({ client, auth, pkce }: Flow) {
  const redirectUri = `${app.running.url}/callback`
  const state = oauth.generateRandomState()
  const nonce = oauth.generateRandomNonce()
  const verifier = oauth.generateRandomCodeVerifier()
  const url = new URL(as.authorization_endpoint ?? '')
  url.search = new URLSearchParams({
    client_id: client.client_id,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: 'openid profile email friends.read movies.read',
    state,
    nonce,
    ...(pkce
      ? { code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' }
      : {}),
  }).toString()
  const callback = await browseAuthorization(app, url)
  const params = oauth.validateAuthResponse(as, client, callback, state)
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    auth,
    params,
    redirectUri,
    pkce ? verifier : oauth.nopkce,
    insecure,
  )
  const tokens = await oauth.processAuthorizationCodeResponse(as, client, response, {
    expectedNonce: nonce,
    requireIdToken: true,
  })
  const claims = oauth.getValidatedIdTokenClaims(tokens)
  if (claims === undefined) throw new Error('no ID token claims')
  const userinfo = await oauth.processUserInfoResponse(
    as,
    client,
    claims.sub,
    await oauth.userInfoRequest(as, client, tokens.access_token, insecure),
  )
  return { tokens, claims, userinfo }
}

describe('interoperability with oauth4webapi against the Node server', () => {
  it('discovers the issuer byte-identically', () => {
    expect(as.issuer).toBe(app.running.issuer)
    expect(as.authorization_response_iss_parameter_supported).toBe(true)
  })

  it('completes the spa flow: public client, PKCE S256, nonce, UserInfo', async () => {
    const { tokens, claims, userinfo } = await runCodeFlow({
      client: { client_id: 'spa' },
      auth: oauth.None(),
      pkce: true,
    })
    expect(claims.sub).toBe('alice-1865')
    expect(tokens.refresh_token).toBeTruthy()
    expect(userinfo).toMatchObject({
      sub: 'alice-1865',
      email: 'alice@wonderland.example',
      preferred_username: 'alice',
    })
    const { payload, protectedHeader } = await jwtVerify(
      tokens.id_token ?? '',
      createRemoteJWKSet(new URL(as.jwks_uri ?? '')),
      {
        issuer: app.running.issuer,
        audience: 'spa',
      },
    )
    expect(payload['azp']).toBe('spa')
    expect(protectedHeader.kid).toBeTruthy()
  })

  it('completes the web-app flow: confidential client, client_secret_basic', async () => {
    const { claims, tokens } = await runCodeFlow({
      client: { client_id: 'web-app' },
      auth: oauth.ClientSecretBasic('web-app-secret'),
      pkce: false,
    })
    expect(claims.aud).toBe('web-app')
    await jwtVerify(tokens.id_token ?? '', createRemoteJWKSet(new URL(as.jwks_uri ?? '')), {
      issuer: app.running.issuer,
      audience: 'web-app',
    })
    const movies = await fetch(`${app.running.url}/rs/me/friends/movies`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    })
    expect(movies.status).toBe(200)
    const body = (await movies.json()) as { friends: unknown[] }
    expect(body.friends).toHaveLength(3)
  })

  it('rejects a wrong client secret with 401 and a Basic challenge, which oauth4webapi surfaces', async () => {
    const client = { client_id: 'web-app' }
    const callback = new URL(
      `${app.running.url}/callback?code=x&iss=${encodeURIComponent(app.running.issuer)}`,
    )
    const params = oauth.validateAuthResponse(as, client, callback, oauth.expectNoState)
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.ClientSecretBasic('wrong'),
      params,
      `${app.running.url}/callback`,
      oauth.nopkce,
      insecure,
    )
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic /)
    const error: unknown = await oauth
      .processAuthorizationCodeResponse(as, client, response)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(oauth.WWWAuthenticateChallengeError)
    const challenge = (error as oauth.WWWAuthenticateChallengeError).cause[0]
    expect(challenge?.scheme).toBe('basic')
    expect(challenge?.parameters.error).toBe('invalid_client')
  })
})
