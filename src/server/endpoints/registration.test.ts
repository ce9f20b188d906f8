import { beforeEach, describe, expect, it } from 'vitest'
import type { TracedResponse } from '../../protocol/http-exchange.ts'
import { basicAuthorization } from '../http/basic-credentials.ts'
import {
  authorizeUrl,
  bearerGet,
  createTestServer,
  json,
  outcomeOf,
  postForm,
  rfcPkce,
  TestBrowser,
  testIssuer,
  testOrigin,
  type TestServer,
} from '../test-utils.ts'

let t: TestServer
beforeEach(async () => {
  t = await createTestServer()
})

const register = (body: unknown, headers: Record<string, string> = {}) =>
  t.server.handle(
    new Request(`${testIssuer}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  )

const devSpa = {
  client_name: 'My SPA',
  redirect_uris: ['http://localhost:5173/callback'],
  token_endpoint_auth_method: 'none',
  grant_types: ['authorization_code', 'refresh_token'],
}

async function expectRegistrationError(
  traced: TracedResponse,
  error: string,
  description: string,
  check: string,
) {
  expect(traced.response.status).toBe(400)
  expect(traced.response.headers.get('cache-control')).toBe('no-store')
  expect(await json(traced)).toEqual({ error, error_description: description })
  expect(outcomeOf(traced, check)).toBe('fail')
}

/** Signs alice in and allows; returns the authorization response. */
async function signInAndAllow(
  params: Record<string, string>,
): Promise<{ browser: TestBrowser; location: URL }> {
  const browser = TestBrowser.for(t.server)
  const page = await browser.open(authorizeUrl(params))
  expect(page.response.status, await page.response.clone().text()).toBe(200)
  await browser.signIn()
  await browser.allow()
  return { browser, location: browser.redirect }
}

describe('dynamic client registration (RFC 7591)', () => {
  it('is advertised as registration_endpoint', async () => {
    const doc = await json(
      await t.server.handle(new Request(`${testIssuer}/.well-known/openid-configuration`)),
    )
    expect(doc['registration_endpoint']).toBe(`${testIssuer}/register`)
  })

  it('registers a public SPA: 201, a client_id, no secret, the metadata echoed', async () => {
    const traced = await register(devSpa)
    expect(traced.response.status).toBe(201)
    expect(traced.response.headers.get('cache-control')).toBe('no-store')
    const body = await json(traced)
    expect(body).toMatchObject({
      ...devSpa,
      response_types: ['code'],
      application_type: 'web',
      client_id_issued_at: Math.floor(t.clock.now / 1000),
      registration_client_uri: `${testIssuer}/register/${String(body['client_id'])}`,
    })
    expect(body['client_id']).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(body).not.toHaveProperty('client_secret')
    expect(body).not.toHaveProperty('client_secret_expires_at')
    expect(body['registration_access_token']).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(outcomeOf(traced, 'register-client')).toBe('pass')
  })

  it('gives a confidential client a secret that never expires (client_secret_basic by default)', async () => {
    const body = await json(await register({ redirect_uris: ['https://app.example/cb'] }))
    expect(body).toMatchObject({
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code'],
      client_secret_expires_at: 0,
    })
    expect(body['client_secret']).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('a developer SPA on another port signs in with PKCE, and its tokens work', async () => {
    const client = await json(await register(devSpa))
    const clientId = String(client['client_id'])
    const params = {
      client_id: clientId,
      response_type: 'code',
      redirect_uri: 'http://localhost:5173/callback',
      scope: 'openid profile friends.read',
      state: 'st',
      code_challenge: rfcPkce.challenge,
      code_challenge_method: 'S256',
    }
    const { browser, location } = await signInAndAllow(params)
    expect(browser.html).toBeDefined()
    expect(location.origin).toBe('http://localhost:5173')
    const tokens = await postForm(t.server, '/as/token', {
      grant_type: 'authorization_code',
      client_id: clientId,
      code: location.searchParams.get('code') ?? '',
      redirect_uri: 'http://localhost:5173/callback',
      code_verifier: rfcPkce.verifier,
    })
    expect(tokens.response.status).toBe(200)
    const body = await json(tokens)
    expect((await bearerGet(t.server, '/rs/me/friends', String(body['access_token']))).response.status).toBe(
      200,
    )
  })

  it("allows the client's redirect origin in the consent page's form-action", async () => {
    const client = await json(await register(devSpa))
    const browser = TestBrowser.for(t.server)
    await browser.open(
      authorizeUrl({
        client_id: String(client['client_id']),
        response_type: 'code',
        redirect_uri: 'http://localhost:5173/callback',
        scope: 'profile',
        code_challenge: rfcPkce.challenge,
        code_challenge_method: 'S256',
      }),
    )
    const consent = await browser.signIn()
    expect(consent.response.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http://localhost:5173; frame-ancestors 'none'; base-uri 'none'",
    )
    const login = await TestBrowser.for(t.server).open(
      authorizeUrl({ client_id: 'web-app', response_type: 'code', scope: 'profile' }),
    )
    expect(login.response.headers.get('content-security-policy')).toContain("form-action 'self';")
  })

  it('a client registered without scope may ask for every demo scope; with scope, only those', async () => {
    const open = await json(await register(devSpa))
    const all = 'openid profile email offline_access friends.read movies.read'
    const base = {
      response_type: 'code',
      redirect_uri: 'http://localhost:5173/callback',
      code_challenge: rfcPkce.challenge,
      code_challenge_method: 'S256',
    }
    const { location } = await signInAndAllow({ ...base, client_id: String(open['client_id']), scope: all })
    expect(location.searchParams.has('code')).toBe(true)
    const narrow = await json(await register({ ...devSpa, scope: 'openid profile' }))
    const refused = TestBrowser.for(t.server)
    await refused.open(
      authorizeUrl({ ...base, client_id: String(narrow['client_id']), scope: 'openid email' }),
    )
    expect(refused.redirect.searchParams.get('error')).toBe('invalid_scope')
  })

  it('a confidential registered client authenticates with its own method only', async () => {
    const client = await json(
      await register({
        grant_types: ['client_credentials'],
        token_endpoint_auth_method: 'client_secret_post',
        scope: 'movies.read',
      }),
    )
    expect(client['response_types']).toEqual([])
    expect(client['redirect_uris']).toEqual([])
    const id = String(client['client_id'])
    const secret = String(client['client_secret'])
    const post = await postForm(t.server, '/as/token', {
      grant_type: 'client_credentials',
      client_id: id,
      client_secret: secret,
    })
    expect(await json(post)).toMatchObject({ scope: 'movies.read', token_type: 'Bearer' })
    const basic = await postForm(
      t.server,
      '/as/token',
      { grant_type: 'client_credentials' },
      { authorization: basicAuthorization(id, secret) },
    )
    expect(basic.response.status).toBe(401)
    expect(await json(basic)).toMatchObject({ error: 'invalid_client' })
  })

  it('a registered id_token_signed_response_alg signs that client’s ID tokens, not its access tokens', async () => {
    const client = await json(await register({ ...devSpa, id_token_signed_response_alg: 'ES256' }))
    const params = {
      client_id: String(client['client_id']),
      response_type: 'code',
      redirect_uri: 'http://localhost:5173/callback',
      scope: 'openid',
      code_challenge: rfcPkce.challenge,
      code_challenge_method: 'S256',
    }
    const { location } = await signInAndAllow(params)
    const tokens = await json(
      await postForm(t.server, '/as/token', {
        grant_type: 'authorization_code',
        client_id: params.client_id,
        code: location.searchParams.get('code') ?? '',
        redirect_uri: params.redirect_uri,
        code_verifier: rfcPkce.verifier,
      }),
    )
    const algOf = (jwt: unknown) => (JSON.parse(atob(String(jwt).split('.')[0] ?? '')) as { alg: string }).alg
    expect(algOf(tokens['id_token'])).toBe('ES256')
    // Access tokens follow the server's signingAlgorithm setting, not the client's ID token choice.
    expect(algOf(tokens['access_token'])).toBe('RS256')
  })
})

describe('native apps (RFC 8252): a loopback redirect URI may use any port — only the port', () => {
  let clientId: string
  beforeEach(async () => {
    const body = await json(
      await register({
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        redirect_uris: ['http://127.0.0.1/callback', 'com.example.movies:/oauth'],
      }),
    )
    clientId = String(body['client_id'])
  })
  const params = (redirectUri: string) => ({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: 'profile',
    code_challenge: rfcPkce.challenge,
    code_challenge_method: 'S256',
  })

  it('accepts any port on the registered loopback URI, and says why', async () => {
    const page = await TestBrowser.for(t.server).open(authorizeUrl(params('http://127.0.0.1:51234/callback')))
    expect(page.response.status).toBe(200)
    expect(page.trace.find((e) => e.check === 'check-redirect-uri')).toMatchObject({
      outcome: 'pass',
      refs: ['rfc8252-7.3', 'rfc9700-2.1'],
    })
    const { location } = await signInAndAllow(params('http://127.0.0.1:51234/callback'))
    expect(location.host).toBe('127.0.0.1:51234')
  })

  it.each([
    ['another path', 'http://127.0.0.1:51234/other'],
    ['another loopback host', 'http://localhost:51234/callback'],
    ['a query', 'http://127.0.0.1:51234/callback?x=1'],
    ['https', 'https://127.0.0.1:51234/callback'],
  ])('refuses %s', async (_label, uri) => {
    const page = await TestBrowser.for(t.server).open(authorizeUrl(params(uri)))
    expect(page.response.status).toBe(400)
    expect(outcomeOf(page, 'check-redirect-uri')).toBe('fail')
  })

  it('a private-use scheme redirect is allowed in the consent form-action', async () => {
    const browser = TestBrowser.for(t.server)
    await browser.open(authorizeUrl(params('com.example.movies:/oauth')))
    const consent = await browser.signIn()
    expect(consent.response.headers.get('content-security-policy')).toContain(
      "form-action 'self' com.example.movies:;",
    )
  })

  it('a web client gets no port leeway', async () => {
    const web = await json(await register({ ...devSpa, redirect_uris: ['http://127.0.0.1/callback'] }))
    const page = await TestBrowser.for(t.server).open(
      authorizeUrl({ ...params('http://127.0.0.1:51234/callback'), client_id: String(web['client_id']) }),
    )
    expect(page.response.status).toBe(400)
  })
})

describe('registration errors (RFC 7591 §3.2.2)', () => {
  it.each([
    [
      'a fragment',
      { redirect_uris: ['https://app.example/cb#x'] },
      'redirect_uri https://app.example/cb#x has a fragment, which a redirect URI MUST NOT have',
    ],
    [
      'http on a public host',
      { redirect_uris: ['http://app.example/cb'] },
      'redirect_uri http://app.example/cb uses http on a host that is not a loopback address; use https (http only for 127.0.0.1, [::1] or localhost)',
    ],
    ['a relative URI', { redirect_uris: ['/callback'] }, 'redirect_uri /callback is not an absolute URI'],
    [
      'a private-use scheme for a web app',
      { redirect_uris: ['com.example.app:/cb'] },
      'redirect_uri com.example.app:/cb uses the com.example.app: scheme: a web app redirects to https (or http on a loopback address); private-use schemes are for application_type native',
    ],
    [
      'javascript: for a native app',
      { application_type: 'native', redirect_uris: ['javascript:alert(1)'] },
      "redirect_uri javascript:alert(1) uses the javascript: scheme: a native app's private-use scheme names a domain it controls, reversed (com.example.app:)",
    ],
    [
      'none for a code client',
      { grant_types: ['authorization_code'] },
      'redirect_uris is required: response_types code sends the browser back to the client',
    ],
  ])('invalid_redirect_uri for %s', async (_label, metadata, description) => {
    await expectRegistrationError(
      await register(metadata),
      'invalid_redirect_uri',
      description,
      'check-registration-redirect-uris',
    )
  })

  it.each([
    [
      'an unknown grant type',
      { grant_types: ['urn:ietf:params:oauth:grant-type:jwt-bearer'] },
      'grant_types: urn:ietf:params:oauth:grant-type:jwt-bearer is not supported by this server',
      'check-grant-response-types',
    ],
    [
      'code without authorization_code',
      { grant_types: ['implicit'], response_types: ['code'], redirect_uris: ['https://a.example/cb'] },
      'response_type code needs the authorization_code grant type',
      'check-grant-response-types',
    ],
    [
      'authorization_code without a response type',
      { grant_types: ['authorization_code'], response_types: [], redirect_uris: ['https://a.example/cb'] },
      'grant_types includes authorization_code, but response_types has no response type for it',
      'check-grant-response-types',
    ],
    [
      'an unknown response type',
      { response_types: ['code id_token'], redirect_uris: ['https://a.example/cb'] },
      'response_types: code id_token is not supported by this server',
      'check-grant-response-types',
    ],
    [
      'an unknown auth method',
      { token_endpoint_auth_method: 'private_key_jwt', redirect_uris: ['https://a.example/cb'] },
      'token_endpoint_auth_method private_key_jwt is not supported; use client_secret_basic, client_secret_post or none',
      'check-registration-auth-method',
    ],
    [
      'a public client with client_credentials',
      { grant_types: ['client_credentials'], token_endpoint_auth_method: 'none' },
      'client_credentials needs a confidential client: token_endpoint_auth_method none cannot use it',
      'check-registration-auth-method',
    ],
    [
      'redirect_uris that is not an array',
      { redirect_uris: 'https://a.example/cb' },
      'redirect_uris must be an array of strings',
      'check-client-metadata-types',
    ],
    [
      'a numeric client_name',
      { client_name: 42, redirect_uris: ['https://a.example/cb'] },
      'client_name must be a string',
      'check-client-metadata-types',
    ],
    [
      'an unknown application_type',
      { application_type: 'desktop', redirect_uris: ['https://a.example/cb'] },
      'application_type must be web or native, not desktop',
      'check-client-metadata-types',
    ],
    [
      'a javascript: logo_uri',
      { logo_uri: 'javascript:alert(1)', redirect_uris: ['https://a.example/cb'] },
      'logo_uri must be an https URL (or http on a loopback address)',
      'check-client-metadata-types',
    ],
    [
      'an unknown scope',
      { scope: 'openid admin', redirect_uris: ['https://a.example/cb'] },
      'scope: admin is not a scope of this server',
      'check-registration-scope',
    ],
    [
      'an unsupported signing algorithm',
      { id_token_signed_response_alg: 'none', redirect_uris: ['https://a.example/cb'] },
      'id_token_signed_response_alg must be one of RS256, ES256, EdDSA',
      'check-client-metadata-types',
    ],
    ['a JSON array', [], 'The body must be a JSON object of client metadata', 'check-json-body'],
  ])('invalid_client_metadata for %s', async (_label, metadata, description, check) => {
    await expectRegistrationError(await register(metadata), 'invalid_client_metadata', description, check)
  })

  it.each([
    ['not JSON', '{"redirect_uris":', {}, 'The body is not valid JSON'],
    [
      'a form',
      'redirect_uris=x',
      { 'content-type': 'application/x-www-form-urlencoded' },
      'The body must be application/json, not application/x-www-form-urlencoded',
    ],
  ])('invalid_request for a body that is %s', async (_label, body, headers, description) => {
    await expectRegistrationError(
      await register(body, headers),
      'invalid_request',
      description,
      'check-json-body',
    )
  })

  it('ignores metadata it does not understand, and says so in the trace', async () => {
    const traced = await register({ ...devSpa, frobnicate: true, client_secret: 'mine' })
    expect(traced.response.status).toBe(201)
    const body = await json(traced)
    expect(body).not.toHaveProperty('frobnicate')
    expect(body).not.toHaveProperty('client_secret')
    expect(traced.trace.find((e) => e.check === 'check-client-metadata-types')?.summary).toContain(
      'not understood, so ignored: frobnicate, client_secret',
    )
  })

  it('answers a CORS preflight, so a browser app can register itself', async () => {
    const traced = await t.server.handle(new Request(`${testIssuer}/register`, { method: 'OPTIONS' }))
    expect(traced.response.status).toBe(204)
    expect(traced.response.headers.get('access-control-allow-origin')).toBe('*')
  })
})

describe('registered clients are bounded', () => {
  it('forgets a client unused for a day, and refuses its tokens', async () => {
    const client = await json(await register({ grant_types: ['client_credentials'], scope: 'movies.read' }))
    const id = String(client['client_id'])
    const auth = { authorization: basicAuthorization(id, String(client['client_secret'])) }
    const token = String(
      (await json(await postForm(t.server, '/as/token', { grant_type: 'client_credentials' }, auth)))[
        'access_token'
      ],
    )
    expect(t.server.listClients().some((c) => c.client_id === id)).toBe(true)
    t.clock.advance(24 * 3600 + 1)
    expect(t.server.listClients().some((c) => c.client_id === id)).toBe(false)
    const refused = await postForm(t.server, '/as/token', { grant_type: 'client_credentials' }, auth)
    expect(refused.response.status).toBe(401)
    expect((await bearerGet(t.server, '/rs/movies', token)).response.status).toBe(401)
  })

  it('keeps at most the registry capacity, the least recently used going first', async () => {
    const { capacity } = t.server.context.clients
    const ids: string[] = []
    for (let i = 0; i < capacity + 3; i++)
      ids.push(String((await json(await register({ grant_types: ['client_credentials'] })))['client_id']))
    expect(t.server.context.clients.registeredCount).toBe(capacity)
    expect(t.server.context.clients.has(ids[0] ?? '')).toBe(false)
    expect(t.server.context.clients.has(ids.at(-1) ?? '')).toBe(true)
  }, 60_000)
})

describe('the demo world stays', () => {
  it('lists demo clients first, then registered ones, without secrets', async () => {
    await register(devSpa)
    const clients = t.server.listClients()
    expect(clients.slice(0, 6).map((c) => c.client_id)).toEqual([
      'web-app',
      'spa',
      'implicit-app',
      'service',
      'legacy-app',
      'tv',
    ])
    expect(clients[6]).toMatchObject({ client_name: 'My SPA', origin: 'registered' })
    expect(JSON.stringify(clients)).not.toContain('secret"')
    expect(clients[0]?.redirect_uris).toEqual([`${testOrigin}/callback`])
  })
})

describe('registered response types', () => {
  it('a client may only use the response types it registered → unauthorized_client', async () => {
    const client = await json(
      await register({
        grant_types: ['implicit'],
        response_types: ['token'],
        token_endpoint_auth_method: 'none',
        redirect_uris: ['https://legacy.example/cb'],
      }),
    )
    const browser = TestBrowser.for(t.server)
    await browser.open(
      authorizeUrl({
        client_id: String(client['client_id']),
        response_type: 'id_token token',
        redirect_uri: 'https://legacy.example/cb',
        scope: 'openid',
        nonce: 'n',
      }),
    )
    const fragment = new URLSearchParams(browser.redirect.hash.slice(1))
    expect(fragment.get('error')).toBe('unauthorized_client')
    expect(outcomeOf(browser.last, 'check-client-response-type')).toBe('fail')
  })
})

describe('configured clients (a clients file for npm start)', () => {
  it('are registered at start-up with their own client_id and secret, and kept', async () => {
    const s = await createTestServer({
      clients: [
        {
          client_id: 'my-backend',
          client_secret: 'my-backend-secret',
          grant_types: ['client_credentials'],
          scope: 'movies.read',
        },
      ],
    })
    const auth = { authorization: basicAuthorization('my-backend', 'my-backend-secret') }
    const tokens = await postForm(s.server, '/as/token', { grant_type: 'client_credentials' }, auth)
    expect(tokens.response.status).toBe(200)
    s.clock.advance(7 * 24 * 3600)
    expect(s.server.listClients().find((c) => c.client_id === 'my-backend')?.origin).toBe('configured')
  })

  it('refuse to start with an invalid one, naming it', async () => {
    await expect(
      createTestServer({ clients: [{ client_id: 'bad', redirect_uris: ['https://x.example/#f'] }] }),
    ).rejects.toThrow(
      'client 1 (bad): invalid_redirect_uri: redirect_uri https://x.example/#f has a fragment, which a redirect URI MUST NOT have',
    )
    await expect(
      createTestServer({ clients: [{ client_id: 'spa', grant_types: ['client_credentials'] }] }),
    ).rejects.toThrow('client 1 (spa): client_id is taken')
  })
})
