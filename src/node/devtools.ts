import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { nodeServerMetaName, nodeServerPaths, type NodeServerInfo } from '../protocol/node-server-api.ts'
import type { MockServer } from '../server/index.ts'
import { serveClock, serveEnvelope } from './envelope.ts'
import { ExchangeLog } from './exchange-log.ts'
import { checkLoopbackHost, checkLoopbackRequest } from './loopback-guard.ts'
import type { NodeRequest } from './node-request.ts'
import { recordingServer, type ServerClock, type Served } from './recording-server.ts'
import { serveConsole } from './server-console.ts'

/** What `npm start` offers a developer beside the mock server: the console, the envelope, the clock. */
export interface Devtools {
  /** Per-run secret the served page carries; the envelope and the clock require it. */
  readonly token: string
  readonly log: ExchangeLog
  /** Answers a request with the mock server and records it for the console. */
  readonly serve: (request: NodeRequest | Request, via: 'http' | 'playground') => Promise<Served>
  /** Whether the path is one of these endpoints. */
  readonly owns: (pathname: string) => boolean
  readonly handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>
  /** index.html as this request gets it: announcing the Node server only to a loopback page. */
  readonly indexVariant: (req: IncomingMessage) => { key: string; html: (base: string) => string } | undefined
}

const escapeAttribute = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

export function createDevtools(options: {
  readonly mock: MockServer
  readonly origin: string
  readonly port: number
  readonly clock: ServerClock
  readonly log?: ExchangeLog
}): Devtools {
  const { origin, port, clock } = options
  const token = randomBytes(32).toString('base64url')
  const log = options.log ?? new ExchangeLog()
  const serve = recordingServer(options.mock, log, clock)
  const paths = new Set<string>(Object.values(nodeServerPaths))
  const refuse = (res: ServerResponse, status: number, message: string) => {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
    res.end(JSON.stringify({ error: message }))
  }
  const info: NodeServerInfo = { origin, token }
  const meta = `<meta name="${nodeServerMetaName}" content="${escapeAttribute(JSON.stringify(info))}" />`
  return {
    token,
    log,
    serve,
    owns: (pathname) => paths.has(pathname),
    handle: async (req, res) => {
      const pathname = (req.url ?? '/').split('?')[0]
      // The console is read-only and masked: Host and Origin suffice, so `curl -N` can follow it.
      const needsToken = pathname !== nodeServerPaths.console
      const refusal = checkLoopbackRequest(req, port, needsToken ? token : undefined)
      if (refusal !== undefined) return refuse(res, refusal.status, refusal.message)
      if (pathname === nodeServerPaths.console) return serveConsole(req, res, log)
      if (pathname === nodeServerPaths.envelope)
        return serveEnvelope(req, res, origin, (request) => serve(request, 'playground'))
      return serveClock(req, res, clock)
    },
    indexVariant: (req) => {
      // Another Host (a LAN address, a rebinding name) gets the page as a static host would serve it.
      // Any site may link here (Sec-Fetch-Site cross-site); none can read the page it opens.
      if (checkLoopbackHost(req, port) !== undefined) return undefined
      return {
        key: 'loopback',
        html: (base) =>
          base.includes('</head>')
            ? base.replace('</head>', `    ${meta}\n  </head>`)
            : base.replace(/^(<!doctype html>)?/i, `$1${meta}`),
      }
    },
  }
}
