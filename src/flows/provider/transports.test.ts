import { describe, expect, it } from 'vitest'
import { exchange } from '@/protocol/http-exchange.ts'
import { discoverProvider } from './discover-provider.ts'
import {
  directTransport,
  oauthMetadataUrl,
  openidConfigurationUrl,
  ProviderNetworkError,
  relayTransport,
  withMetadataSource,
} from './transports.ts'

const pageOrigin = 'http://localhost:8080'
const refused = () => Promise.reject(new TypeError('Failed to fetch'))

/** A fetch where CORS withholds every answer, but opaque (no-cors) requests reach the host. */
const corsFetch = ((_input: RequestInfo | URL, init?: RequestInit) =>
  init?.mode === 'no-cors' ? Promise.resolve(new Response(null)) : refused()) as typeof fetch

async function failureOf(promise: Promise<unknown>): Promise<ProviderNetworkError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(error instanceof ProviderNetworkError))
    throw new Error(`expected a ProviderNetworkError, got ${String(error)}`)
  return error
}

describe('direct transport: why the browser got no answer', () => {
  it('names CORS when the host answers opaque requests, and never says "Failed to fetch"', async () => {
    const t = directTransport({ pageOrigin, fetch: corsFetch })
    const error = await failureOf(t.transport(new Request('https://id.example/token', { method: 'POST' })))
    expect(error.kind).toBe('cors')
    expect(error.message).toContain('CORS')
    expect(error.message).toContain(pageOrigin)
    expect(error.message).not.toMatch(/failed to fetch/i)
    expect(t.lastFailure()).toBe(error)
  })

  it('names an unreachable host when nothing answers at all', async () => {
    const t = directTransport({ pageOrigin, fetch: refused })
    expect((await failureOf(t.transport(new Request('https://nowhere.example/')))).kind).toBe('unreachable')
  })

  it('names this page’s own CSP when it blocked the connection', async () => {
    const t = directTransport({
      pageOrigin,
      fetch: refused,
      blockedByCsp: () => ['https://id.example/.well-known/openid-configuration'],
    })
    expect((await failureOf(t.transport(new Request('https://id.example/token')))).kind).toBe('csp')
  })

  it('refuses a redirect the browser hides from scripts', async () => {
    const opaque = Object.defineProperty(new Response(null), 'type', { value: 'opaqueredirect' })
    const t = directTransport({ pageOrigin, fetch: () => Promise.resolve(opaque) })
    expect((await failureOf(t.transport(new Request('https://id.example/token')))).kind).toBe('redirect')
  })

  it('forgets the last failure when a request succeeds', async () => {
    let fail = true
    const t = directTransport({
      pageOrigin,
      fetch: (input: RequestInfo | URL, init?: RequestInit) =>
        fail ? corsFetch(input, init) : Promise.resolve(Response.json({})),
    })
    await failureOf(t.transport(new Request('https://id.example/a')))
    fail = false
    await t.transport(new Request('https://id.example/b'))
    expect(t.lastFailure()).toBeUndefined()
  })
})

describe('relay transport', () => {
  const sentUpstream = {
    method: 'POST',
    url: 'https://id.example/token',
    headers: [
      ['host', 'id.example'],
      ['user-agent', 'Grantscope relay (npm start)'],
      ['content-type', 'application/x-www-form-urlencoded'],
    ],
    body: 'grant_type=authorization_code&code=c',
  }

  it('shows the request exactly as the provider received it, and says it was relayed', async () => {
    let envelope: Record<string, unknown> = {}
    let token: string | null = null
    const t = relayTransport({
      relayUrl: `${pageOrigin}/relay`,
      token: 'per-run',
      fetch: (_url: RequestInfo | URL, init?: RequestInit) => {
        envelope = JSON.parse(init?.body as string) as Record<string, unknown>
        token = new Headers(init?.headers).get('x-grantscope-relay-token')
        return Promise.resolve(
          Response.json({
            request: sentUpstream,
            response: {
              status: 200,
              statusText: 'OK',
              headers: [['content-type', 'application/json']],
              body: '{"a":1}',
            },
            droppedCookies: 1,
          }),
        )
      },
    })
    const { exchange: recorded, response } = await exchange(
      t.transport,
      new Request('https://id.example/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=authorization_code&code=c',
      }),
    )
    expect(token).toBe('per-run')
    expect(envelope).toMatchObject({
      method: 'POST',
      url: 'https://id.example/token',
      body: 'grant_type=authorization_code&code=c',
    })
    expect(recorded.request).toEqual(sentUpstream)
    expect(recorded.note).toContain('Relayed by npm start')
    expect(recorded.note).toContain('1 Set-Cookie header removed')
    expect(recorded.trace[0]?.check).toBe('relay')
    expect(await response.json()).toEqual({ a: 1 })
  })

  it('turns a refusal of the relay into a failure that names its code', async () => {
    const t = relayTransport({
      relayUrl: `${pageOrigin}/relay`,
      token: 'old',
      fetch: () =>
        Promise.resolve(
          Response.json({ error: 'target_not_allowed', error_description: 'not added' }, { status: 403 }),
        ),
    })
    const error = await failureOf(t.transport(new Request('https://id.example/admin')))
    expect(error).toMatchObject({ kind: 'relay', code: 'target_not_allowed' })
    expect(error.message).toContain('not added')
  })
})

describe('discovery', () => {
  const answer =
    (routes: Record<string, () => Response>): typeof fetch =>
    (input: RequestInfo | URL) => {
      const url = input instanceof Request ? input.url : String(input)
      return Promise.resolve(routes[url]?.() ?? new Response('not found', { status: 404 }))
    }
  const discoverWith = (routes: Record<string, () => Response>, issuer = 'https://id.example/tenant') =>
    discoverProvider(directTransport({ pageOrigin, fetch: answer(routes) }).transport, issuer)

  it('builds the two metadata URLs as the specs say (the RFC 8414 segment goes first)', () => {
    expect(openidConfigurationUrl('https://id.example/tenant')).toBe(
      'https://id.example/tenant/.well-known/openid-configuration',
    )
    expect(openidConfigurationUrl('https://id.example/tenant/')).toBe(
      'https://id.example/tenant/.well-known/openid-configuration',
    )
    expect(oauthMetadataUrl('https://id.example/tenant')).toBe(
      'https://id.example/.well-known/oauth-authorization-server/tenant',
    )
  })

  it('falls back to RFC 8414 metadata when there is no OpenID configuration', async () => {
    const outcome = await discoverWith({
      'https://id.example/.well-known/oauth-authorization-server/tenant': () =>
        Response.json({ issuer: 'https://id.example/tenant' }),
    })
    expect(outcome).toMatchObject({ ok: true, source: 'rfc8414' })
    expect(outcome.exchanges).toHaveLength(2)
  })

  it('tells HTML, invalid JSON, a missing document and CORS apart', async () => {
    const html = await discoverWith({
      'https://id.example/tenant/.well-known/openid-configuration': () =>
        new Response('<!doctype html><title>Sign in</title>', { headers: { 'content-type': 'text/html' } }),
    })
    expect(html.ok || html.problem.kind).toBe('html')
    const broken = await discoverWith({
      'https://id.example/tenant/.well-known/openid-configuration': () =>
        new Response('{"issuer": ', { headers: { 'content-type': 'application/json' } }),
    })
    expect(broken.ok || broken.problem.kind).toBe('invalid-json')
    const missing = await discoverWith({})
    expect(missing.ok || missing.problem.kind).toBe('not-found')
    const cors = await discoverProvider(
      directTransport({ pageOrigin, fetch: corsFetch }).transport,
      'https://id.example',
    )
    expect(cors.ok || cors.problem.kind).toBe('cors')
    const notUrl = await discoverWith({}, 'id.example')
    expect(notUrl.ok || notUrl.problem.kind).toBe('not-a-url')
  })
})

describe('metadata for the client’s discovery step', () => {
  const issuer = 'https://github.com'

  it('answers with the endpoints the user entered, and says nothing was sent', async () => {
    const inner = () => Promise.reject(new Error('must not be called'))
    const t = withMetadataSource(inner, issuer, {
      kind: 'manual',
      document: { issuer, token_endpoint: 'https://github.com/login/oauth/access_token' },
    })
    const { exchange: recorded } = await exchange(t, new Request(openidConfigurationUrl(issuer)))
    expect(JSON.parse(recorded.response!.body)).toMatchObject({ issuer })
    expect(recorded.note).toContain('Not sent')
  })

  it('fetches RFC 8414 metadata for real and shows the URL it really asked', async () => {
    const asked: string[] = []
    const inner = (request: Request) => {
      asked.push(request.url)
      return Promise.resolve({ response: Response.json({ issuer: 'https://id.example/t' }), trace: [] })
    }
    const url = oauthMetadataUrl('https://id.example/t')
    const t = withMetadataSource(inner, 'https://id.example/t', { kind: 'rfc8414', url })
    const { exchange: recorded } = await exchange(
      t,
      new Request(openidConfigurationUrl('https://id.example/t')),
    )
    expect(asked).toEqual([url])
    expect(recorded.request.url).toBe(url)
    expect(recorded.note).toContain('RFC 8414')
  })
})
