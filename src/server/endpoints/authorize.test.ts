import { beforeEach, describe, expect, it } from 'vitest'
import { demoClients, type DemoClient } from '../demo-world.ts'
import type { MockServerInternals } from '../mock-server.ts'
import {
  authorize,
  authorizeUrl,
  callbackUri,
  createTestServer,
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

const spaClient = demoClients.find((c) => c.client_id === 'spa') as DemoClient

const getAuthorize = (server: MockServerInternals, params: Record<string, string>) =>
  TestBrowser.for(server).open(authorizeUrl(params))

const errorRedirect = (response: Response): URLSearchParams => {
  expect(response.status).toBe(302)
  return new URL(response.headers.get('location') ?? 'about:blank').searchParams
}

describe('authorization endpoint: errors shown as a page, never redirected', () => {
  it('missing client_id → 400 HTML page, no Location', async () => {
    const { client_id: _omit, ...params } = spaAuthorizeParams
    const traced = await getAuthorize(t.server, params)
    expect(traced.response.status).toBe(400)
    expect(traced.response.headers.get('location')).toBeNull()
    expect(traced.response.headers.get('content-type')).toMatch(/text\/html/)
    expect(await traced.response.text()).toContain('invalid_request')
    expect(outcomeOf(traced, 'check-client-id')).toBe('fail')
  })

  it('unknown client → 400 page naming the client_id, HTML-escaped', async () => {
    const traced = await getAuthorize(t.server, { ...spaAuthorizeParams, client_id: '<script>x</script>' })
    expect(traced.response.status).toBe(400)
    expect(traced.response.headers.get('location')).toBeNull()
    const body = await traced.response.text()
    expect(body).toContain('&lt;script&gt;x&lt;/script&gt;')
    expect(body).not.toContain('<script>')
    expect(outcomeOf(traced, 'check-client-id')).toBe('fail')
  })

  it.each([
    ['another host', 'https://attacker.example/callback'],
    ['a trailing slash', `${callbackUri}/`],
    ['an added query', `${callbackUri}?foo=bar`],
    ['a different case', 'http://LOCALHOST:8080/callback'],
  ])('unregistered redirect_uri (%s) → 400 page, no Location', async (_label, redirectUri) => {
    const traced = await getAuthorize(t.server, { ...spaAuthorizeParams, redirect_uri: redirectUri })
    expect(traced.response.status).toBe(400)
    expect(traced.response.headers.get('location')).toBeNull()
    expect(outcomeOf(traced, 'check-redirect-uri')).toBe('fail')
    expect(outcomeOf(traced, 'check-response-type')).toBeUndefined()
  })

  it('redirect_uri omitted from an OpenID Connect request → 400 page (OIDC Core §3.1.2.1)', async () => {
    const { redirect_uri: _omit, ...params } = spaAuthorizeParams
    const traced = await getAuthorize(t.server, { ...params, scope: 'openid profile' })
    expect(traced.response.status).toBe(400)
    expect(traced.response.headers.get('location')).toBeNull()
    expect(outcomeOf(traced, 'check-redirect-uri')).toBe('fail')
  })

  it('sends the clickjacking and cache headers on pages, and no CORS', async () => {
    const traced = await getAuthorize(t.server, { ...spaAuthorizeParams, client_id: 'nope' })
    const h = traced.response.headers
    expect(h.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(h.get('x-frame-options')).toBe('DENY')
    expect(h.get('cache-control')).toBe('no-store')
    expect(h.get('access-control-allow-origin')).toBeNull()
  })
})

describe('authorization endpoint: errors by redirect, with state and iss', () => {
  const cases: [string, Record<string, string>, string, string][] = [
    ['response_type missing', { response_type: '' }, 'invalid_request', 'check-response-type'],
    ['response_type none', { response_type: 'none' }, 'unsupported_response_type', 'check-response-type'],
    [
      'hybrid response_type',
      { response_type: 'code id_token' },
      'unsupported_response_type',
      'check-response-type',
    ],
    ['unknown scope', { scope: 'openid photos.delete' }, 'invalid_scope', 'check-scope'],
    [
      'public client without PKCE',
      { code_challenge: '', code_challenge_method: '' },
      'invalid_request',
      'check-pkce-challenge',
    ],
    ['method omitted means plain', { code_challenge_method: '' }, 'invalid_request', 'check-pkce-challenge'],
    ['plain refused', { code_challenge_method: 'plain' }, 'invalid_request', 'check-pkce-challenge'],
    ['malformed challenge', { code_challenge: 'too-short' }, 'invalid_request', 'check-pkce-challenge'],
    ['unknown method', { code_challenge_method: 'S512' }, 'invalid_request', 'check-pkce-challenge'],
  ]
  it.each(cases)('%s → %s', async (_label, override, error, check) => {
    const traced = await getAuthorize(t.server, { ...spaAuthorizeParams, ...override })
    const params = errorRedirect(traced.response)
    expect(params.get('error')).toBe(error)
    expect(params.get('error_description')).toMatch(/^[\x20-\x21\x23-\x5b\x5d-\x7e]+$/)
    expect(params.get('state')).toBe(spaAuthorizeParams.state)
    expect(params.get('iss')).toBe(testIssuer)
    expect(params.get('code')).toBeNull()
    expect(outcomeOf(traced, check)).toBe('fail')
  })

  it('client not registered for the code grant → unauthorized_client', async () => {
    const traced = await getAuthorize(t.server, { ...spaAuthorizeParams, client_id: 'service' })
    expect(errorRedirect(traced.response).get('error')).toBe('unauthorized_client')
    expect(outcomeOf(traced, 'check-client-grant')).toBe('fail')
  })

  it('duplicate parameters → invalid_request without echoing state (G-01)', async () => {
    const url = `${testIssuer}/authorize?${new URLSearchParams(spaAuthorizeParams).toString()}&state=other`
    const traced = await t.server.handle(new Request(url))
    const params = errorRedirect(traced.response)
    expect(params.get('error')).toBe('invalid_request')
    expect(params.get('state')).toBeNull()
    expect(params.get('iss')).toBe(testIssuer)
    expect(outcomeOf(traced, 'check-duplicate-params')).toBe('fail')
  })

  it("a scope outside the client's registered list → invalid_scope", async () => {
    const limited: DemoClient = { ...spaClient, scope: 'openid profile' }
    const s = await createTestServer({}, [limited])
    const traced = await getAuthorize(s.server, { ...spaAuthorizeParams, scope: 'openid email' })
    const params = errorRedirect(traced.response)
    expect(params.get('error')).toBe('invalid_scope')
    expect(params.get('error_description')).toBe('scope email is not allowed for client spa')
    expect(traced.trace.find((e) => e.check === 'check-scope')).toMatchObject({
      outcome: 'fail',
      summary: 'spa registered the scopes openid profile; it may not ask for email',
    })
    const ok = await getAuthorize(s.server, { ...spaAuthorizeParams, scope: 'profile openid' })
    expect(ok.response.status).toBe(200)
  })

  it('plain PKCE is accepted when the policy allows it', async () => {
    const relaxed = await createTestServer({ policies: { allowPlainPkce: true } })
    const traced = await getAuthorize(relaxed.server, {
      ...spaAuthorizeParams,
      code_challenge: 'a'.repeat(43),
      code_challenge_method: 'plain',
    })
    expect(traced.response.status).toBe(200)
    expect(outcomeOf(traced, 'check-pkce-challenge')).toBe('pass')
  })
})

describe('login, consent and the authorization response', () => {
  it('shows a login page with the labelled fields and the demo hint', async () => {
    const traced = await getAuthorize(t.server, { ...spaAuthorizeParams, unknown_param: 'ignored' })
    expect(traced.response.status).toBe(200)
    const page = await traced.response.text()
    expect(page).toContain('<label for="username">Username</label>')
    expect(page).toContain('<label for="password">Password</label>')
    expect(page).toMatch(/<input id="password" name="password" type="password"/)
    expect(page).toContain('Sign in</button>')
    expect(page).toContain('Demo users: alice / wonderland, bob / builder')
    expect(page).toContain('MovieMatch (single-page app)')
    expect(page).not.toContain('<script')
    expect(page).toMatch(/<input type="hidden" name="interaction" value="[A-Za-z0-9_-]{43}" \/>/)
    expect(outcomeOf(traced, 'find-session')).toBe('info')
  })

  it('wrong password → login page again with an error, username kept', async () => {
    await browser.open(authorizeUrl(spaAuthorizeParams))
    const traced = await browser.signIn('alice', 'nope')
    expect(traced.response.status).toBe(200)
    expect(traced.response.headers.get('set-cookie')).toBeNull()
    const html = await traced.response.text()
    expect(html).toContain('Wrong username or password')
    expect(html).toContain('value="alice"')
    expect(outcomeOf(traced, 'check-credentials')).toBe('fail')
  })

  it('login sets an HttpOnly, SameSite=Lax session cookie and shows consent with scope descriptions', async () => {
    await browser.open(authorizeUrl(spaAuthorizeParams))
    const traced = await browser.signIn('alice', 'wonderland')
    const cookie = traced.response.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^gs_session=[A-Za-z0-9_-]{43}; Path=\/as; .*HttpOnly; SameSite=Lax/)
    const html = await traced.response.text()
    expect(html).toContain(
      '<button type="submit" name="decision" value="allow" class="primary">Allow</button>',
    )
    expect(html).toContain('value="deny"')
    expect(html).toContain('See your list of friends')
    expect(html).toContain('Alice Liddell')
    expect(outcomeOf(traced, 'create-session')).toBe('pass')
  })

  it('allow → 302 to the callback with code, state byte-exact and iss', async () => {
    const state = 'a b+c%2F/é"<>' + 'x'.repeat(300)
    await browser.open(authorizeUrl({ ...spaAuthorizeParams, state }))
    await browser.signIn()
    const consent = await browser.allow()
    const location = browser.redirect
    expect(`${location.origin}${location.pathname}`).toBe(callbackUri)
    expect(location.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(location.searchParams.get('state')).toBe(state)
    expect(location.searchParams.get('iss')).toBe(testIssuer)
    expect(consent.response.status).toBe(302)
    expect(outcomeOf(consent, 'issue-code')).toBe('pass')
  })

  it('deny → access_denied redirect with state and iss, and no code', async () => {
    await browser.open(authorizeUrl(spaAuthorizeParams))
    await browser.signIn()
    const consent = await browser.deny()
    const location = browser.redirect
    expect(location.searchParams.get('error')).toBe('access_denied')
    expect(location.searchParams.get('error_description')).toBeTruthy()
    expect(location.searchParams.get('state')).toBe(spaAuthorizeParams.state)
    expect(location.searchParams.get('iss')).toBe(testIssuer)
    expect(location.searchParams.get('code')).toBeNull()
    expect(outcomeOf(consent, 'check-consent')).toBe('fail')
  })

  it('a signed-in browser skips the login page', async () => {
    await browser.open(authorizeUrl(spaAuthorizeParams))
    await browser.signIn()
    await browser.allow()
    const traced = await browser.open(authorizeUrl(spaAuthorizeParams))
    const html = await traced.response.text()
    expect(html).toContain('value="allow"')
    expect(html).not.toContain('Password')
    expect(traced.trace.find((e) => e.check === 'find-session')?.summary).toContain(
      'Already signed in as alice',
    )
  })

  it('consent without the session cookie → 400 page, no redirect', async () => {
    await browser.open(authorizeUrl(spaAuthorizeParams))
    await browser.signIn('bob', 'builder')
    browser.clearCookies()
    const traced = await browser.allow()
    expect(traced.response.status).toBe(400)
    expect(traced.response.headers.get('location')).toBeNull()
    expect(outcomeOf(traced, 'check-session')).toBe('fail')
  })

  it('the interaction is single-use: a second consent post is a 400 page', async () => {
    await browser.open(authorizeUrl(spaAuthorizeParams))
    await browser.signIn()
    await browser.allow()
    browser.back()
    const again = await browser.allow()
    expect(again.response.status).toBe(400)
    expect(outcomeOf(again, 'check-interaction')).toBe('fail')
  })

  it('accepts the authorization request as a form POST', async () => {
    const traced = await postForm(t.server, '/as/authorize', spaAuthorizeParams)
    expect(traced.response.status).toBe(200)
    expect(await traced.response.text()).toContain('Sign in')
  })

  it('omitting redirect_uri from a plain OAuth request uses the single registered one', async () => {
    const { redirect_uri: _omit, nonce: _nonce, ...params } = spaAuthorizeParams
    const location = await authorize(t.server, { ...params, scope: 'friends.read movies.read' })
    expect(`${location.origin}${location.pathname}`).toBe(callbackUri)
  })
})
