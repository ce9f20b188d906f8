import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ConsoleEntry } from '../protocol/node-server-api.ts'
import type { ExchangeLog } from './exchange-log.ts'

/** Open consoles at once; more is a runaway tab or a misbehaving script. */
const maxWatchers = 16
/** A console that stops reading (a frozen tab) is dropped before it holds this much. */
const maxBufferedBytes = 1024 * 1024
const heartbeatMs = 15_000

const event = (entry: ConsoleEntry): string =>
  `id: ${entry.id}\nevent: exchange\ndata: ${JSON.stringify(entry)}\n\n`

/**
 * GET /__grantscope/console: Server-Sent Events, one `exchange` event per request the Node server
 * answered — first the kept backlog (after `Last-Event-ID` when the browser reconnects), then live.
 * The caller has passed the loopback guard.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html
 */
export function serveConsole(req: IncomingMessage, res: ServerResponse, log: ExchangeLog): void {
  if (req.method !== 'GET') {
    res.writeHead(405, { Allow: 'GET', 'Content-Type': 'text/plain; charset=utf-8' })
    return void res.end('GET this path as text/event-stream')
  }
  if (log.watchers >= maxWatchers) {
    res.writeHead(503, { 'Retry-After': '10', 'Content-Type': 'text/plain; charset=utf-8' })
    return void res.end(`At most ${maxWatchers} consoles may be open at once`)
  }
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    Connection: 'keep-alive',
  })
  const lastId = Number(req.headers['last-event-id'] ?? '0')
  res.write(`retry: 2000\n\n`)
  for (const entry of log.recent(Number.isFinite(lastId) ? lastId : 0)) res.write(event(entry))
  const send = (entry: ConsoleEntry) => {
    if (res.writableLength > maxBufferedBytes) return void res.destroy()
    res.write(event(entry))
  }
  const unsubscribe = log.subscribe(send)
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), heartbeatMs)
  heartbeat.unref()
  res.on('close', () => {
    clearInterval(heartbeat)
    unsubscribe()
  })
}
