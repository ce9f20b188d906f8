import type { LookupAddress } from 'node:dns'
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { relayTokenHeader } from '../protocol/relay-contract.ts'
import { createRelay, type RelayOptions } from './relay.ts'

/** A provider stand-in on loopback: it records what it received and misbehaves on demand. */
let upstream: Server
let upstreamUrl: string
const received: { headers: IncomingHttpHeaders; body: string }[] = []

/** The relay, on its own loopback server. */
let relayServer: Server
let port: number
const token = 'test-relay-token-0123456789'

async function listen(server: Server): Promise<number> {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  return (server.address() as AddressInfo).port
}

function startRelay(options: Partial<RelayOptions> = {}) {
  return (p: number) =>
    createRelay({ port: p, token, timeoutMs: 400, maxResponseBytes: 64 * 1024, ...options })
}

let relay: ReturnType<ReturnType<typeof startRelay>>
beforeAll(async () => {
  upstream = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      received.push({ headers: req.headers, body })
      const path = req.url ?? '/'
      if (path === '/token') {
        res.setHeader('content-type', 'application/json')
        res.setHeader('set-cookie', ['tracking=1; Path=/', 'session=2; HttpOnly'])
        res.end(JSON.stringify({ access_token: 'at', token_type: 'Bearer' }))
      } else if (path === '/redirect') {
        res.statusCode = 302
        res.setHeader('location', 'http://169.254.169.254/latest/meta-data')
        res.end()
      } else if (path === '/big') {
        res.end(Buffer.alloc(200 * 1024, 'x'))
      } else if (path === '/slow') {
        setTimeout(() => res.end('{}'), 2000).unref()
      } else {
        res.statusCode = 404
        res.end()
      }
    })
  })
  upstreamUrl = `http://127.0.0.1:${await listen(upstream)}`
  relayServer = createServer((req, res) => void relay.handle(req, res))
  port = await listen(relayServer)
  relay = startRelay()(port)
  await call('/relay/allow', {
    body: {
      issuer: upstreamUrl,
      endpoints: ['token', 'redirect', 'big', 'slow'].map((p) => `${upstreamUrl}/${p}`),
    },
  })
})
afterAll(() => {
  upstream.closeAllConnections()
  relayServer.closeAllConnections()
  upstream.close()
  relayServer.close()
})

interface CallOptions {
  headers?: Record<string, string>
  body?: unknown
  /** Sent as the declared Content-Length, although only part of the body follows. */
  declaredLength?: number
}

/** A raw call to the relay, with full control of Host, Origin and the token. */
function call(path: string, options: CallOptions = {}) {
  const body = options.body === undefined ? '' : JSON.stringify(options.body)
  const headers: Record<string, string> = {
    host: `localhost:${port}`,
    origin: `http://localhost:${port}`,
    [relayTokenHeader]: token,
    'content-type': 'application/json',
    'content-length': String(options.declaredLength ?? Buffer.byteLength(body)),
    ...options.headers,
  }
  for (const [name, value] of Object.entries(headers)) if (value === '') delete headers[name]
  return new Promise<{ status: number; headers: IncomingHttpHeaders; json: Record<string, unknown> }>(
    (done, fail) => {
      const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
        let text = ''
        res.on('data', (c: Buffer) => (text += c.toString()))
        res.on('end', () =>
          done({
            status: res.statusCode ?? 0,
            headers: res.headers,
            json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
          }),
        )
      })
      req.on('error', fail)
      if (options.declaredLength === undefined) req.end(body)
      else req.write(body.slice(0, 10)) // and never finish: a refusal must not wait for the rest
    },
  )
}

const envelope = (url: string, extra: Record<string, unknown> = {}) => ({
  method: 'POST',
  url,
  headers: [
    ['content-type', 'application/x-www-form-urlencoded'],
    ['authorization', 'Basic Y2xpZW50OnNlY3JldA=='],
    ['cookie', 'session=from-the-page'],
    ['origin', 'http://localhost:1'],
  ],
  body: 'grant_type=authorization_code&code=abc',
  ...extra,
})

describe('relay: who may use it', () => {
  it('refuses a foreign Host with 421 (DNS rebinding), before reading the body', async () => {
    const res = await call('/relay', {
      headers: { host: `attacker.example:${port}` },
      declaredLength: 1_000_000,
    })
    expect(res.status).toBe(421)
    expect(res.json['error']).toBe('misdirected_request')
    expect(res.headers['connection']).toBe('close')
  })

  it('refuses a foreign Origin with 403, before reading the body', async () => {
    const res = await call('/relay', {
      headers: { origin: 'https://evil.example' },
      declaredLength: 1_000_000,
    })
    expect(res.status).toBe(403)
    expect(res.json).toMatchObject({ error: 'forbidden_origin' })
    expect(res.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('refuses a request without Origin with 403', async () => {
    const res = await call('/relay', { headers: { origin: '' }, body: envelope(`${upstreamUrl}/token`) })
    expect(res.status).toBe(403)
    expect(res.json['error']).toBe('forbidden_origin')
  })

  it('refuses a missing token with 403, before reading the body', async () => {
    const res = await call('/relay', { headers: { [relayTokenHeader]: '' }, declaredLength: 1_000_000 })
    expect(res.status).toBe(403)
    expect(res.json).toMatchObject({ error: 'invalid_relay_token' })
    expect(String(res.json['error_description'])).toContain('missing')
  })

  it('refuses a wrong token with 403', async () => {
    const res = await call('/relay', {
      headers: { [relayTokenHeader]: 'guess' },
      body: envelope(`${upstreamUrl}/token`),
    })
    expect(res.status).toBe(403)
    expect(String(res.json['error_description'])).toContain('wrong')
  })

  it('refuses a body larger than its limit with 413', async () => {
    const res = await call('/relay', { declaredLength: 10_000_000 })
    expect(res.status).toBe(413)
  })
})

describe('relay: where it sends', () => {
  it('forwards to an added endpoint and answers with the request exactly as the provider received it', async () => {
    received.length = 0
    const res = await call('/relay', { body: envelope(`${upstreamUrl}/token`) })
    expect(res.status).toBe(200)
    const got = received[0]!
    // Cookies and the page's Origin stay behind; the client's authentication goes through.
    expect(got.headers['cookie']).toBeUndefined()
    expect(got.headers['origin']).toBeUndefined()
    expect(got.headers['authorization']).toBe('Basic Y2xpZW50OnNlY3JldA==')
    expect(got.body).toBe('grant_type=authorization_code&code=abc')
    const sent = res.json['request'] as { headers: [string, string][]; url: string }
    expect(sent.url).toBe(`${upstreamUrl}/token`)
    expect(Object.fromEntries(sent.headers)).toEqual(
      Object.fromEntries(Object.entries(got.headers).map(([name, value]) => [name, String(value)])),
    )
  })

  it('never hands the provider’s cookies to the page', async () => {
    const res = await call('/relay', { body: envelope(`${upstreamUrl}/token`) })
    const response = res.json['response'] as { headers: [string, string][]; body: string }
    expect(response.headers.map(([name]) => name.toLowerCase())).not.toContain('set-cookie')
    expect(res.headers['set-cookie']).toBeUndefined()
    expect(res.json['droppedCookies']).toBe(2)
    expect(JSON.parse(response.body)).toMatchObject({ access_token: 'at' })
  })

  it('refuses a target that no added issuer has, and never contacts it', async () => {
    received.length = 0
    const res = await call('/relay', { body: envelope(`${upstreamUrl}/admin`) })
    expect(res.status).toBe(403)
    expect(res.json['error']).toBe('target_not_allowed')
    expect(received).toHaveLength(0)
  })

  it('refuses plain http to a host that is not this machine', async () => {
    const res = await call('/relay/allow', {
      body: { issuer: 'http://id.example', endpoints: ['http://id.example/token'] },
    })
    expect(res.status).toBe(403)
    expect(String(res.json['error_description'])).toContain('only https')
  })

  it('does not follow a redirect', async () => {
    const res = await call('/relay', { body: envelope(`${upstreamUrl}/redirect`) })
    expect(res.status).toBe(502)
    expect(res.json['error']).toBe('redirect_not_followed')
    expect(String(res.json['error_description'])).toContain('169.254.169.254')
  })

  it('refuses an oversized answer', async () => {
    const res = await call('/relay', {
      body: envelope(`${upstreamUrl}/big`, { method: 'GET', body: undefined }),
    })
    expect(res.status).toBe(502)
    expect(res.json['error']).toBe('response_too_large')
  })

  it('gives up on a slow answer', async () => {
    const res = await call('/relay', { body: envelope(`${upstreamUrl}/slow`) })
    expect(res.status).toBe(504)
    expect(res.json['error']).toBe('upstream_timeout')
  })

  it('refuses a public provider whose name resolves to a private address (rebinding)', async () => {
    const server = createServer((req, res) => void rebound.handle(req, res))
    const p = await listen(server)
    const privateLookup = ((
      _host: string,
      _options: unknown,
      callback: (e: null, a: LookupAddress[]) => void,
    ) => callback(null, [{ address: '10.0.0.7', family: 4 }])) as unknown as RelayOptions['lookup']
    const rebound = createRelay({ port: p, token, ...(privateLookup ? { lookup: privateLookup } : {}) })
    const saved = port
    port = p
    try {
      await call('/relay/allow', {
        body: { issuer: 'https://id.example', endpoints: ['https://id.example/token'] },
      })
      const res = await call('/relay', { body: envelope('https://id.example/token') })
      expect(res.status).toBe(403)
      expect(String(res.json['error_description'])).toContain('10.0.0.7')
    } finally {
      port = saved
      server.close()
    }
  })
})
