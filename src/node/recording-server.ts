import { STATUS_CODES, type ServerResponse } from 'node:http'
import type { HeaderList } from '../protocol/http-exchange.ts'
import type { TraceEntry } from '../protocol/trace.ts'
import type { MockServer, Reply } from '../server/index.ts'
import type { ExchangeLog } from './exchange-log.ts'
import { NodeRequest } from './node-request.ts'

/** The mock server's answer, read whole: what goes on the wire, into the envelope and into the log. */
export interface Served {
  readonly status: number
  readonly statusText: string
  /** Every header, each Set-Cookie on its own. */
  readonly headers: HeaderList
  /** Written as UTF-8; kept as text, so the console and the envelope need not decode it again. */
  readonly body: string
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
    const { reply, trace } = await mock.answer(request)
    const served = toServed(reply, trace)
    const durationMs = performance.now() - started
    const { status, statusText, headers, body } = served
    log.record({
      request: {
        method: request.method,
        url: request.url,
        headers: request.headers,
        ...(requestBody === undefined ? {} : { body: requestBody }),
      },
      response: { status, statusText, headers, body },
      trace,
      at,
      durationMs,
      via,
    })
    return served
  }
}

/**
 * A reply as the Web `Response` made of it would go out: its headers as `Headers` lists them
 * (lower-case names in order, a name given twice joined with ", "), each Set-Cookie on its own
 * after them, the body as the text that `writeServed` encodes as UTF-8, as `arrayBuffer()` would.
 */
export function toServed(reply: Reply, trace: readonly TraceEntry[]): Served {
  const body = reply.body ?? ''
  const headers = headerListOf(reply.headers)
  return { status: reply.status, statusText: STATUS_CODES[reply.status] ?? '', headers, body, trace }
}

/** Lists of frozen (constant) header sets, made once: `reply` hands back the same frozen object. */
const listedOnce = new WeakMap<object, HeaderList>()

function headerListOf(headers: Readonly<Record<string, string>>): HeaderList {
  const frozen = Object.isFrozen(headers)
  const known = frozen ? listedOnce.get(headers) : undefined
  if (known !== undefined) return known
  const joined = new Map<string, string>()
  const cookies: string[] = []
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase()
    const earlier = joined.get(lower)
    if (lower === 'set-cookie') cookies.push(value)
    else joined.set(lower, earlier === undefined ? value : `${earlier}, ${value}`)
  }
  const list: [string, string][] = [...joined].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  for (const cookie of cookies) list.push(['set-cookie', cookie])
  if (frozen) listedOnce.set(headers, Object.freeze(list))
  return list
}

/**
 * Writes a served answer to a Node response. The body goes as a string: Node sends it in one write
 * with the header block and counts its Content-Length itself. `end` sends it (by default at once);
 * the headers are set here, so a header Node refuses throws to the caller either way.
 */
export function writeServed(
  res: ServerResponse,
  served: Served,
  end: (res: ServerResponse, body: string) => void = sendNow,
): void {
  const cookies: string[] = []
  for (const [name, value] of served.headers) {
    if (name === 'set-cookie') cookies.push(value)
    else res.setHeader(name, value)
  }
  if (cookies.length > 0) res.setHeader('Set-Cookie', cookies)
  res.statusCode = served.status
  end(res, served.body)
}

const sendNow = (res: ServerResponse, body: string) => void res.end(body)

/**
 * Sends answers at the end of the event loop's turn, together, instead of each as soon as it is
 * ready. None waits long: when `maxBatch` are waiting, or the first has waited `maxWaitMs`, they
 * all go at once (with 2 ms, a turn of RS256 signatures at ~0.6 ms each raised the p99 by ~2 ms).
 * Each send to a client that has gone to sleep waiting for it wakes that client, and a wake-up that
 * crosses CPUs costs the sender a kernel round trip (an interrupt to the other CPU; on a virtual
 * machine an exit to the host). Under load, answers made in one turn now wake their client once per
 * batch: with 10 connections on this 2-core VM the client's wake-ups went from ~0.7 to ~0.3 per
 * request and the server's CPU time per EdDSA token request fell by ~20–30 % on a loaded host
 * (`perf` put 7–17 % of it in the kernel's wake-up path). A single request waits only for the rest
 * of its turn.
 */
export function batchedSender(
  maxBatch = 16,
  maxWaitMs = 1,
  now: () => number = () => performance.now(),
): (res: ServerResponse, body: string) => void {
  let pending: { res: ServerResponse; body: string }[] = []
  let firstAt = 0
  const flush = () => {
    const batch = pending
    pending = []
    for (const { res, body } of batch) {
      try {
        res.end(body)
      } catch {
        // Nothing to answer with any more (the connection broke): drop it, keep sending the rest.
        res.destroy()
      }
    }
  }
  return (res, body) => {
    const waiting = pending.push({ res, body })
    if (waiting === 1) {
      firstAt = now()
      setImmediate(flush)
    } else if (waiting >= maxBatch || now() - firstAt >= maxWaitMs) flush()
  }
}
