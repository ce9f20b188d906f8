import type { IncomingMessage, ServerResponse } from 'node:http'
import type { EnvelopeRequest, EnvelopeResponse, ServerClockState } from '../protocol/node-server-api.ts'
import { maxBodyBytes } from './http-adapter.ts'
import type { ServerClock, Served } from './recording-server.ts'

/** The envelope carries a request body (≤ maxBodyBytes) plus headers and JSON framing. */
const maxEnvelopeBytes = 2 * maxBodyBytes
const maxHeaders = 64
/** A skip larger than this is a typo, not a lesson. */
const maxSkipMs = 30 * 24 * 60 * 60 * 1000
const methods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])
/** Framing is the envelope's own; the inner request's would contradict it. */
const dropped = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
])

class EnvelopeError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
  res.end(JSON.stringify(body))
}

/** Reads a JSON body of at most `limit` bytes; the rest of an oversized body is drained, then 413. */
function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
      return reject(new EnvelopeError(415, 'Send application/json'))
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= limit) chunks.push(chunk)
    })
    req.on('end', () => {
      if (size > limit) return reject(new EnvelopeError(413, `Body larger than ${limit} bytes`))
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')))
      } catch {
        reject(new EnvelopeError(400, 'The body is not JSON'))
      }
    })
    req.on('error', () => reject(new EnvelopeError(400, 'The body could not be read')))
  })
}

const isHeaderList = (value: unknown): value is [string, string][] =>
  Array.isArray(value) &&
  value.length <= maxHeaders &&
  value.every(
    (pair) =>
      Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string' && typeof pair[1] === 'string',
  )

/** Checks the envelope and turns it into the Request the mock server answers. */
export function unwrapEnvelope(value: unknown, origin: string): Request {
  const e = value as Partial<EnvelopeRequest> | null
  if (typeof e !== 'object' || e === null) throw new EnvelopeError(400, 'The envelope must be an object')
  if (typeof e.method !== 'string' || !methods.has(e.method))
    throw new EnvelopeError(400, 'method must be an HTTP method name')
  if (typeof e.url !== 'string') throw new EnvelopeError(400, 'url must be a string')
  let url: URL
  try {
    url = new URL(e.url)
  } catch {
    throw new EnvelopeError(400, 'url must be an absolute URL')
  }
  if (url.origin !== origin) throw new EnvelopeError(400, `url must be on ${origin}, the mock server`)
  if (!isHeaderList(e.headers))
    throw new EnvelopeError(400, `headers must be at most ${maxHeaders} [name, value] pairs`)
  if (e.body !== undefined && typeof e.body !== 'string')
    throw new EnvelopeError(400, 'body must be a string')
  const headers = new Headers()
  try {
    for (const [name, value] of e.headers) if (!dropped.has(name.toLowerCase())) headers.append(name, value)
  } catch {
    throw new EnvelopeError(400, 'A header name or value is not valid')
  }
  const hasBody = e.body !== undefined && e.method !== 'GET' && e.method !== 'HEAD'
  return new Request(url, { method: e.method, headers, ...(hasBody ? { body: e.body } : {}) })
}

/**
 * POST /__grantscope/envelope: the playground's requests to the Node server, carried whole. A
 * page's `fetch` cannot show it what a browser navigation sees — `redirect: 'manual'` yields an
 * opaque response without status or Location, and Set-Cookie is never readable — so the page sends
 * the request its simulated browser or client would send, and gets the answer unfollowed and
 * unfiltered, with the server's trace. The caller has passed the loopback guard and the token.
 */
export async function serveEnvelope(
  req: IncomingMessage,
  res: ServerResponse,
  origin: string,
  serve: (request: Request) => Promise<Served>,
): Promise<void> {
  if (req.method !== 'POST') return json(res, 405, { error: 'POST an envelope here' })
  let request: Request
  try {
    request = unwrapEnvelope(await readJson(req, maxEnvelopeBytes), origin)
  } catch (error) {
    if (error instanceof EnvelopeError) return json(res, error.status, { error: error.message })
    throw error
  }
  const served = await serve(request)
  const answer: EnvelopeResponse = {
    status: served.status,
    statusText: served.statusText,
    headers: served.headers,
    body: served.body,
    trace: served.trace,
  }
  json(res, 200, answer)
}

/**
 * GET /__grantscope/clock: the Node server's time. POST `{ "advanceMs": n }` skips it ahead, so the
 * playground's clock control makes codes and tokens expire on the Node server too — for every app
 * that uses it, which the page says. Time never goes back: issued tokens would become "not yet valid".
 */
export async function serveClock(
  req: IncomingMessage,
  res: ServerResponse,
  clock: ServerClock,
): Promise<void> {
  if (req.method === 'POST') {
    let body: unknown
    try {
      body = await readJson(req, 1024)
    } catch (error) {
      if (error instanceof EnvelopeError) return json(res, error.status, { error: error.message })
      throw error
    }
    const advanceMs = (body as { advanceMs?: unknown } | null)?.advanceMs
    if (
      typeof advanceMs !== 'number' ||
      !Number.isFinite(advanceMs) ||
      advanceMs < 0 ||
      advanceMs > maxSkipMs
    )
      return json(res, 400, { error: `advanceMs must be a number of milliseconds from 0 to ${maxSkipMs}` })
    clock.advance(advanceMs)
  } else if (req.method !== 'GET') {
    return json(res, 405, { error: 'GET the clock, or POST { advanceMs }' })
  }
  const state: ServerClockState = { offsetMs: clock.offsetMs, now: clock.now() }
  json(res, 200, state)
}
