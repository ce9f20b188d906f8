/**
 * Runs the endpoint test suites through the Node HTTP adapter: every request a test sends
 * in-process goes over a real socket to an HTTP server that serves it with the adapter
 * (`serveWithHandler`, as `npm start` does), and the test gets the HTTP response back with the
 * server's trace (kept in-process, keyed by a request id). Test-only.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { TracedResponse } from '../protocol/http-exchange.ts'
import type { TraceEntry } from '../protocol/trace.ts'
import type { MockServerInternals } from '../server/mock-server.ts'
import { answerClientErrors, serveWithHandler } from './http-adapter.ts'

const serverHeader = 'x-grantscope-test-server'
const requestHeader = 'x-grantscope-test-request'

interface Harness {
  readonly port: number
  readonly server: Server
}

const mocks = new Map<string, MockServerInternals>()
const traces = new Map<string, readonly TraceEntry[]>()
let harness: Promise<Harness> | undefined
let counter = 0

function startHarness(): Promise<Harness> {
  harness ??= new Promise((ready, fail) => {
    const server = createServer((req, res) => {
      const mock = mocks.get(String(req.headers[serverHeader]))
      const id = String(req.headers[requestHeader])
      if (mock === undefined) return void res.writeHead(500).end('no mock server for this request')
      void serveWithHandler(
        req,
        res,
        async (request) => {
          const traced = await mock.answer(request)
          traces.set(id, traced.trace)
          return traced
        },
        mock.context.origin,
      ).catch(() => res.destroy())
    })
    answerClientErrors(server)
    server.keepAliveTimeout = 1000
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => ready({ port: (server.address() as AddressInfo).port, server }))
  })
  return harness
}

/** Stops the harness's HTTP server (a vitest setup file calls it after each test file). */
export async function stopNodeAdapterHarness(): Promise<void> {
  const running = await harness
  harness = undefined
  mocks.clear()
  traces.clear()
  if (running === undefined) return
  running.server.closeAllConnections()
  await new Promise<void>((done) => running.server.close(() => done()))
}

/**
 * The same mock server, answering over HTTP: `handle` sends the request through a socket and the
 * Node adapter, and returns the HTTP response with the trace the server recorded for it.
 */
export function overNodeAdapter(mock: MockServerInternals): MockServerInternals {
  const serverId = String(++counter)
  mocks.set(serverId, mock)
  const handle = async (request: Request): Promise<TracedResponse> => {
    const { port } = await startHarness()
    const url = new URL(request.url)
    const requestId = `${serverId}-${++counter}`
    const headers = new Headers(request.headers)
    headers.set(serverHeader, serverId)
    headers.set(requestHeader, requestId)
    const body = request.body === null ? undefined : await request.arrayBuffer()
    const response = await fetch(`http://127.0.0.1:${port}${url.pathname}${url.search}`, {
      method: request.method,
      headers,
      redirect: 'manual',
      ...(body === undefined ? {} : { body }),
    })
    const trace = traces.get(requestId) ?? []
    traces.delete(requestId)
    return { response, trace }
  }
  return { ...mock, handle, fetch: async (request) => (await handle(request)).response }
}
