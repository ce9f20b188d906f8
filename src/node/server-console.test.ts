import { request, type IncomingHttpHeaders } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConsoleEntry, EnvelopeResponse } from '../protocol/node-server-api.ts'
import { nodeServerPaths, playgroundTokenHeader } from '../protocol/node-server-api.ts'
import { startTestApp, type TestApp } from './node-test-utils.ts'

let app: TestApp
let port: string
beforeAll(async () => {
  app = await startTestApp()
  port = new URL(app.running.url).port
})
afterAll(() => app.stop())

/** A raw request: Host and Origin exactly as written (fetch would set its own Host). */
function raw(
  path: string,
  headers: Record<string, string>,
  method = 'GET',
  body?: string,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let text = ''
      res.on('data', (chunk: Buffer) => (text += chunk.toString()))
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: text }))
    })
    req.on('error', fail)
    req.end(body)
  })
}

/** Opens the console stream and collects its `exchange` events until `until` holds. */
function follow(
  headers: Record<string, string>,
  until: (entries: ConsoleEntry[]) => boolean,
): { ready: Promise<void>; done: Promise<ConsoleEntry[]> } {
  let ready!: () => void
  const readyPromise = new Promise<void>((r) => (ready = r))
  const done = new Promise<ConsoleEntry[]>((resolve, reject) => {
    const entries: ConsoleEntry[] = []
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: nodeServerPaths.console,
        headers: { accept: 'text/event-stream', ...headers },
      },
      (res) => {
        expect(res.headers['content-type']).toMatch(/^text\/event-stream/)
        let buffer = ''
        ready()
        res.on('data', (chunk: Buffer) => {
          buffer += chunk.toString()
          let end: number
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end)
            buffer = buffer.slice(end + 2)
            const data = block.split('\n').find((line) => line.startsWith('data: '))
            if (block.includes('event: exchange') && data)
              entries.push(JSON.parse(data.slice(6)) as ConsoleEntry)
          }
          if (until(entries)) {
            req.destroy()
            resolve(entries)
          }
        })
      },
    )
    req.on('error', reject)
    req.end()
  })
  return { ready: readyPromise, done }
}

const host = () => `localhost:${port}`
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`

describe('the server console', () => {
  it('streams an exchange a plain HTTP client sent, with the trace, secrets masked and the token decoded', async () => {
    const stream = follow({ host: host() }, (entries) =>
      entries.some((e) => e.request.url.endsWith('/as/token') && e.response?.status === 200),
    )
    await stream.ready
    const answer = await raw(
      '/as/token',
      {
        host: host(),
        authorization: basic('service', 'service-secret'),
        'content-type': 'application/x-www-form-urlencoded',
      },
      'POST',
      'grant_type=client_credentials&scope=movies.read',
    )
    expect(answer.status).toBe(200)
    const accessToken = (JSON.parse(answer.body) as { access_token: string }).access_token
    const entry = (await stream.done).findLast((e) => e.request.url.endsWith('/as/token'))!
    expect(entry).toMatchObject({ via: 'http', request: { method: 'POST' }, response: { status: 200 } })
    expect(entry.request.body).toBe('grant_type=client_credentials&scope=movies.read')
    expect(entry.trace.map((t) => t.check)).toContain('check-client-authentication')
    expect(entry.trace.find((t) => t.check === 'check-client-authentication')?.refs).toContain(
      'rfc6749-2.3.1',
    )
    expect(entry.tokens).toHaveLength(1)
    expect(entry.tokens[0]).toMatchObject({
      where: 'response access_token',
      header: { typ: 'at+jwt' },
      claims: { sub: 'service', scope: 'movies.read' },
    })
    const shown = JSON.stringify(entry)
    expect(shown).not.toContain('service-secret')
    expect(shown).not.toContain(Buffer.from('service:service-secret').toString('base64'))
    expect(shown).not.toContain(accessToken)
    expect(shown).not.toContain(accessToken.split('.')[2])
    expect(shown).toContain('client_id \\"service\\", secret hidden')
  })

  it('replays the backlog to a console that connects later', async () => {
    await raw('/as/jwks', { host: host() })
    const stream = follow({ host: host() }, (entries) =>
      entries.some((e) => e.request.url.endsWith('/as/jwks')),
    )
    const entries = await stream.done
    expect(entries.at(-1)?.response?.status).toBe(200)
  })

  it.each([
    ['a foreign Host (DNS rebinding)', { host: `attacker.example:${port}` }, 421],
    ['a Host on another port', { host: 'localhost:1' }, 421],
    ['a foreign Origin', { host: 'localhost:0', origin: 'http://attacker.example' }, 403],
    ['a cross-site fetch without Origin', { host: 'localhost:0', 'sec-fetch-site': 'cross-site' }, 403],
  ])('refuses %s', async (_name, headers, status) => {
    const fixed = Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [
        k,
        v.replace(':0', `:${port}`).replace(':undefined', `:${port}`),
      ]),
    )
    const res = await raw(nodeServerPaths.console, fixed)
    expect(res.status).toBe(status)
    expect(res.headers['content-type']).not.toMatch(/event-stream/)
  })

  it('accepts the page’s own origin on either loopback name', async () => {
    for (const name of ['localhost', '127.0.0.1']) {
      const stream = follow({ host: `${name}:${port}`, origin: `http://${name}:${port}` }, () => true)
      await stream.ready
    }
  })
})

describe('the envelope and the clock guards', () => {
  const envelope = JSON.stringify({ method: 'GET', url: `${'http://localhost:'}PORT/as/jwks`, headers: [] })
  const json = { 'content-type': 'application/json' }

  it('refuses the envelope without the per-run token, with a wrong one, or from another origin', async () => {
    const body = envelope.replace('PORT', port)
    const token = app.running.devtools.token
    expect((await raw(nodeServerPaths.envelope, { host: host(), ...json }, 'POST', body)).status).toBe(403)
    expect(
      (
        await raw(
          nodeServerPaths.envelope,
          { host: host(), ...json, [playgroundTokenHeader]: 'x' },
          'POST',
          body,
        )
      ).status,
    ).toBe(403)
    expect(
      (
        await raw(
          nodeServerPaths.envelope,
          { host: host(), ...json, [playgroundTokenHeader]: token, origin: 'http://attacker.example' },
          'POST',
          body,
        )
      ).status,
    ).toBe(403)
    expect(
      (
        await raw(
          nodeServerPaths.envelope,
          { host: `rebound.example:${port}`, ...json, [playgroundTokenHeader]: token },
          'POST',
          body,
        )
      ).status,
    ).toBe(421)
    const ok = await raw(
      nodeServerPaths.envelope,
      { host: host(), ...json, [playgroundTokenHeader]: token, origin: `http://${host()}` },
      'POST',
      body,
    )
    expect(ok.status).toBe(200)
    const answer = JSON.parse(ok.body) as EnvelopeResponse
    expect(answer.status).toBe(200)
    expect(answer.trace.map((t) => t.check)).toContain('serve-jwks')
  })

  it('only carries requests to the mock server’s own origin', async () => {
    const token = app.running.devtools.token
    const res = await raw(
      nodeServerPaths.envelope,
      { host: host(), ...json, [playgroundTokenHeader]: token },
      'POST',
      JSON.stringify({ method: 'GET', url: 'http://169.254.169.254/latest/meta-data', headers: [] }),
    )
    expect(res.status).toBe(400)
  })

  it('skips the Node server’s clock forward only, behind the token', async () => {
    const token = app.running.devtools.token
    const headers = { host: host(), ...json, [playgroundTokenHeader]: token }
    expect(
      (await raw(nodeServerPaths.clock, { host: host(), ...json }, 'POST', '{"advanceMs":1}')).status,
    ).toBe(403)
    expect((await raw(nodeServerPaths.clock, headers, 'POST', '{"advanceMs":-5}')).status).toBe(400)
    const before = app.running.clock.offsetMs
    const res = await raw(nodeServerPaths.clock, headers, 'POST', '{"advanceMs":60000}')
    expect(res.status).toBe(200)
    expect(JSON.parse(res.body)).toMatchObject({ offsetMs: before + 60_000 })
  })

  it('announces itself in index.html only to a loopback Host', async () => {
    const page = await raw('/', { host: host() })
    expect(page.body).toContain('<meta name="grantscope-node"')
    expect(page.body).toContain(app.running.devtools.token)
    const rebound = await raw('/', { host: `attacker.example:${port}` })
    expect(rebound.status).toBe(200)
    expect(rebound.body).not.toContain('grantscope-node')
    expect(rebound.body).not.toContain(app.running.devtools.token)
  })
})
