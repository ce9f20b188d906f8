import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStaticHandler, pickEncoding } from './static-server.ts'

const script = `console.log(${JSON.stringify('grantscope '.repeat(400))})`
let dist: string
let server: Server
let port: number

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'grantscope-static-'))
  mkdirSync(join(dist, 'assets'))
  writeFileSync(
    join(dist, 'index.html'),
    `<!doctype html><html><head><title>t</title></head><body>${'x'.repeat(600)}</body></html>`,
  )
  writeFileSync(join(dist, 'assets', 'app-abc123.js'), script)
  // A precompressed sibling, as `vite build` writes it: served as it is.
  writeFileSync(join(dist, 'assets', 'app-abc123.js.br'), Buffer.from('not really brotli'))
  writeFileSync(join(dist, 'favicon.svg'), '<svg/>')
  const handle = createStaticHandler(dist)
  server = createServer((req, res) => handle(req, res))
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  port = (server.address() as AddressInfo).port
})
afterAll(() => {
  server.close()
  rmSync(dist, { recursive: true, force: true })
})

function get(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((done, fail) => {
    request({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () =>
        done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      )
    })
      .on('error', fail)
      .end()
  })
}

describe('static app server', () => {
  it('serves the precompressed brotli sibling to a browser that accepts br, with Vary', async () => {
    const res = await get('/assets/app-abc123.js', { 'accept-encoding': 'gzip, deflate, br' })
    expect(res.headers['content-encoding']).toBe('br')
    expect(res.headers['vary']).toBe('Accept-Encoding')
    expect(res.body.toString()).toBe('not really brotli')
  })

  it('serves gzip (compressed at start-up when no sibling exists) and identity to the others', async () => {
    const gz = await get('/assets/app-abc123.js', { 'accept-encoding': 'gzip' })
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gz.body).toString()).toBe(script)
    const plain = await get('/assets/app-abc123.js', { 'accept-encoding': 'br;q=0, gzip;q=0' })
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body.toString()).toBe(script)
    const html = await get('/', { 'accept-encoding': 'br' })
    expect(brotliDecompressSync(html.body).toString()).toContain('<title>t</title>')
  })

  it('caches hashed assets for a year, immutable; revalidates the rest', async () => {
    expect((await get('/assets/app-abc123.js')).headers['cache-control']).toBe(
      'public, max-age=31536000, immutable',
    )
    expect((await get('/')).headers['cache-control']).toBe('no-cache')
    expect((await get('/favicon.svg')).headers['cache-control']).toBe('no-cache')
  })

  it('gives each encoding its own strong ETag and answers a matching If-None-Match with 304', async () => {
    const br = await get('/', { 'accept-encoding': 'br' })
    const identity = await get('/')
    expect(br.headers.etag).toMatch(/^"[\w-]+-br"$/)
    expect(identity.headers.etag).toMatch(/^"[\w-]+"$/)
    expect(br.headers.etag).not.toBe(identity.headers.etag)
    const revalidated = await get('/', { 'accept-encoding': 'br', 'if-none-match': br.headers.etag! })
    expect(revalidated.status).toBe(304)
    expect(revalidated.body.length).toBe(0)
    expect(revalidated.headers.etag).toBe(br.headers.etag)
    // Weak comparison (RFC 9110 §13.1.2), and a list.
    expect((await get('/', { 'if-none-match': `"nope", W/${identity.headers.etag}` })).status).toBe(304)
    // Another representation's tag does not match.
    expect((await get('/', { 'if-none-match': br.headers.etag! })).status).toBe(200)
  })

  it('falls back to index.html for client-side routes, 404s missing assets', async () => {
    expect((await get('/callback?code=x')).body.toString()).toContain('<title>t</title>')
    expect((await get('/assets/missing.js')).status).toBe(404)
  })
})

describe('pickEncoding', () => {
  it.each([
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['*', 'br'],
    ['identity', undefined],
    [undefined, undefined],
  ])('%s → %s', (header, expected) => {
    expect(pickEncoding(header, ['br', 'gzip'])).toBe(expected)
  })
})
