import { cookieHeaderOf, withSetCookies } from '@/protocol/cookie-jar.ts'
import type { Transport } from '@/protocol/http-exchange.ts'
import {
  nodeServerPaths,
  playgroundTokenHeader,
  type EnvelopeRequest,
  type EnvelopeResponse,
  type NodeServerInfo,
  type ServerClockState,
} from '@/protocol/node-server-api.ts'
import { nodeServerAdmin } from '@/protocol/server-admin-client.ts'
import type { ServerAdmin } from '@/protocol/server-policies.ts'
import { PlaygroundClock } from './clock.ts'
import type { Runtime } from './runtime.ts'

/** Statuses whose response has no body (Fetch: null body status), and HEAD. */
const bodyless = new Set([101, 103, 204, 205, 304])

type Fetch = (input: URL, init: RequestInit) => Promise<Response>

/**
 * Calls an endpoint of the Node server that served the page, on the page's own origin (the guard
 * compares Origin with Host), with the per-run token.
 */
function nodeCall(info: NodeServerInfo, base: string, fetchImpl: Fetch) {
  return async <T>(path: string, body?: unknown): Promise<T> => {
    const response = await fetchImpl(new URL(path, base), {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', [playgroundTokenHeader]: info.token },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      cache: 'no-store',
    })
    if (!response.ok) {
      const reason = ((await response.json().catch(() => ({}))) as { error?: string }).error ?? ''
      throw new Error(`The Node server refused ${path}: ${response.status} ${reason}`.trim())
    }
    return (await response.json()) as T
  }
}

/**
 * A Transport to the Node server of `npm start`, through its envelope: the request goes whole —
 * with the Cookie a browser would send, which `fetch` may not set — and the answer comes back
 * unfollowed, with Location, every Set-Cookie and the server's trace, which a browser `fetch` with
 * `redirect: 'manual'` would hide behind an opaque response.
 */
export function envelopeTransport(
  info: NodeServerInfo,
  base: string = window.location.origin,
  fetchImpl: Fetch = (input, init) => fetch(input, init),
): Transport {
  const call = nodeCall(info, base, fetchImpl)
  return async (request) => {
    const headers: [string, string][] = [...request.headers]
    const cookie = cookieHeaderOf(request)
    if (cookie !== undefined && !request.headers.has('cookie')) headers.push(['cookie', cookie])
    const body = request.body === null ? undefined : await request.text()
    const envelope: EnvelopeRequest = {
      method: request.method,
      url: request.url,
      headers,
      ...(body === undefined ? {} : { body }),
    }
    const answer = await call<EnvelopeResponse>(nodeServerPaths.envelope, envelope)
    const setCookies = answer.headers.filter(([name]) => name === 'set-cookie').map(([, value]) => value)
    const response = new Response(
      bodyless.has(answer.status) || request.method === 'HEAD' ? null : answer.body,
      {
        status: answer.status,
        statusText: answer.statusText,
        headers: answer.headers
          .filter(([name]) => name !== 'set-cookie')
          .map(([name, value]): [string, string] => [name, value]),
      },
    )
    return { response: withSetCookies(response, setCookies), trace: answer.trace }
  }
}

/**
 * The page's handle on the Node server that served it: its admin endpoint, and the envelope to send
 * requests through. The runtime runs the flows over it; the Clients dialog registers there even
 * while the flows run in the page, because that is the server a developer's own app signs in at.
 */
export function nodeServerAccess(
  info: NodeServerInfo,
  base: string = window.location.origin,
  fetchImpl: Fetch = (input, init) => fetch(input, init),
): { readonly admin: ServerAdmin; readonly transport: Transport } {
  return {
    admin: nodeServerAdmin(base, (url, init) => fetchImpl(new URL(url), init)),
    transport: envelopeTransport(info, base, fetchImpl),
  }
}

/**
 * The playground on the Node server: flows go through the envelope, and the clock follows the Node
 * server's — a skip is posted there before the next request leaves, so the server sees the same
 * time as the client. Restart starts a fresh run with a fresh browser but does not wipe the Node
 * server: other apps may hold its codes and tokens.
 */
export async function createNodeRuntime(
  info: NodeServerInfo,
  base: string = window.location.origin,
  fetchImpl: Fetch = (input, init) => fetch(input, init),
): Promise<Runtime> {
  const call = nodeCall(info, base, fetchImpl)
  let skips: Promise<unknown> = Promise.resolve()
  const clock = new PlaygroundClock({
    onAdvance: (advanceMs) => {
      skips = skips
        .then(() => call<ServerClockState>(nodeServerPaths.clock, { advanceMs }))
        .then((state) => clock.adopt(state.offsetMs))
        .catch(() => undefined)
    },
  })
  clock.adopt((await call<ServerClockState>(nodeServerPaths.clock)).offsetMs)
  const { admin, transport: envelope } = nodeServerAccess(info, base, fetchImpl)
  return {
    server: 'node',
    admin,
    origin: info.origin,
    clock,
    transport: async (request) => {
      await skips
      return envelope(request)
    },
    resetServer: () => undefined,
  }
}
