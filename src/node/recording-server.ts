import { STATUS_CODES, type ServerResponse } from 'node:http'
import type { HeaderList } from '../protocol/http-exchange.ts'
import type { TraceEntry } from '../protocol/trace.ts'
import { knownBody } from '../server/http/known-body.ts'
import type { MockServer } from '../server/index.ts'
import type { ExchangeLog } from './exchange-log.ts'
import { NodeRequest } from './node-request.ts'

/** The mock server's answer, read whole: what goes on the wire, into the envelope and into the log. */
export interface Served {
  readonly status: number
  readonly statusText: string
  /** Every header, each Set-Cookie on its own. */
  readonly headers: HeaderList
  readonly body: Buffer
  readonly trace: readonly TraceEntry[]
}

/** The Node server's clock: real time plus what the playground skipped (forward only). */
export class ServerClock {
  private offset = 0
  now = (): number => Date.now() + this.offset
  get offsetMs(): number {
    return this.offset
  }
  advance(milliseconds: number): void {
    this.offset += Math.max(0, milliseconds)
  }
}

/**
 * Answers requests with the mock server and records each exchange for the server console — the
 * same path for any HTTP client and for the playground's envelope, so both show up alike. The
 * adapter's requests carry their body already read; the envelope's Web requests are read from a clone.
 */
export function recordingServer(
  mock: MockServer,
  log: ExchangeLog,
  clock: ServerClock,
): (request: NodeRequest | Request, via: 'http' | 'playground') => Promise<Served> {
  return async (request, via) => {
    const at = clock.now()
    const started = performance.now()
    const requestBody =
      request instanceof NodeRequest
        ? request.bodyText
        : request.body === null
          ? undefined
          : await request.clone().text()
    const { response, trace } = await mock.handle(request)
    const served = await toServed(response, trace)
    const durationMs = performance.now() - started
    const { status, statusText, headers, body } = served
    log.record({
      request: {
        method: request.method,
        url: request.url,
        headers: [...request.headers],
        ...(requestBody === undefined ? {} : { body: requestBody }),
      },
      response: { status, statusText, headers, body: body.toString('utf8') },
      trace,
      at,
      durationMs,
      via,
    })
    return served
  }
}

/** Reads a Web response whole, each Set-Cookie kept on its own. */
export async function toServed(response: Response, trace: readonly TraceEntry[]): Promise<Served> {
  const text = knownBody(response)
  const body = text === undefined ? Buffer.from(await response.arrayBuffer()) : Buffer.from(text, 'utf8')
  const headers: [string, string][] = []
  for (const [name, value] of response.headers) if (name !== 'set-cookie') headers.push([name, value])
  for (const cookie of response.headers.getSetCookie()) headers.push(['set-cookie', cookie])
  const statusText = response.statusText || (STATUS_CODES[response.status] ?? '')
  return { status: response.status, statusText, headers, body, trace }
}

/** Writes a served answer to a Node response. */
export function writeServed(res: ServerResponse, served: Served): void {
  const cookies: string[] = []
  for (const [name, value] of served.headers) {
    if (name === 'set-cookie') cookies.push(value)
    else res.setHeader(name, value)
  }
  if (cookies.length > 0) res.setHeader('Set-Cookie', cookies)
  res.statusCode = served.status
  res.end(served.body)
}
