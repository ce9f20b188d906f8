import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isMockServerPath } from './start-server.ts'
import { startTestApp, type TestApp } from './node-test-utils.ts'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
})
afterAll(() => app.stop())

/** A raw request, so paths reach the server exactly as written (fetch would normalise them). */
function raw(
  path: string,
  options: {
    method?: string
    body?: string | Buffer
    headers?: Record<string, string>
    /** Send the body 64 KB at a time with pauses, as a client on a real network does. */
    slowly?: boolean
  } = {},
) {
  const url = new URL(app.running.url)
  let uploaded = false
  return new Promise<{
    status: number
    headers: Record<string, unknown>
    body: string
    /** Whether the whole body was sent before the answer came: the server read it to its end. */
    answeredAfterUpload: boolean
  }>((done, fail) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: url.port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers ?? {},
      },
      (res) => {
        const answeredAfterUpload = uploaded
        let body = ''
        res.on('data', (chunk: Buffer) => (body += chunk.toString()))
        res.on('end', () =>
          done({ status: res.statusCode ?? 0, headers: res.headers, body, answeredAfterUpload }),
        )
      },
    )
    req.on('error', fail)
    const { body } = options
    if (options.slowly !== true || body === undefined) return void req.end(body, () => (uploaded = true))
    void (async () => {
      const bytes = Buffer.from(body)
      for (let at = 0; at < bytes.length && !req.destroyed; at += 64 * 1024) {
        req.write(bytes.subarray(at, at + 64 * 1024))
        await new Promise((wait) => setTimeout(wait, 2))
      }
      req.end(() => (uploaded = true))
    })()
  })
}

describe('Node adapter', () => {
  it('answers a huge body with 413, not a crash', async () => {
    const body = Buffer.alloc(200 * 1024, 'a')
    const res = await raw('/as/token', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(res.status).toBe(413)
    expect(JSON.parse(res.body)).toMatchObject({ error: 'invalid_request' })
  })

  it('answers a huge chunked body (no Content-Length) with 413', async () => {
    const body = Buffer.alloc(200 * 1024, 'a')
    const res = await raw('/as/token', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' },
    })
    expect(res.status).toBe(413)
  })

  it('answers a 3 MB body with its 413 every time, never a connection reset', async () => {
    const body = Buffer.alloc(3 * 1024 * 1024, 'a')
    for (let i = 0; i < 3; i++) {
      const res = await raw('/as/token', {
        method: 'POST',
        body,
        slowly: true,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      })
      expect(res.status).toBe(413)
      expect(res.answeredAfterUpload).toBe(true)
      expect(JSON.parse(res.body)).toEqual({
        error: 'invalid_request',
        error_description: 'Request body larger than 65536 bytes',
      })
    }
  })

  it('answers a 3 MB chunked body with its 413, having read it to the end', async () => {
    const body = Buffer.alloc(3 * 1024 * 1024, 'a')
    for (let i = 0; i < 3; i++) {
      const res = await raw('/as/register', {
        method: 'POST',
        body,
        slowly: true,
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      })
      expect(res.status).toBe(413)
      expect(res.answeredAfterUpload).toBe(true)
    }
  })

  it('answers a request line above the header limit with a JSON 431, not a bare status line', async () => {
    const res = await raw(`/as/authorize?state=${'a'.repeat(20_000)}`)
    expect(res.status).toBe(431)
    expect(JSON.parse(res.body)).toEqual({
      error: 'invalid_request',
      error_description: 'The request line and headers are larger than this server reads',
    })
  })

  it('answers a malformed form body with an OAuth 400', async () => {
    const res = await raw('/as/token', {
      method: 'POST',
      body: '%%%&=&client_id=spa&grant_type&%E0%A4%A=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(res.status).toBe(400)
    expect(JSON.parse(res.body)).toMatchObject({ error: 'invalid_request' })
  })

  it('answers a JSON body at the token endpoint with invalid_request', async () => {
    const res = await raw('/as/token', {
      method: 'POST',
      body: '{"grant_type":',
      headers: { 'content-type': 'application/json' },
    })
    expect(res.status).toBe(400)
    expect(JSON.parse(res.body)).toMatchObject({ error: 'invalid_request' })
  })

  it('keeps the session cookie header intact', async () => {
    const url = `/as/authorize?client_id=web-app&response_type=code&scope=profile&state=s`
    const page = await raw(url)
    const interaction = /name="interaction" value="([^"]+)"/.exec(page.body)?.[1] ?? ''
    const res = await raw('/as/login', {
      method: 'POST',
      body: new URLSearchParams({ interaction, username: 'bob', password: 'builder' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(res.status).toBe(200)
    expect(res.headers['set-cookie']).toEqual([
      expect.stringMatching(/^gs_session=.+; Path=\/as; Max-Age=\d+; HttpOnly; SameSite=Lax$/),
    ])
  })
})

describe('static app server', () => {
  it('serves index.html for client-side routes such as /callback, with the app CSP', async () => {
    const res = await raw('/callback?code=abc&state=x')
    expect(res.status).toBe(200)
    expect(res.body).toContain('app shell')
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'self'")
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['referrer-policy']).toBe('no-referrer')
  })

  it('lets any site frame an embed link, and only an embed link', async () => {
    const embed = await raw('/?flow=authorization-code&step=3&embed=1')
    expect(embed.headers['content-security-policy']).toContain('frame-ancestors *')
    expect(embed.headers['content-security-policy']).not.toContain("frame-ancestors 'self'")
    for (const path of ['/?flow=authorization-code&embed=0', '/?embed=1x', '/callback?embed=true']) {
      const res = await raw(path)
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'self'")
    }
    const page = await raw(
      `/as/authorize?${new URLSearchParams({
        response_type: 'code',
        client_id: 'web-app',
        redirect_uri: `${app.running.url}/callback`,
        scope: 'openid',
        embed: '1',
      })}`,
    )
    expect(page.status).toBe(200)
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'")
    expect(page.headers['x-frame-options']).toBe('DENY')
  })

  it('serves assets with their content type and 404s missing ones', async () => {
    const js = await raw('/assets/app.js')
    expect(js.status).toBe(200)
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect((await raw('/assets/missing.js')).status).toBe(404)
  })

  it.each(['/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fpackage.json', '/%E0%A4%A'])(
    'refuses %s',
    async (path) => {
      const res = await raw(path)
      expect(res.status).toBe(400)
      expect(res.body).not.toContain('root:')
    },
  )

  it('routes only the mock server paths to the mock server', () => {
    expect(isMockServerPath('/as/token')).toBe(true)
    expect(isMockServerPath('/.well-known/oauth-authorization-server/as')).toBe(true)
    expect(isMockServerPath('/rs/me')).toBe(true)
    expect(isMockServerPath('/assets/app.js')).toBe(false)
    expect(isMockServerPath('/ask')).toBe(false)
  })
})
