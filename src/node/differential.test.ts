import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CookieJar, setCookiesOf } from '../protocol/cookie-jar.ts'
import { startTestApp, type TestApp } from './node-test-utils.ts'
import { startOidcProvider, type RunningProvider } from './oidc-provider-test-utils.ts'

/**
 * The differential suite: the same scenarios against the bundled server (over HTTP, `npm start`'s
 * adapter) and against node-oidc-provider (OpenID Certified), configured like the demo world and
 * started here. Each scenario ends in an outcome — `ok`, an OAuth `error` code, or `page` (an error
 * page, no redirect) — and the two servers must agree, except where this table says why not. Every
 * difference is a deliberate setting or a documented choice (the README has the same table);
 * a difference that appears without an entry here fails the suite.
 *
 * | scenario                                                 | Grantscope                    | oidc-provider           | why                                                                                                                                                                   |
 * | -------------------------------------------------------- | ----------------------------- | ----------------------- | --------------------------------------------------------------------------------------------------------------------------------------------------------------------- |
 * | device: poll faster than the interval                    | slow_down                     | authorization_pending   | setting deviceSlowDown (on): RFC 8628 §3.5 says the interval MUST grow by 5 s; oidc-provider defines slow_down but never sends it                                      |
 * | password grant                                           | ok                            | unsupported_grant_type  | Grantscope implements the deprecated grant to show it (RFC 9700 §2.4); oidc-provider refuses to                                                                        |
 * | an unknown scope                                         | invalid_scope                 | ok                      | RFC 6749 §3.3 allows either; Grantscope refuses, so a typo is seen rather than silently dropped; oidc-provider ignores scopes it does not know                         |
 * | UserInfo without a token                                 | 401 without an error code     | invalid_token           | RFC 6750 §3.1: a request without any credentials SHOULD NOT get an error code, only the challenge; oidc-provider says invalid_token                                    |
 * | register: http on a public host (web app)                | invalid_redirect_uri          | ok                      | Grantscope allows http only on loopback (RFC 6749 §3.1.2.1: TLS); oidc-provider allows http for web apps that do not use the implicit grant                           |
 * | register: response_types code without authorization_code | invalid_client_metadata       | ok                      | RFC 7591 §2.1 lets the server reject or replace an inconsistent pair: Grantscope rejects it, so the developer sees the mistake; oidc-provider replaces the grant types |
 * | register: client_credentials only                        | ok                            | invalid_redirect_uri    | RFC 7591 defaults response_types to code; Grantscope derives it from grant_types (none here), oidc-provider keeps code and then needs a redirect URI                  |
 * | introspection by a public client                         | invalid_client                | ok                      | RFC 7662 §2.1 requires authorization to introspect; a public client has none, so Grantscope answers 401; oidc-provider lets it ask                                    |
 */
const differences: Readonly<Record<string, { grantscope: string; oidcProvider: string }>> = {
  'device: poll faster than the interval': { grantscope: 'slow_down', oidcProvider: 'authorization_pending' },
  'password grant': { grantscope: 'ok', oidcProvider: 'unsupported_grant_type' },
  'an unknown scope': { grantscope: 'invalid_scope', oidcProvider: 'ok' },
  'UserInfo without a token': { grantscope: '401 without an error code', oidcProvider: 'invalid_token' },
  'register: http on a public host (web app)': { grantscope: 'invalid_redirect_uri', oidcProvider: 'ok' },
  'register: response_types code without authorization_code': {
    grantscope: 'invalid_client_metadata',
    oidcProvider: 'ok',
  },
  'register: client_credentials only': { grantscope: 'ok', oidcProvider: 'invalid_redirect_uri' },
  'introspection by a public client': { grantscope: 'invalid_client', oidcProvider: 'ok' },
}

/** One server under test, found through its discovery document. */
interface Target {
  readonly name: 'grantscope' | 'oidc-provider'
  readonly issuer: string
  readonly metadata: Record<string, string>
  redirectUri(clientId: string): string
}

const pkce = {
  verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
  challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
}

const basic = (id: string, secret: string) => ({ authorization: `Basic ${btoa(`${id}:${secret}`)}` })

/** What a response amounts to: ok, an OAuth error code, `page` (an HTML error page), or a status. */
async function outcomeOf(response: Response): Promise<string> {
  if (response.ok) return 'ok'
  const type = response.headers.get('content-type') ?? ''
  if (type.includes('json')) {
    const body = (await response.json()) as { error?: unknown }
    if (typeof body.error === 'string') return body.error
  }
  const challenge = /error="([^"]+)"/.exec(response.headers.get('www-authenticate') ?? '')?.[1]
  if (challenge !== undefined) return challenge
  if (type.includes('html') && response.status >= 400) return 'page'
  if (response.status === 401) return '401 without an error code'
  return `status ${response.status}`
}

/** The error in an authorization response (query or fragment), or ok. */
function outcomeOfRedirect(url: URL): string {
  const params = new URLSearchParams(url.hash.length > 1 ? url.hash.slice(1) : url.search)
  return params.get('error') ?? 'ok'
}

interface Form {
  readonly action: string
  readonly fields: Record<string, string>
  readonly names: readonly string[]
}

const attribute = (tag: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(tag)?.[1]
const unescape = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')

/** The forms of a page: action, hidden values, and every named input or button. */
function formsOf(html: string): Form[] {
  return [...html.matchAll(/<form([^>]*)>([\s\S]*?)<\/form>/g)].map(([, attrs = '', body = '']) => {
    const fields: Record<string, string> = {}
    const names: string[] = []
    for (const [tag] of body.matchAll(/<(?:input|button)[^>]*>/g)) {
      const name = attribute(tag, 'name')
      if (name === undefined) continue
      names.push(name)
      if (/type="hidden"/.test(tag)) fields[name] = unescape(attribute(tag, 'value') ?? '')
    }
    return { action: unescape(attribute(attrs, 'action') ?? ''), fields, names }
  })
}

/**
 * A browser for both servers' own pages: it signs alice in and allows or denies on Grantscope's
 * login and consent pages and on oidc-provider's dev interactions, types device codes, and stops
 * at the redirect back to the client (or at an error page).
 */
class Browser {
  private readonly jar = new CookieJar()

  constructor(private readonly target: Target) {}

  private async send(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers)
    const cookie = this.jar.headerFor(url)
    if (cookie !== undefined) headers.set('cookie', cookie)
    const response = await fetch(url, { ...init, headers, redirect: 'manual' })
    this.jar.store(url, setCookiesOf(response))
    return response
  }

  /** Runs a front-channel journey from `url` until it leaves the server: a redirect, or an error page. */
  async journey(
    start: string,
    decision: 'allow' | 'deny' = 'allow',
    userCode?: string,
  ): Promise<{ redirect?: URL; outcome: string }> {
    let url = start
    let init: RequestInit = {}
    for (let step = 0; step < 15; step++) {
      const response = await this.send(url, init)
      init = {}
      const location = response.headers.get('location')
      if (response.status >= 300 && response.status < 400 && location !== null) {
        const next = new URL(location, url)
        if (next.origin !== new URL(this.target.issuer).origin || next.pathname === '/callback')
          return { redirect: next, outcome: outcomeOfRedirect(next) }
        url = next.href
        continue
      }
      const html = await response.text()
      if (response.status >= 400)
        return {
          outcome: response.status === 400 || response.status === 403 ? 'page' : `status ${response.status}`,
        }
      const form = formsOf(html)[0]
      if (form === undefined) return { outcome: 'ok' }
      const fields: Record<string, string> = { ...form.fields }
      if (form.names.includes('username'))
        Object.assign(fields, { username: 'alice', password: 'wonderland' })
      else if (form.names.includes('login')) Object.assign(fields, { login: 'alice', password: 'wonderland' })
      else if (form.names.includes('user_code')) fields['user_code'] = userCode ?? ''
      else if (form.names.includes('decision')) fields['decision'] = decision
      else if (decision === 'deny') {
        const abort = /href="([^"]*\/abort)"/.exec(html)?.[1]
        if (abort !== undefined) {
          url = new URL(unescape(abort), url).href
          continue
        }
        if (form.names.includes('abort')) fields['abort'] = 'yes'
      }
      url = new URL(form.action, url).href
      init = {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      }
    }
    throw new Error(`${this.target.name}: the journey from ${start} did not end`)
  }
}

let app: TestApp
let provider: RunningProvider
const targets: Target[] = []

async function discover(name: Target['name'], issuer: string, redirectUri: (id: string) => string) {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`)
  targets.push({ name, issuer, metadata: (await response.json()) as Record<string, string>, redirectUri })
}

beforeAll(async () => {
  ;[app, provider] = await Promise.all([startTestApp(), startOidcProvider()])
  await discover('grantscope', app.running.issuer, () => `${app.running.url}/callback`)
  await discover('oidc-provider', provider.issuer, (id) => provider.redirectUri(id))
}, 30_000)
afterAll(async () => {
  await Promise.all([app.stop(), provider.close()])
})

// ---- scenario building blocks -------------------------------------------------------------

const endpoint = (t: Target, name: string): string => {
  const url = t.metadata[name]
  if (url === undefined) throw new Error(`${t.name} does not advertise ${name}`)
  return url
}

function authorizationUrl(t: Target, clientId: string, extra: Record<string, string> = {}): string {
  const url = new URL(endpoint(t, 'authorization_endpoint'))
  const params: Record<string, string> = {
    client_id: clientId,
    response_type: 'code',
    redirect_uri: t.redirectUri(clientId),
    scope: 'openid profile',
    state: 'differential-state',
    nonce: 'differential-nonce',
    ...(clientId === 'spa' ? { code_challenge: pkce.challenge, code_challenge_method: 'S256' } : {}),
    ...extra,
  }
  for (const [name, value] of Object.entries(params)) if (value !== '') url.searchParams.set(name, value)
  return url.href
}

/** Signs in and allows; the authorization response's outcome. */
const authorizationOutcome = async (
  t: Target,
  clientId: string,
  extra: Record<string, string> = {},
  decision: 'allow' | 'deny' = 'allow',
) => (await new Browser(t).journey(authorizationUrl(t, clientId, extra), decision)).outcome

async function codeFor(t: Target, clientId: string, extra: Record<string, string> = {}): Promise<string> {
  const { redirect } = await new Browser(t).journey(authorizationUrl(t, clientId, extra))
  const code = redirect?.searchParams.get('code')
  if (code === null || code === undefined)
    throw new Error(`${t.name}: no code in ${redirect?.href ?? 'no redirect'}`)
  return code
}

function post(
  url: string,
  body: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body).toString(),
  })
}

const token = (t: Target, body: Record<string, string>, headers: Record<string, string> = {}) =>
  post(endpoint(t, 'token_endpoint'), body, headers)

const redeemSpa = (t: Target, code: string, extra: Record<string, string> = {}) =>
  token(t, {
    grant_type: 'authorization_code',
    client_id: 'spa',
    code,
    redirect_uri: t.redirectUri('spa'),
    code_verifier: pkce.verifier,
    ...extra,
  })

async function spaTokens(t: Target): Promise<{ refresh_token: string; access_token: string }> {
  const response = await redeemSpa(
    t,
    await codeFor(t, 'spa', { scope: 'openid profile offline_access', prompt: 'consent' }),
  )
  return (await response.json()) as { refresh_token: string; access_token: string }
}

const register = (t: Target, metadata: Record<string, unknown>) =>
  fetch(endpoint(t, 'registration_endpoint'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(metadata),
  })

/** Registers a native app for `http://127.0.0.1/callback`, then signs in sent back to `redirectUri`. */
async function nativeAppSignIn(t: Target, redirectUri: string): Promise<string> {
  const registered = await register(t, {
    application_type: 'native',
    token_endpoint_auth_method: 'none',
    redirect_uris: ['http://127.0.0.1/callback'],
  })
  const client = (await registered.json()) as { client_id: string }
  return authorizationOutcome(t, client.client_id, {
    redirect_uri: redirectUri,
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
  })
}

const deviceStart = async (t: Target) =>
  (await (
    await post(endpoint(t, 'device_authorization_endpoint'), { client_id: 'tv', scope: 'openid profile' })
  ).json()) as {
    device_code: string
    user_code: string
    verification_uri_complete: string
  }

const poll = (t: Target, deviceCode: string) =>
  token(t, {
    grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
    client_id: 'tv',
    device_code: deviceCode,
  })

// ---- the scenarios --------------------------------------------------------------------------

type Scenario = readonly [name: string, run: (t: Target) => Promise<string>]

const scenarios: readonly Scenario[] = [
  ['discovery', async (t) => outcomeOf(await fetch(`${t.issuer}/.well-known/openid-configuration`))],
  ['JWKS', async (t) => outcomeOf(await fetch(endpoint(t, 'jwks_uri')))],

  // authorization endpoint
  ['code with PKCE (spa)', async (t) => outcomeOf(await redeemSpa(t, await codeFor(t, 'spa')))],
  [
    'code with client_secret_basic (web-app)',
    async (t) =>
      outcomeOf(
        await token(
          t,
          {
            grant_type: 'authorization_code',
            code: await codeFor(t, 'web-app'),
            redirect_uri: t.redirectUri('web-app'),
          },
          basic('web-app', 'web-app-secret'),
        ),
      ),
  ],
  [
    'an unknown client_id',
    async (t) => authorizationOutcome(t, 'nobody', { redirect_uri: t.redirectUri('spa') }),
  ],
  [
    'an unregistered redirect_uri',
    async (t) => authorizationOutcome(t, 'spa', { redirect_uri: 'https://attacker.example/cb' }),
  ],
  [
    'a redirect_uri with another case',
    async (t) =>
      authorizationOutcome(t, 'spa', {
        redirect_uri: t.redirectUri('spa').replace('localhost', 'LOCALHOST'),
      }),
  ],
  [
    'an unsupported response_type',
    async (t) => authorizationOutcome(t, 'spa', { response_type: 'code token' }),
  ],
  [
    'a public client without PKCE',
    async (t) => authorizationOutcome(t, 'spa', { code_challenge: '', code_challenge_method: '' }),
  ],
  [
    'PKCE plain',
    async (t) =>
      authorizationOutcome(t, 'spa', { code_challenge: pkce.verifier, code_challenge_method: 'plain' }),
  ],
  [
    'PKCE without a method (plain)',
    async (t) => authorizationOutcome(t, 'spa', { code_challenge_method: '' }),
  ],
  ['an unknown scope', async (t) => authorizationOutcome(t, 'spa', { scope: 'openid photos.delete' })],
  ['the user denies', async (t) => authorizationOutcome(t, 'spa', {}, 'deny')],
  [
    'implicit id_token token without nonce',
    async (t) => authorizationOutcome(t, 'implicit-app', { response_type: 'id_token token', nonce: '' }),
  ],
  [
    'implicit id_token token',
    async (t) => authorizationOutcome(t, 'implicit-app', { response_type: 'id_token token' }),
  ],
  ['implicit id_token', async (t) => authorizationOutcome(t, 'implicit-app', { response_type: 'id_token' })],
  [
    'a duplicated parameter',
    async (t) => (await new Browser(t).journey(`${authorizationUrl(t, 'spa')}&state=again`)).outcome,
  ],

  // token endpoint
  [
    'a wrong code_verifier',
    async (t) => outcomeOf(await redeemSpa(t, await codeFor(t, 'spa'), { code_verifier: 'x'.repeat(43) })),
  ],
  [
    'a replayed code',
    async (t) => {
      const code = await codeFor(t, 'spa')
      await redeemSpa(t, code)
      return outcomeOf(await redeemSpa(t, code))
    },
  ],
  [
    'a code with another redirect_uri',
    async (t) =>
      outcomeOf(await redeemSpa(t, await codeFor(t, 'spa'), { redirect_uri: 'https://other.example/cb' })),
  ],
  ['an unknown code', async (t) => outcomeOf(await redeemSpa(t, 'not-a-code'))],
  ['no grant_type', async (t) => outcomeOf(await token(t, { client_id: 'spa', code: 'x' }))],
  [
    'an unknown grant_type',
    async (t) => outcomeOf(await token(t, { grant_type: 'foobar', client_id: 'spa' })),
  ],
  [
    'a wrong client secret',
    async (t) => outcomeOf(await token(t, { grant_type: 'client_credentials' }, basic('service', 'wrong'))),
  ],
  [
    'client credentials',
    async (t) =>
      outcomeOf(
        await token(
          t,
          { grant_type: 'client_credentials', scope: 'movies.read' },
          basic('service', 'service-secret'),
        ),
      ),
  ],
  [
    'password grant',
    async (t) =>
      outcomeOf(
        await token(
          t,
          { grant_type: 'password', username: 'alice', password: 'wonderland', scope: 'openid' },
          // oidc-provider has no client for the grant: it refuses the grant type before the client.
          t.name === 'grantscope'
            ? basic('legacy-app', 'legacy-app-secret')
            : basic('web-app', 'web-app-secret'),
        ),
      ),
  ],
  [
    'refresh with rotation',
    async (t) => {
      const tokens = await spaTokens(t)
      return outcomeOf(
        await token(t, {
          grant_type: 'refresh_token',
          client_id: 'spa',
          refresh_token: tokens.refresh_token,
        }),
      )
    },
  ],
  [
    'reuse of a rotated refresh token, then the newest',
    async (t) => {
      const tokens = await spaTokens(t)
      const refresh = (rt: string) =>
        token(t, { grant_type: 'refresh_token', client_id: 'spa', refresh_token: rt })
      const rotated = (await (await refresh(tokens.refresh_token)).json()) as { refresh_token: string }
      const reuse = await outcomeOf(await refresh(tokens.refresh_token))
      return `${reuse} then ${await outcomeOf(await refresh(rotated.refresh_token))}`
    },
  ],
  [
    'refresh asking for a wider scope',
    async (t) => {
      const tokens = await spaTokens(t)
      return outcomeOf(
        await token(t, {
          grant_type: 'refresh_token',
          client_id: 'spa',
          refresh_token: tokens.refresh_token,
          scope: 'openid email',
        }),
      )
    },
  ],

  // device flow
  [
    'device authorization',
    async (t) =>
      outcomeOf(
        await post(endpoint(t, 'device_authorization_endpoint'), { client_id: 'tv', scope: 'openid' }),
      ),
  ],
  [
    'device: poll before the user acts',
    async (t) => outcomeOf(await poll(t, (await deviceStart(t)).device_code)),
  ],
  [
    'device: poll faster than the interval',
    async (t) => {
      const { device_code } = await deviceStart(t)
      await poll(t, device_code)
      return outcomeOf(await poll(t, device_code))
    },
  ],
  ['device: an unknown device_code', async (t) => outcomeOf(await poll(t, 'not-a-device-code'))],
  [
    'device: the user approves',
    async (t) => {
      const started = await deviceStart(t)
      await new Browser(t).journey(started.verification_uri_complete, 'allow', started.user_code)
      return outcomeOf(await poll(t, started.device_code))
    },
  ],

  // revocation, introspection, UserInfo
  [
    'revoke an unknown token',
    async (t) =>
      outcomeOf(
        await post(endpoint(t, 'revocation_endpoint'), { token: 'nope' }, basic('web-app', 'web-app-secret')),
      ),
  ],
  [
    'revoke without a token',
    async (t) =>
      outcomeOf(await post(endpoint(t, 'revocation_endpoint'), {}, basic('web-app', 'web-app-secret'))),
  ],
  [
    'introspect an unknown token',
    async (t) => {
      const response = await post(
        endpoint(t, 'introspection_endpoint'),
        { token: 'nope' },
        basic('web-app', 'web-app-secret'),
      )
      return JSON.stringify(await response.json())
    },
  ],
  [
    'introspection by a public client',
    async (t) =>
      outcomeOf(await post(endpoint(t, 'introspection_endpoint'), { token: 'nope', client_id: 'spa' })),
  ],
  ['UserInfo without a token', async (t) => outcomeOf(await fetch(endpoint(t, 'userinfo_endpoint')))],
  [
    'UserInfo with a forged token',
    async (t) =>
      outcomeOf(
        await fetch(endpoint(t, 'userinfo_endpoint'), { headers: { authorization: 'Bearer forged' } }),
      ),
  ],
  [
    'UserInfo with a token from the code grant',
    async (t) =>
      outcomeOf(
        await fetch(endpoint(t, 'userinfo_endpoint'), {
          headers: { authorization: `Bearer ${(await spaTokens(t)).access_token}` },
        }),
      ),
  ],

  // dynamic client registration
  [
    'register: a public SPA on localhost',
    async (t) =>
      outcomeOf(
        await register(t, {
          redirect_uris: ['http://localhost:5173/callback'],
          token_endpoint_auth_method: 'none',
        }),
      ),
  ],
  [
    'register: a redirect URI with a fragment',
    async (t) => outcomeOf(await register(t, { redirect_uris: ['https://app.example/cb#f'] })),
  ],
  [
    'register: http on a public host (web app)',
    async (t) => outcomeOf(await register(t, { redirect_uris: ['http://app.example/cb'] })),
  ],
  [
    'register: an unknown grant type',
    async (t) =>
      outcomeOf(
        await register(t, {
          redirect_uris: ['https://app.example/cb'],
          grant_types: ['authorization_code', 'urn:example:magic'],
        }),
      ),
  ],
  [
    'register: an unknown auth method',
    async (t) =>
      outcomeOf(
        await register(t, { redirect_uris: ['https://app.example/cb'], token_endpoint_auth_method: 'magic' }),
      ),
  ],
  [
    'register: response_types code without authorization_code',
    async (t) =>
      outcomeOf(
        await register(t, {
          redirect_uris: ['https://app.example/cb'],
          grant_types: ['implicit'],
          response_types: ['code'],
        }),
      ),
  ],
  [
    'register: client_credentials only',
    async (t) => outcomeOf(await register(t, { grant_types: ['client_credentials'] })),
  ],
  [
    'register: a native app, then a loopback port it picks',
    (t) => nativeAppSignIn(t, 'http://127.0.0.1:50123/callback'),
  ],
  ['register: a native app, then another path', (t) => nativeAppSignIn(t, 'http://127.0.0.1:50123/other')],
]

describe('differential: the bundled server and node-oidc-provider', () => {
  it.each(scenarios)('%s', async (name, run) => {
    const [ours, theirs] = await Promise.all(targets.map((t) => run(t)))
    const expected = differences[name]
    if (expected === undefined)
      expect(ours, `Grantscope and oidc-provider disagree on "${name}"`).toBe(theirs)
    else expect({ grantscope: ours, oidcProvider: theirs }).toEqual(expected)
  })

  it('every documented difference is a scenario', () => {
    const names = new Set(scenarios.map(([name]) => name))
    for (const name of Object.keys(differences)) expect(names.has(name), name).toBe(true)
  })
})
