import { createLocalJWKSet, jwtVerify } from 'jose'
import { beforeEach, describe, expect, it } from 'vitest'
import { base64urlEncode } from '../../protocol/base64url.ts'
import { demoClients, type DemoClient } from '../demo-world.ts'
import {
  authorize,
  authorizeUrl,
  bearerGet,
  callbackUri,
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
let browser: TestBrowser
beforeEach(async () => {
  t = await createTestServer()
  browser = TestBrowser.for(t.server)
})

const implicitClient = demoClients.find((c) => c.client_id === 'implicit-app') as DemoClient

const implicitParams = {
  client_id: 'implicit-app',
  response_type: 'token',
  redirect_uri: callbackUri,
  scope: 'profile friends.read',
  state: 'st-1',
}
const oidcParams = {
  ...implicitParams,
  response_type: 'id_token token',
  scope: 'openid profile',
  nonce: 'n-42',
}

const fragmentOf = (url: URL) => new URLSearchParams(url.hash.slice(1))

/** The error redirect of an authorization request that fails before login. */
async function errorRedirect(params: Record<string, string>): Promise<URL> {
  const traced = await browser.open(authorizeUrl(params))
  expect(traced.response.status).toBe(302)
  return browser.redirect
}

/** OIDC Core §3.2.2.10: base64url of the left half of SHA-256 of the access token, computed here independently. */
async function expectedAtHash(accessToken: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(accessToken)))
  return base64urlEncode(digest.slice(0, 16))
}

describe('implicit grant (RFC 6749 §4.2)', () => {
  it('response_type=token: the access token in the fragment, no refresh token, nothing in the query', async () => {
    await browser.open(authorizeUrl(implicitParams))
    await browser.signIn()
    const consent = await browser.allow()
    const location = browser.redirect
    expect(`${location.origin}${location.pathname}`).toBe(callbackUri)
    expect(location.search).toBe('')
    const fragment = fragmentOf(location)
    expect([...fragment.keys()]).toEqual([
      'access_token',
      'token_type',
      'expires_in',
      'scope',
      'state',
      'iss',
    ])
    expect(Object.fromEntries(fragment)).toMatchObject({
      token_type: 'Bearer',
      expires_in: '3600',
      scope: 'profile friends.read',
      state: 'st-1',
      iss: testIssuer,
    })
    expect(entriesOf(consent, 'implicit-grant')[0]?.refs).toEqual([
      'rfc6749-4.2.2',
      'rfc9700-2.1.2',
      'rfc6749-10.16',
    ])
    expect(entriesOf(consent, 'redirect-to-client')[0]?.summary).toContain('in the fragment')
    const friends = await bearerGet(t.server, '/rs/me/friends', fragment.get('access_token') ?? '')
    expect(friends.response.status).toBe(200)
  })

  it('response_type=id_token token: an ID token with the nonce and an at_hash that matches the access token', async () => {
    const fragment = fragmentOf(await authorize(t.server, oidcParams))
    expect(fragment.has('refresh_token')).toBe(false)
    expect(fragment.has('code')).toBe(false)
    const accessToken = fragment.get('access_token') ?? ''
    const jwks = (await json(await t.server.handle(new Request(`${testIssuer}/jwks`)))) as {
      keys: Parameters<typeof createLocalJWKSet>[0]['keys']
    }
    const { payload } = await jwtVerify(fragment.get('id_token') ?? '', createLocalJWKSet(jwks), {
      issuer: testIssuer,
      audience: 'implicit-app',
      currentDate: new Date(t.clock.now),
    })
    expect(payload['nonce']).toBe('n-42')
    expect(payload['sub']).toBe('alice-1865')
    expect(payload['at_hash']).toBe(await expectedAtHash(accessToken))
  })

  it('response_type=id_token: the ID token alone, with the nonce and no at_hash', async () => {
    const fragment = fragmentOf(await authorize(t.server, { ...oidcParams, response_type: 'id_token' }))
    expect([...fragment.keys()].sort()).toEqual(['id_token', 'iss', 'state'])
    const { payload } = await jwtVerify(
      fragment.get('id_token') ?? '',
      createLocalJWKSet(
        (await json(await t.server.handle(new Request(`${testIssuer}/jwks`)))) as {
          keys: Parameters<typeof createLocalJWKSet>[0]['keys']
        },
      ),
      { issuer: testIssuer, audience: 'implicit-app', currentDate: new Date(t.clock.now) },
    )
    expect(payload).toMatchObject({ nonce: 'n-42', sub: 'alice-1865' })
    expect(payload).not.toHaveProperty('at_hash')
  })

  it('id_token without nonce → invalid_request in the fragment', async () => {
    const { nonce: _n, ...params } = oidcParams
    const fragment = fragmentOf(await errorRedirect({ ...params, response_type: 'id_token' }))
    expect(fragment.get('error_description')).toBe('nonce is required for response_type id_token')
  })

  it('never a refresh token, even for a client registered for refresh_token', async () => {
    const greedy: DemoClient = { ...implicitClient, grant_types: ['implicit', 'refresh_token'] }
    const s = await createTestServer({}, [greedy])
    const fragment = fragmentOf(await authorize(s.server, { ...oidcParams, scope: 'openid offline_access' }))
    expect(fragment.get('access_token')).toBeTruthy()
    expect(fragment.has('refresh_token')).toBe(false)
    expect(s.server.context.store.data.refreshTokens).toEqual({})
  })

  it('the value order of response_type does not matter (token id_token)', async () => {
    const fragment = fragmentOf(await authorize(t.server, { ...oidcParams, response_type: 'token id_token' }))
    expect(fragment.get('id_token')).toBeTruthy()
  })

  it('id_token token without nonce → invalid_request in the fragment', async () => {
    const { nonce: _omit, ...params } = oidcParams
    const traced = await browser.open(authorizeUrl(params))
    const fragment = fragmentOf(browser.redirect)
    expect(Object.fromEntries(fragment)).toEqual({
      error: 'invalid_request',
      error_description: 'nonce is required for response_type id_token token',
      state: 'st-1',
      iss: testIssuer,
    })
    expect(browser.redirect.search).toBe('')
    expect(outcomeOf(traced, 'check-id-token-request')).toBe('fail')
    expect(entriesOf(traced, 'check-id-token-request')[0]?.refs).toEqual(['oidc-3.2.2.1'])
  })

  it('id_token token without openid → invalid_request', async () => {
    const fragment = fragmentOf(await errorRedirect({ ...oidcParams, scope: 'profile' }))
    expect(fragment.get('error')).toBe('invalid_request')
    expect(fragment.get('error_description')).toBe(
      'response_type id_token token is OpenID Connect: scope must include openid',
    )
  })

  it('deny → access_denied in the fragment', async () => {
    const fragment = fragmentOf(await authorize(t.server, implicitParams, { decision: 'deny' }))
    expect(fragment.get('error')).toBe('access_denied')
    expect(fragment.get('state')).toBe('st-1')
    expect(fragment.has('access_token')).toBe(false)
  })

  it('an unknown scope → invalid_scope in the fragment', async () => {
    const fragment = fragmentOf(await errorRedirect({ ...implicitParams, scope: 'photos.delete' }))
    expect(fragment.get('error')).toBe('invalid_scope')
    expect(fragment.get('iss')).toBe(testIssuer)
  })

  it('implicit-app asking for a code → unauthorized_client, in the query (the code flow answers there)', async () => {
    const location = await errorRedirect({ ...implicitParams, response_type: 'code' })
    expect(location.hash).toBe('')
    expect(location.searchParams.get('error')).toBe('unauthorized_client')
    expect(location.searchParams.get('error_description')).toBe(
      'client implicit-app is not allowed to use the authorization_code grant',
    )
    expect(outcomeOf(browser.last, 'check-client-grant')).toBe('fail')
  })

  it('another client asking for tokens → unauthorized_client, in the fragment', async () => {
    const fragment = fragmentOf(await errorRedirect({ ...spaAuthorizeParams, response_type: 'token' }))
    expect(fragment.get('error')).toBe('unauthorized_client')
    expect(fragment.get('error_description')).toBe('client spa is not allowed to use the implicit grant')
    expect(outcomeOf(browser.last, 'check-client-grant')).toBe('fail')
  })

  it('response_mode=query is refused for tokens', async () => {
    const fragment = fragmentOf(await errorRedirect({ ...implicitParams, response_mode: 'query' }))
    expect(fragment.get('error')).toBe('invalid_request')
    expect(fragment.get('error_description')).toBe(
      'response_mode query is not allowed for response_type token',
    )
    expect(outcomeOf(browser.last, 'check-response-mode')).toBe('fail')
  })

  it('an unsupported response_mode → invalid_request', async () => {
    const fragment = fragmentOf(await errorRedirect({ ...implicitParams, response_mode: 'form_post' }))
    expect(fragment.get('error_description')).toBe(
      'response_mode form_post is not supported; use query or fragment',
    )
  })

  it('response_mode=fragment moves a code to the fragment', async () => {
    const location = await authorize(t.server, { ...spaAuthorizeParams, response_mode: 'fragment' })
    expect(location.searchParams.get('code')).toBeNull()
    expect(fragmentOf(location).get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('PKCE is not asked of the implicit grant, and the trace says why', async () => {
    const traced = await browser.open(authorizeUrl(implicitParams))
    expect(traced.response.status).toBe(200)
    expect(entriesOf(traced, 'check-pkce-challenge')[0]).toMatchObject({ outcome: 'info' })
  })

  it('grant_type=implicit at the token endpoint → unsupported_grant_type', async () => {
    const traced = await postForm(t.server, '/as/token', {
      grant_type: 'implicit',
      client_id: 'implicit-app',
    })
    expect(traced.response.status).toBe(400)
    expect((await json(traced))['error']).toBe('unsupported_grant_type')
    expect(outcomeOf(traced, 'check-grant-type')).toBe('fail')
  })
})
