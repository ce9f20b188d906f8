/**
 * The loopback-only admin endpoint of `npm start`: read and change the bundled server's settings,
 * list and delete its clients — what the settings panel and the clients editor do when the page
 * runs against this server. Same-origin only, checked like the relay (DESIGN.md) before anything is
 * read: a Host that is not this server's loopback name gets 421 (DNS rebinding), a foreign Origin
 * or a caller that is not on this machine 403; writes must be JSON, which a cross-site form cannot
 * send without a CORS preflight this endpoint never answers.
 *
 *   GET    /admin/settings          → { values, defaults }
 *   PATCH  /admin/settings          { name: value, … } → { values, defaults } | 400 { problems }
 *   DELETE /admin/settings          → back to the defaults → { values, defaults }
 *   GET    /admin/clients           → { clients: [...] } (no secrets)
 *   DELETE /admin/clients/{id}      → 204 | 404
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { defaultPolicies, PolicyError, type PolicySnapshot } from '../protocol/server-policies.ts'
import type { MockServer } from '../server/index.ts'
import { isLoopbackAddress } from './loopback-guard.ts'

export const adminPrefix = '/admin/'

/** Largest settings change the endpoint reads, in bytes. */
const maxAdminBody = 8 * 1024

export function isAdminPath(pathname: string): boolean {
  return pathname.startsWith(adminPrefix)
}

const loopbackHostnames = ['localhost', '127.0.0.1', '[::1]']

/** The names this server answers to on this machine: `localhost:PORT`, `127.0.0.1:PORT`, `[::1]:PORT`. */
function ownHosts(origin: string): string[] {
  const { port } = new URL(origin)
  return loopbackHostnames.map((host) => `${host}:${port}`)
}

/** 127.0.0.0/8, ::1, and IPv4-mapped loopback. */
function send(res: ServerResponse, status: number, body?: unknown): void {
  res.statusCode = status
  res.setHeader('Cache-Control', 'no-store')
  res.setHeader('X-Content-Type-Options', 'nosniff')
  if (body === undefined) return void res.end()
  res.setHeader('Content-Type', 'application/json; charset=utf-8')
  res.end(JSON.stringify(body))
}

const refuse = (res: ServerResponse, status: number, description: string, extra: object = {}) =>
  send(res, status, {
    error: status === 421 ? 'misdirected_request' : 'invalid_request',
    error_description: description,
    ...extra,
  })

/** Why this request may not reach the admin endpoint, as [status, description]; undefined when it may. */
export function adminRefusal(req: IncomingMessage, origin: string): [number, string] | undefined {
  const hosts = ownHosts(origin)
  const host = req.headers.host
  if (host === undefined || !hosts.includes(host.toLowerCase()))
    return [421, `The admin endpoint answers only as ${hosts.join(', ')}`]
  if (!isLoopbackAddress(req.socket.remoteAddress))
    return [403, 'The admin endpoint answers only callers on this machine']
  const from = req.headers.origin
  if (from !== undefined && !hosts.map((h) => `http://${h}`).includes(from.toLowerCase()))
    return [403, `Origin ${from} may not use the admin endpoint`]
  return undefined
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= maxAdminBody) chunks.push(chunk)
    })
    req.on('end', () => {
      if (size > maxAdminBody) return reject(new RangeError(`The body is larger than ${maxAdminBody} bytes`))
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')))
      } catch {
        reject(new SyntaxError('The body is not valid JSON'))
      }
    })
    req.on('error', reject)
  })
}

const snapshot = (mock: MockServer, values = mock.getPolicies()): PolicySnapshot => ({
  values,
  defaults: { ...defaultPolicies },
})

/** Answers one admin request; call only for `isAdminPath` paths. */
export async function serveAdmin(
  req: IncomingMessage,
  res: ServerResponse,
  mock: MockServer,
  origin: string,
): Promise<void> {
  const refusal = adminRefusal(req, origin)
  if (refusal !== undefined) {
    req.resume()
    return refuse(res, ...refusal)
  }
  const pathname = (req.url ?? '/').split('?')[0] ?? '/'
  const method = req.method ?? 'GET'
  if (pathname === '/admin/settings') {
    if (method === 'GET') return send(res, 200, snapshot(mock))
    if (method === 'DELETE') return send(res, 200, snapshot(mock, mock.resetPolicies()))
    if (method === 'PATCH') {
      if (req.headers['content-type']?.split(';')[0]?.trim().toLowerCase() !== 'application/json') {
        req.resume()
        return refuse(res, 415, 'Send the settings as application/json')
      }
      let body: unknown
      try {
        body = await readJson(req)
      } catch (error) {
        return refuse(res, error instanceof RangeError ? 413 : 400, (error as Error).message)
      }
      try {
        return send(res, 200, snapshot(mock, mock.setPolicies(body as never)))
      } catch (error) {
        if (!(error instanceof PolicyError)) throw error
        return refuse(res, 400, 'These settings were refused; nothing changed', { problems: error.problems })
      }
    }
    res.setHeader('Allow', 'GET, PATCH, DELETE')
    return refuse(res, 405, `${method} is not allowed here`)
  }
  if (pathname === '/admin/clients' && method === 'GET')
    return send(res, 200, { clients: mock.listClients() })
  if (pathname.startsWith('/admin/clients/') && method === 'DELETE') {
    let id: string
    try {
      id = decodeURIComponent(pathname.slice('/admin/clients/'.length))
    } catch {
      return refuse(res, 400, 'The client_id is not validly percent-encoded')
    }
    return mock.deleteClient(id)
      ? send(res, 204)
      : refuse(res, 404, `No registered client ${id.slice(0, 100)}`)
  }
  req.resume()
  return refuse(res, 404, `Nothing at ${pathname.slice(0, 100)}`)
}
