import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from './node-test-utils.ts'
import { relayTokenHeader } from '../protocol/relay-contract.ts'
import { relayMetaName } from './start-server.ts'

let app: TestApp
let port: string
beforeAll(async () => {
  app = await startTestApp()
  port = new URL(app.running.url).port
})
afterAll(() => app.stop())

function get(path: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let body = ''
      res.on('data', (c: Buffer) => (body += c.toString()))
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', fail)
    req.end()
  })
}

const tokenIn = (html: string) => new RegExp(`name="${relayMetaName}" content="([^"]+)"`).exec(html)?.[1]

describe('npm start for real providers', () => {
  it('keeps the playground’s connect-src to its own origin', async () => {
    const res = await get('/?flow=authorization-code', { host: `localhost:${port}` })
    expect(res.headers['content-security-policy']).toContain("connect-src 'self';")
  })

  it('widens connect-src for the provider mode only: https providers and http on this machine', async () => {
    const res = await get('/?provider&issuer=https%3A%2F%2Fid.example', { host: `localhost:${port}` })
    expect(res.headers['content-security-policy']).toContain(
      "connect-src 'self' https: http://localhost:* http://127.0.0.1:*;",
    )
    expect(res.headers['content-security-policy']).toContain("script-src 'self';")
  })

  it('puts the relay’s per-run token into the app’s page, uncached, for its own Host only', async () => {
    const res = await get('/?provider', { host: `localhost:${port}` })
    expect(tokenIn(res.body)).toBe(app.running.relayToken)
    expect(res.headers['cache-control']).toBe('no-store')
    const rebound = await get('/?provider', { host: `attacker.example:${port}` })
    expect(rebound.status).toBe(200)
    expect(tokenIn(rebound.body)).toBeUndefined()
  })

  it('keeps the token out of every other file', async () => {
    const res = await get('/assets/app.js', { host: `localhost:${port}` })
    expect(res.body).not.toContain(app.running.relayToken)
  })

  it('mounts the relay at POST /relay, checking Host, Origin and token', async () => {
    const origin = `http://localhost:${port}`
    expect((await get('/relay', { host: `evil.example:${port}`, origin }, 'POST')).status).toBe(421)
    expect(
      (await get('/relay', { host: `localhost:${port}`, origin: 'https://evil.example' }, 'POST')).status,
    ).toBe(403)
    expect((await get('/relay', { host: `localhost:${port}`, origin }, 'POST')).status).toBe(403)
    const withToken = await get(
      '/relay',
      { host: `localhost:${port}`, origin, [relayTokenHeader]: app.running.relayToken ?? '' },
      'POST',
    )
    expect(withToken.status).toBe(415)
  })
})
