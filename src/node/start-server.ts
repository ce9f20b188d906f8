import { existsSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import { createMockServer, type MockServer, type MockServerOptions } from '../server/index.ts'
import { isAdminPath, serveAdmin } from './admin-endpoint.ts'
import { answerClientErrors, RejectedRequest, sendRejection, serveWithHandler } from './http-adapter.ts'
import { createStaticHandler } from './static-server.ts'

export interface StartOptions {
  /** 0 picks a free port. */
  readonly port: number
  /** Interface to bind; loopback by default (see research 4.7). */
  readonly host?: string
  readonly distDir: string
  /** Options of the mock server (clock, policies …); its origin is always the one listened on. */
  readonly mock?: Omit<MockServerOptions, 'origin'>
}

export interface RunningServer {
  /** `http://localhost:PORT` — the one origin of the app and the mock server. */
  readonly url: string
  readonly issuer: string
  close(): Promise<void>
}

/** Paths that belong to the mock AS and RS; everything else is the app. */
export function isMockServerPath(pathname: string): boolean {
  return (
    pathname === '/as' ||
    pathname.startsWith('/as/') ||
    pathname === '/rs' ||
    pathname.startsWith('/rs/') ||
    pathname === '/.well-known/oauth-authorization-server/as'
  )
}

/**
 * Serves the built app and the mock server on one origin, `http://localhost:PORT`.
 * Fails fast when the app was not built.
 */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const distDir = resolve(options.distDir)
  if (!existsSync(join(distDir, 'index.html'))) {
    throw new Error(`No built app in ${distDir} — run npm run build first (npm start does it for you).`)
  }
  const serveStatic = createStaticHandler(distDir)
  // The origin names the real port, known only once listening: the mock server is created then.
  const mounted: { mock?: MockServer; origin: string } = { origin: '' }
  const server = createServer((req, res) => {
    void dispatch(req, res).catch(() => {
      if (!res.headersSent) sendRejection(res, new RejectedRequest(500, 'Unexpected error'))
      else res.destroy()
    })
  })
  const dispatch = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const pathname = (req.url ?? '/').split('?')[0] ?? '/'
    const { mock, origin } = mounted
    if (mock !== undefined && isAdminPath(pathname)) return serveAdmin(req, res, mock, origin)
    if (mock === undefined || !isMockServerPath(pathname)) return serveStatic(req, res)
    await serveWithHandler(req, res, (request) => mock.handle(request), origin)
  }
  answerClientErrors(server)
  server.requestTimeout = 30_000
  server.headersTimeout = 10_000
  await new Promise<void>((done, fail) => {
    server.once('error', fail)
    server.listen(options.port, options.host ?? '127.0.0.1', () => done())
  })
  const { port } = server.address() as AddressInfo
  const origin = `http://localhost:${port}`
  const mock = createMockServer({ ...options.mock, origin })
  mounted.origin = origin
  mounted.mock = mock
  return {
    url: origin,
    issuer: mock.issuer,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done())
        server.closeAllConnections()
      }),
  }
}
