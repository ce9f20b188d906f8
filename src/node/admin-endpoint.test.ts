import { request } from 'node:http'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nodeServerAdmin } from '../protocol/server-admin-client.ts'
import { PolicyError } from '../protocol/server-policies.ts'
import { readClientsFile } from './clients-file.ts'
import { startTestApp, type TestApp } from './node-test-utils.ts'

let app: TestApp
let port: string
beforeAll(async () => {
  app = await startTestApp()
  port = new URL(app.running.url).port
})
afterAll(() => app.stop())

/** A raw request, so Host and Origin are exactly what an attacker's page or a rebinding DNS name sends. */
function raw(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  return new Promise<{ status: number; body: string }>((done, fail) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers ?? {} },
      (res) => {
        let body = ''
        res.on('data', (chunk: Buffer) => (body += chunk.toString()))
        res.on('end', () => done({ status: res.statusCode ?? 0, body }))
      },
    )
    req.on('error', fail)
    req.end(options.body)
  })
}

describe('admin endpoint: who may use it', () => {
  it.each(['evil.example', `evil.example:${'PORT'}`, 'localhost:1'])('Host %s → 421', async (host) => {
    const res = await raw('/admin/settings', { headers: { host: host.replace('PORT', port) } })
    expect(res.status).toBe(421)
    expect(JSON.parse(res.body)).toMatchObject({ error: 'misdirected_request' })
  })

  it.each(['https://evil.example', 'http://localhost:1', 'null'])('Origin %s → 403', async (origin) => {
    const res = await raw('/admin/settings', { headers: { host: `localhost:${port}`, origin } })
    expect(res.status).toBe(403)
  })

  it.each([undefined, 'own'])('Origin %s → 200', async (origin) => {
    const headers: Record<string, string> = { host: `127.0.0.1:${port}` }
    if (origin !== undefined) headers['origin'] = `http://localhost:${port}`
    const res = await raw('/admin/settings', { headers })
    expect(res.status).toBe(200)
    expect(JSON.parse(res.body)).toMatchObject({ values: { signingAlgorithm: 'RS256' } })
  })

  it('a write must be JSON (a cross-site form cannot send it without a preflight)', async () => {
    const res = await raw('/admin/settings', {
      method: 'PATCH',
      headers: { host: `localhost:${port}`, 'content-type': 'text/plain' },
      body: '{"deviceSlowDown":false}',
    })
    expect(res.status).toBe(415)
  })

  it('sends no CORS headers', async () => {
    const res = await fetch(`${app.running.url}/admin/settings`)
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('nodeServerAdmin: the UI’s client for it', () => {
  const admin = () => nodeServerAdmin(app.running.url)

  it('changes settings that the Node server then applies', async () => {
    const snapshot = await admin().setPolicies({ accessTokenFormat: 'opaque' })
    expect(snapshot.values.accessTokenFormat).toBe('opaque')
    expect(snapshot.defaults.accessTokenFormat).toBe('jwt')
    const tokens = (await (
      await fetch(`${app.running.issuer}/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${btoa('service:service-secret')}`,
        },
        body: 'grant_type=client_credentials',
      })
    ).json()) as { access_token: string }
    expect(tokens.access_token).not.toContain('.')
    expect((await admin().resetPolicies()).values.accessTokenFormat).toBe('jwt')
  })

  it('rejects refused settings with every problem, changing nothing', async () => {
    const error: unknown = await admin()
      .setPolicies({ codeTtlSeconds: 0, deviceSlowDown: 'no' } as never)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PolicyError)
    expect((error as PolicyError).problems).toEqual([
      'codeTtlSeconds must be between 1 and 600 seconds',
      'deviceSlowDown must be true or false',
    ])
    expect((await admin().getPolicies()).values.codeTtlSeconds).toBe(60)
  })

  it('lists clients and deletes a registered one', async () => {
    const registered = (await (
      await fetch(`${app.running.issuer}/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          client_name: 'Mine',
          redirect_uris: ['http://localhost:5173/cb'],
          token_endpoint_auth_method: 'none',
        }),
      })
    ).json()) as { client_id: string }
    const listed = await admin().listClients()
    expect(listed.find((c) => c.client_id === registered.client_id)).toMatchObject({
      client_name: 'Mine',
      origin: 'registered',
    })
    await admin().deleteClient(registered.client_id)
    expect((await admin().listClients()).some((c) => c.client_id === registered.client_id)).toBe(false)
    await expect(admin().deleteClient('web-app')).rejects.toThrow("The server's admin endpoint answered 404")
  })
})

describe('clients file', () => {
  const file = (content: string) => {
    const path = join(mkdtempSync(join(tmpdir(), 'grantscope-clients-')), 'clients.json')
    writeFileSync(path, content)
    return path
  }

  it('reads an array of client metadata', () => {
    expect(readClientsFile(file('[{"client_id":"a","grant_types":["client_credentials"]}]'))).toEqual([
      { client_id: 'a', grant_types: ['client_credentials'] },
    ])
  })

  it.each([
    ['{"client_id":"a"}', 'must hold a JSON array of client metadata objects'],
    ['[1]', 'must hold a JSON array of client metadata objects'],
    ['[', 'cannot read'],
  ])('refuses %s', (content, message) => {
    expect(() => readClientsFile(file(content))).toThrow(message)
  })
})
