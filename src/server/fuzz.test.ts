import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { setCookiesOf } from '../protocol/cookie-jar.ts'
import {
  authorizeUrl,
  callbackUri,
  createTestServer,
  json,
  postForm,
  redeemSpaCode,
  spaAuthorizeParams,
  spaCode,
  testAdapter,
  TestBrowser,
  testIssuer,
  testOrigin,
  type TestServer,
} from './test-utils.ts'

/**
 * Property-based fuzzing of every endpoint: malformed, oversized, duplicated, wrongly encoded and
 * wrongly typed parameters, headers and bodies. Whatever arrives, the server answers — never a 5xx,
 * never an exception — with a spec-shaped error, and keeps answering. Seeded and bounded, so a run is
 * reproducible and CI stays fast; runs in-process and, fewer cases, through the Node adapter.
 */
const runsPerEndpoint = testAdapter === 'node' ? 30 : 250

const endpoints = [
  '/as/.well-known/openid-configuration',
  '/.well-known/oauth-authorization-server/as',
  '/as/jwks',
  '/as/authorize',
  '/as/login',
  '/as/consent',
  '/as/token',
  '/as/revoke',
  '/as/introspect',
  '/as/device_authorization',
  '/as/device',
  '/as/userinfo',
  '/as/register',
  '/as/register/{client}',
  '/rs/me',
  '/rs/me/friends/movies',
  '/rs/movies',
  '/nowhere',
] as const

const parameterNames = [
  'client_id',
  'client_secret',
  'response_type',
  'response_mode',
  'redirect_uri',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'prompt',
  'grant_type',
  'code',
  'code_verifier',
  'refresh_token',
  'device_code',
  'user_code',
  'token',
  'token_type_hint',
  'username',
  'password',
  'interaction',
  'decision',
]

let t: TestServer
/** Real values the server issued, so the fuzzer also reaches the checks behind the first ones. */
const live: Record<string, string> = {}

beforeAll(async () => {
  t = await createTestServer()
  const tokens = await json(await redeemSpaCode(t.server, await spaCode(t.server)))
  live['access_token'] = String(tokens['access_token'])
  live['refresh_token'] = String(tokens['refresh_token'])
  live['code'] = await spaCode(t.server)
  const browser = TestBrowser.for(t.server)
  await browser.open(authorizeUrl(spaAuthorizeParams))
  live['interaction'] = /name="interaction" value="([^"]+)"/.exec(browser.html)?.[1] ?? ''
  const signedIn = await browser.signIn()
  live['session'] = setCookiesOf(signedIn.response)[0]?.split(';')[0] ?? ''
  const device = await json(
    await postForm(t.server, '/as/device_authorization', { client_id: 'tv', scope: 'openid' }),
  )
  live['device_code'] = String(device['device_code'])
  live['user_code'] = String(device['user_code'])
  const registered = await json(
    await t.server.handle(
      new Request(`${testIssuer}/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          redirect_uris: ['http://localhost:5173/cb'],
          token_endpoint_auth_method: 'none',
        }),
      }),
    ),
  )
  live['client'] = String(registered['client_id'])
  live['registration_access_token'] = String(registered['registration_access_token'])
}, 60_000)

// ---- arbitraries ----------------------------------------------------------------------------

const wellFormed = fc.constantFrom(
  'spa',
  'web-app',
  'tv',
  'service',
  'implicit-app',
  'legacy-app',
  callbackUri,
  'code',
  'token',
  'id_token token',
  'id_token',
  'openid profile',
  'S256',
  'plain',
  spaAuthorizeParams.code_challenge,
  'authorization_code',
  'refresh_token',
  'client_credentials',
  'password',
  'urn:ietf:params:oauth:grant-type:device_code',
  'access_token',
  'allow',
  'deny',
  'alice',
  'wonderland',
  'fragment',
)
const liveValue = fc
  .constantFrom('access_token', 'refresh_token', 'code', 'interaction', 'device_code', 'user_code')
  .map((k) => live[k] ?? '')
const garbage = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '%',
    '%%',
    '%E0%A4%A',
    '%ZZ',
    '\u0000',
    '\uFFFF',
    '\uD800',
    '../../etc/passwd',
    '<script>x</script>',
    '" OR 1=1',
    '🙂',
  ),
  fc.integer().map(String),
)
const huge = fc.integer({ min: 60_000, max: 70_000 }).map((n) => 'A'.repeat(n))
const value = fc.oneof(
  { weight: 4, arbitrary: wellFormed },
  { weight: 2, arbitrary: liveValue },
  { weight: 4, arbitrary: garbage },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: huge },
)
const name = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...parameterNames) },
  { weight: 1, arbitrary: garbage },
)
/** Percent-encodes, or leaves as it is what cannot be (a lone surrogate): then it goes out raw. */
const encode = (text: string): string => {
  try {
    return encodeURIComponent(text)
  } catch {
    return text
  }
}
/** Parameters as written on the wire, duplicates and broken percent-encoding included. */
const parameters = fc
  .array(fc.tuple(name, value, fc.boolean()), { maxLength: 12 })
  .map((pairs) => pairs.map(([n, v, raw]) => (raw ? `${n}=${v}` : `${encode(n)}=${encode(v)}`)).join('&'))

const metadataValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.array(
    fc.oneof(
      wellFormed,
      garbage,
      fc.constantFrom(
        'https://a.example/cb',
        'http://127.0.0.1/cb',
        'com.example.app:/cb',
        'https://a.example/cb#f',
      ),
    ),
    { maxLength: 4 },
  ),
)
const metadataKey = fc.oneof(
  fc.constantFrom(
    'redirect_uris',
    'grant_types',
    'response_types',
    'token_endpoint_auth_method',
    'application_type',
    'client_name',
    'scope',
    'logo_uri',
    'contacts',
    'id_token_signed_response_alg',
    'client_id',
    'client_secret',
  ),
  fc.string({ maxLength: 12 }),
)
const jsonBody = fc.oneof(
  fc.dictionary(metadataKey, metadataValue, { maxKeys: 8 }).map((o) => JSON.stringify(o)),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.constantFrom('{', '{"redirect_uris":', 'null', '[]', '"x"', '{"__proto__":{"admin":true}}'),
)

type Body = string | Uint8Array<ArrayBuffer> | undefined
const body: fc.Arbitrary<Body> = fc.oneof(
  { weight: 5, arbitrary: parameters },
  { weight: 3, arbitrary: jsonBody },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => Uint8Array.from(b)) },
  { weight: 1, arbitrary: huge.map((h) => `token=${h}`) },
  { weight: 1, arbitrary: fc.constant(undefined) },
)

const contentType = fc.option(
  fc.constantFrom(
    'application/x-www-form-urlencoded',
    'application/x-www-form-urlencoded; charset=utf-8',
    'APPLICATION/X-WWW-FORM-URLENCODED',
    'application/json',
    'application/json; charset=latin1',
    'text/plain',
    'multipart/form-data; boundary=x',
    'application/xml',
    ';;;',
  ),
  { nil: undefined },
)
const printable = fc.string({
  unit: fc.constantFrom(
    ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/=:._-~ '.split(''),
  ),
  maxLength: 60,
})
const authorization = fc.option(
  fc.oneof(
    fc.constantFrom(
      `Basic ${btoa('web-app:web-app-secret')}`,
      `Basic ${btoa('web-app:wrong')}`,
      `Basic ${btoa('legacy-app:legacy-app-secret')}`,
      `Basic ${btoa('service:service-secret')}`,
      'Basic %%%',
      `Basic ${btoa('no-colon')}`,
      `Basic ${btoa('%E0%A4%A:%ZZ')}`,
      'Bearer',
      'Bearer ',
      'Digest x',
    ),
    printable.map((p) => `Basic ${p}`),
    printable.map((p) => `Bearer ${p}`),
    liveValue.map((v) => `Bearer ${v}`),
    fc.constant('').map(() => `Bearer ${live['registration_access_token'] ?? ''}`),
  ),
  { nil: undefined },
)
const cookie = fc.option(
  fc.oneof(
    printable.map((p) => `gs_session=${p}`),
    fc.constant('gs_session=; gs_session=x'),
    printable,
  ),
  { nil: undefined },
)
const method = fc.constantFrom('GET', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD')

interface FuzzRequest {
  readonly method: string
  readonly query: string
  readonly body: Body
  readonly contentType: string | undefined
  readonly authorization: string | undefined
  readonly cookie: string | undefined
}

/** A fully random request: mostly stopped by the first checks. */
const randomRequest: fc.Arbitrary<FuzzRequest> = fc.record({
  method,
  query: fc.option(parameters, { nil: '' }).map((q) => q ?? ''),
  body,
  contentType,
  authorization,
  cookie,
})

/** A valid request to an endpoint, for mutations to start from: it reaches the deeper checks. */
interface Template {
  readonly method: string
  readonly params: readonly (readonly [string, string])[]
  readonly in: 'query' | 'form' | 'json'
  readonly authorization?: string
  readonly cookie?: string
}

const form = (params: Record<string, string>, extra: Partial<Template> = {}): Template => ({
  method: 'POST',
  params: Object.entries(params),
  in: 'form',
  ...extra,
})
const basic = (id: string, secret: string) => `Basic ${btoa(`${id}:${secret}`)}`
const bearer = (token: string | undefined) => `Bearer ${token ?? ''}`

function templates(path: string): Template[] {
  const get = (extra: Partial<Template> = {}): Template => ({
    method: 'GET',
    params: [],
    in: 'query',
    ...extra,
  })
  switch (path) {
    case '/as/authorize':
      return [
        {
          method: 'GET',
          params: Object.entries(spaAuthorizeParams),
          in: 'query',
          ...(live['session'] ? { cookie: live['session'] } : {}),
        },
        form({ ...spaAuthorizeParams, client_id: 'implicit-app', response_type: 'id_token token' }),
      ]
    case '/as/login':
      return [form({ interaction: live['interaction'] ?? '', username: 'alice', password: 'wonderland' })]
    case '/as/consent':
      return [
        form(
          { interaction: live['interaction'] ?? '', decision: 'allow' },
          { cookie: live['session'] ?? '' },
        ),
      ]
    case '/as/token':
      return [
        form({
          grant_type: 'authorization_code',
          client_id: 'spa',
          code: live['code'] ?? '',
          redirect_uri: callbackUri,
          code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
        }),
        form({ grant_type: 'refresh_token', client_id: 'spa', refresh_token: live['refresh_token'] ?? '' }),
        form(
          { grant_type: 'client_credentials', scope: 'movies.read' },
          { authorization: basic('service', 'service-secret') },
        ),
        form(
          { grant_type: 'password', username: 'alice', password: 'wonderland', scope: 'openid' },
          { authorization: basic('legacy-app', 'legacy-app-secret') },
        ),
        form({
          grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
          client_id: 'tv',
          device_code: live['device_code'] ?? '',
        }),
      ]
    case '/as/revoke':
    case '/as/introspect':
      return [
        form(
          { token: live['access_token'] ?? '', token_type_hint: 'access_token' },
          { authorization: basic('web-app', 'web-app-secret') },
        ),
      ]
    case '/as/device_authorization':
      return [form({ client_id: 'tv', scope: 'openid profile' })]
    case '/as/device':
      return [
        form({ user_code: live['user_code'] ?? '' }),
        get({ params: [['user_code', live['user_code'] ?? '']] }),
      ]
    case '/as/register':
      return [
        {
          method: 'POST',
          params: [
            ['redirect_uris', 'http://localhost:5173/cb'],
            ['token_endpoint_auth_method', 'none'],
            ['grant_types', 'authorization_code'],
            ['application_type', 'native'],
          ],
          in: 'json',
        },
      ]
    case '/as/register/{client}':
      return [get({ authorization: bearer(live['registration_access_token']) })]
    case '/as/userinfo':
    case '/rs/me':
    case '/rs/me/friends/movies':
    case '/rs/movies':
      return [get({ authorization: bearer(live['access_token']) })]
    default:
      return [get()]
  }
}

type Mutation =
  | { readonly op: 'drop' | 'duplicate'; readonly at: number }
  | { readonly op: 'set'; readonly at: number; readonly value: string }
  | { readonly op: 'add'; readonly name: string; readonly value: string }
  | { readonly op: 'method'; readonly method: string }
  | { readonly op: 'contentType'; readonly contentType: string | undefined }
  | { readonly op: 'authorization'; readonly authorization: string | undefined }
  | { readonly op: 'cookie'; readonly cookie: string | undefined }

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constantFrom('drop' as const, 'duplicate' as const), at: fc.nat(8) }),
  },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('set' as const), at: fc.nat(8), value }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('add' as const), name, value }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('method' as const), method }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('contentType' as const), contentType }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('authorization' as const), authorization }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cookie' as const), cookie }) },
)

function mutate(template: Template, mutations: readonly Mutation[]): FuzzRequest {
  const params = [...template.params]
  let { method } = template
  let contentType: string | undefined =
    template.in === 'form'
      ? 'application/x-www-form-urlencoded'
      : template.in === 'json'
        ? 'application/json'
        : undefined
  let { authorization, cookie } = template
  for (const m of mutations) {
    const at = 'at' in m && params.length > 0 ? m.at % params.length : 0
    const [pName = 'x', pValue = ''] = params[at] ?? []
    switch (m.op) {
      case 'drop':
        params.splice(at, 1)
        break
      case 'duplicate':
        params.push([pName, pValue])
        break
      case 'set':
        params[at] = [pName, m.value]
        break
      case 'add':
        params.push([m.name, m.value])
        break
      case 'method':
        method = m.method
        break
      case 'contentType':
        contentType = m.contentType
        break
      case 'authorization':
        authorization = m.authorization
        break
      case 'cookie':
        cookie = m.cookie
    }
  }
  const encoded = params.map(([n, v]) => `${encode(n)}=${encode(v)}`).join('&')
  const json = () => {
    const object: Record<string, unknown> = {}
    for (const [n, v] of params) {
      const list = n.endsWith('s') ? ((object[n] as string[] | undefined) ?? []).concat(v) : v
      object[n] = list
    }
    return JSON.stringify(object)
  }
  return {
    method,
    query: template.in === 'query' ? encoded : '',
    body: template.in === 'form' ? encoded : template.in === 'json' ? json() : undefined,
    contentType,
    authorization,
    cookie,
  }
}

const requestTo = (path: string): fc.Arbitrary<FuzzRequest> =>
  fc.oneof(
    { weight: 1, arbitrary: randomRequest },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.nat(10), fc.array(mutation, { minLength: 1, maxLength: 4 }))
        .map(([i, mutations]) => {
          const options = templates(path)
          return mutate(options[i % options.length] ?? { method: 'GET', params: [], in: 'query' }, mutations)
        }),
    },
  )

function toRequest(path: string, r: FuzzRequest): Request {
  const headers = new Headers()
  if (r.contentType !== undefined) headers.set('content-type', r.contentType)
  if (r.authorization !== undefined) headers.set('authorization', r.authorization)
  if (r.cookie !== undefined) headers.set('cookie', r.cookie)
  const withBody = r.method !== 'GET' && r.method !== 'HEAD' && r.body !== undefined
  const target = path.replace('{client}', encodeURIComponent(live['client'] ?? 'x'))
  return new Request(`${testOrigin}${target}${r.query === '' ? '' : `?${r.query}`}`, {
    method: r.method,
    headers,
    ...(withBody ? { body: r.body } : {}),
  })
}

// ---- what every answer must look like -------------------------------------------------------

/** RFC 6749 §5.2: error and error_description use %x20-21 / %x23-5B / %x5D-7E only. */
const ERROR_CHARS = /^[\x20-\x21\x23-\x5b\x5d-\x7e]+$/

async function expectSpecShaped(response: Response, method: string): Promise<void> {
  expect(response.status, 'never a 5xx').toBeLessThan(500)
  if (response.status < 300) return
  if (response.status < 400) {
    const location = new URL(response.headers.get('location') ?? '')
    const params = new URLSearchParams(location.hash.length > 1 ? location.hash.slice(1) : location.search)
    const error = params.get('error')
    if (error !== null) {
      expect(error).toMatch(ERROR_CHARS)
      expect(params.get('iss'), 'every error redirect carries iss (RFC 9207)').toBe(testIssuer)
      expect(params.has('code') || params.has('access_token')).toBe(false)
    }
    return
  }
  if (method === 'HEAD') return
  const type = response.headers.get('content-type') ?? ''
  const text = await response.text()
  if (type.startsWith('text/html')) {
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    return
  }
  expect(type).toMatch(/^application\/json/)
  const parsed = JSON.parse(text) as { error?: unknown; error_description?: unknown }
  if (parsed.error === undefined) {
    // RFC 6750 §3.1: no credentials at all → a bare challenge, no error code.
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="[^"]*"$/)
    return
  }
  expect(typeof parsed.error).toBe('string')
  expect(parsed.error).toMatch(ERROR_CHARS)
  if (parsed.error_description !== undefined) expect(parsed.error_description).toMatch(ERROR_CHARS)
}

/** A seed per endpoint, so each run is the same and a failure can be replayed. */
const seedOf = (path: string) => [...path].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7)

describe(`fuzzing every endpoint (${testAdapter}, ${runsPerEndpoint} requests each)`, () => {
  it.each(endpoints)(
    '%s answers every request with a spec-shaped response',
    async (path) => {
      await fc.assert(
        fc.asyncProperty(requestTo(path), async (r) => {
          const traced = await t.server.handle(toRequest(path, r))
          expect(Array.isArray(traced.trace)).toBe(true)
          expect(
            traced.trace.some((e) => e.check === 'server-error'),
            'no unexpected exception',
          ).toBe(false)
          await expectSpecShaped(traced.response, r.method)
        }),
        { seed: seedOf(path), numRuns: runsPerEndpoint, endOnFailure: true },
      )
      const discovery = await t.server.handle(new Request(`${testIssuer}/.well-known/openid-configuration`))
      expect(discovery.response.status, 'and the server keeps answering').toBe(200)
    },
    120_000,
  )
})
