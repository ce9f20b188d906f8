import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import { createMockServer, type MockServer, type MockServerOptions } from '../server/index.ts'
import { isAdminPath, serveAdmin } from './admin-endpoint.ts'
import { createDevtools, type Devtools } from './devtools.ts'
import { answerClientErrors, RejectedRequest, sendRejection, toServerRequest } from './http-adapter.ts'
import { batchedSender, ServerClock, writeServed } from './recording-server.ts'
import { createRelay, isRelayPath, type Relay } from './relay.ts'
import { nodeJwsSigner } from './node-signer.ts'
import { pooledRandom } from './pooled-random.ts'
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
  /** The server console's log, the envelope and the per-run token of the page (`devtools.ts`). */
  readonly devtools: Devtools
  /** The mock server's clock; the playground's clock control skips it ahead. */
  readonly clock: ServerClock
  /** The relay's per-run token; undefined when the server is not bound to loopback (no relay then). */
  readonly relayToken: string | undefined
  close(): Promise<void>
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '::1'])

/** The meta element that hands the relay's token to the app's page (read by the provider mode). */
export const relayMetaName = 'grantscope-relay'

function withRelayToken(html: string, token: string): string {
  const meta = `<meta name="${relayMetaName}" content="${token}" />`
  return html.includes('</head>') ? html.replace('</head>', `    ${meta}\n  </head>`) : `${meta}${html}`
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
  const host = options.host ?? '127.0.0.1'
  // The relay only ever listens on loopback (research 4.2): on any other interface there is none.
  const relayToken = loopbackHosts.has(host) ? randomBytes(32).toString('base64url') : undefined
  // The origin names the real port, known only once listening: the mock server is created then.
  const mounted: { devtools?: Devtools; mock?: MockServer; relay?: Relay; origin: string } = { origin: '' }
  const serveStatic = createStaticHandler(distDir, {
    // The tokens go only into the app's own page, and only when it is asked for by this server's own
    // name: a DNS-rebinding page (another Host) gets the page without them.
    indexVariant: (req) => {
      const devtools = mounted.devtools?.indexVariant(req)
      const { relay } = mounted
      const relayed =
        relay !== undefined &&
        relayToken !== undefined &&
        relay.hosts.has(req.headers.host?.toLowerCase() ?? '')
      if (!relayed) return devtools
      return {
        key: `${devtools?.key ?? ''}|relay`,
        html: (base) => withRelayToken(devtools === undefined ? base : devtools.html(base), relayToken),
      }
    },
  })
  // The mock server's answers go out together at the end of each event-loop turn.
  const send = batchedSender()
  const server = createServer((req, res) => {
    void dispatch(req, res).catch(() => {
      if (!res.headersSent) sendRejection(res, new RejectedRequest(500, 'Unexpected error'))
      else res.destroy()
    })
  })
  const dispatch = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const pathname = (req.url ?? '/').split('?')[0] ?? '/'
    const { devtools, mock, origin, relay } = mounted
    if (isRelayPath(pathname)) {
      if (relay !== undefined) return relay.handle(req, res)
      return sendRejection(
        res,
        new RejectedRequest(404, 'The relay runs only when the server listens on loopback'),
      )
    }
    if (mock !== undefined && isAdminPath(pathname)) return serveAdmin(req, res, mock, origin)
    if (devtools?.owns(pathname)) return devtools.handle(req, res)
    if (devtools === undefined || !isMockServerPath(pathname)) return serveStatic(req, res)
    try {
      writeServed(res, await devtools.serve(await toServerRequest(req, origin), 'http'), send)
    } catch (error) {
      if (error instanceof RejectedRequest) return sendRejection(res, error)
      throw error
    }
  }
  answerClientErrors(server)
  server.requestTimeout = 30_000
  server.headersTimeout = 10_000
  await new Promise<void>((done, fail) => {
    server.once('error', fail)
    server.listen(options.port, host, () => done())
  })
  const { port } = server.address() as AddressInfo
  const origin = `http://localhost:${port}`
  const clock = new ServerClock()
  const mock = createMockServer({
    clock: clock.now,
    signer: nodeJwsSigner,
    random: pooledRandom(),
    ...options.mock,
    origin,
  })
  const devtools = createDevtools({ mock, origin, port, clock })
  mounted.origin = origin
  mounted.devtools = devtools
  mounted.mock = mock
  if (relayToken !== undefined) mounted.relay = createRelay({ port, token: relayToken })
  return {
    url: origin,
    issuer: mock.issuer,
    devtools,
    clock,
    relayToken,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done())
        server.closeAllConnections()
      }),
  }
}
