import { useEffect, useState } from 'react'
import { createPortal } from 'react-dom'
import { CheckList } from '@/components/check-list.tsx'
import type { HeaderList } from '@/protocol/http-exchange.ts'
import { nodeServerPaths, type ConsoleEntry } from '@/protocol/node-server-api.ts'

/** Entries the page keeps; the server keeps its own (bounded) backlog. */
const keep = 200

type Status = 'connecting' | 'live' | 'reconnecting'

interface Props {
  readonly available: boolean
  readonly playgroundOnNode: boolean
  readonly onClose: () => void
}

/** Follows the Node server's console stream; the browser reconnects by itself (Last-Event-ID). */
function useConsoleStream(available: boolean): {
  entries: readonly ConsoleEntry[]
  status: Status
  clear: () => void
} {
  const [entries, setEntries] = useState<readonly ConsoleEntry[]>([])
  const [status, setStatus] = useState<Status>('connecting')
  useEffect(() => {
    if (!available) return
    const source = new EventSource(new URL(nodeServerPaths.console, window.location.origin))
    source.addEventListener('open', () => setStatus('live'))
    source.addEventListener('error', () => setStatus('reconnecting'))
    source.addEventListener('exchange', (event) => {
      const entry = JSON.parse((event as MessageEvent<string>).data) as ConsoleEntry
      setEntries((list) => (list.some((e) => e.id === entry.id) ? list : [...list, entry].slice(-keep)))
    })
    return () => source.close()
  }, [available])
  return { entries, status, clear: () => setEntries([]) }
}

const statusTone = (status: number) =>
  status >= 500
    ? 'bg-red-700 text-white'
    : status >= 400
      ? 'bg-red-100 text-red-900'
      : status >= 300
        ? 'bg-blue-100 text-blue-900'
        : 'bg-emerald-100 text-emerald-900'

const pathOf = (url: string) => {
  try {
    const u = new URL(url)
    return u.pathname + u.search
  } catch {
    return url
  }
}

const timeOf = (at: number) => new Date(at).toLocaleTimeString(undefined, { hour12: false })

function HeaderLines({ headers }: { headers: HeaderList }) {
  return (
    <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-2 font-mono text-xs">
      {headers.map(([name, value], i) => (
        <div key={`${name}-${i}`} className="contents">
          <dt className="text-slate-500">{name}:</dt>
          <dd className="break-all text-slate-800">{value}</dd>
        </div>
      ))}
    </dl>
  )
}

function Body({ text }: { text: string | undefined }) {
  if (!text) return null
  return (
    <pre className="mt-1 max-h-48 overflow-auto rounded bg-slate-50 p-2 text-xs break-all whitespace-pre-wrap">
      {text}
    </pre>
  )
}

function EntryDetail({ entry }: { entry: ConsoleEntry }) {
  const { request, response } = entry
  const failures = entry.trace.filter((t) => t.outcome === 'fail').length
  return (
    <article aria-label="Selected exchange" className="space-y-3">
      <h3 className="font-mono text-sm font-semibold break-all">
        {request.method} {pathOf(request.url)} → {response?.status} {response?.statusText}
      </h3>
      <section>
        <h4 className="mb-1 text-sm font-semibold">
          Server reasoning ({entry.trace.length}
          {failures > 0 ? `, ${failures} failed` : ''})
        </h4>
        <CheckList entries={entry.trace} label="Server decisions" />
      </section>
      {entry.tokens.length > 0 && (
        <section>
          <h4 className="mb-1 text-sm font-semibold">Decoded tokens</h4>
          {entry.tokens.map((token, i) => (
            <div key={`${token.where}-${i}`} className="mb-2">
              <p className="text-xs text-slate-600">{token.where} (signature not shown)</p>
              <pre className="overflow-auto rounded bg-slate-50 p-2 text-xs whitespace-pre-wrap">
                {JSON.stringify({ header: token.header, claims: token.claims }, null, 2)}
              </pre>
            </div>
          ))}
        </section>
      )}
      <section>
        <h4 className="mb-1 text-sm font-semibold">Request</h4>
        <HeaderLines headers={request.headers} />
        <Body text={request.body} />
      </section>
      {response && (
        <section>
          <h4 className="mb-1 text-sm font-semibold">
            Response {response.status} {response.statusText}
          </h4>
          <HeaderLines headers={response.headers} />
          <Body text={response.body} />
        </section>
      )}
    </article>
  )
}

function NotAvailable() {
  return (
    <div className="max-w-3xl space-y-2 p-4 text-sm text-slate-800">
      <p className="font-semibold">The server console is part of npm start only.</p>
      <p>
        This page was served as static files (or from another machine), so its authorization server runs
        inside the page and nothing else can reach it. To watch every request that your own app, curl or
        Postman sends to the bundled server — with the server’s reasoning and decoded tokens — run it
        yourself:
      </p>
      <pre className="rounded bg-slate-100 p-2 text-xs">npm ci{'\n'}npm start</pre>
      <p>
        then open <code>http://localhost:8080</code> on the same machine and press Server console there. The
        console is served on the loopback interface only, and it masks secrets.
      </p>
    </div>
  )
}

/**
 * The Node server's recent exchanges, live: every request any app, curl or the playground sends,
 * with method, URL, status, time, the server's reasoning and decoded tokens. The server masks
 * secrets before anything leaves it.
 */
export function ServerConsolePanel({ available, playgroundOnNode, onClose }: Props) {
  const { entries, status, clear } = useConsoleStream(available)
  const [selectedId, setSelectedId] = useState<number>()
  const newestFirst = [...entries].reverse()
  const selected = entries.find((e) => e.id === selectedId) ?? newestFirst[0]
  return createPortal(
    <>
      <div aria-hidden className="h-[45vh]" />
      <section
        id="server-console"
        aria-label="Server console"
        className="fixed inset-x-0 bottom-0 z-30 flex h-[45vh] flex-col border-t-2 border-slate-700 bg-white shadow-2xl"
      >
        <header className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-200 bg-slate-100 px-3 py-1.5">
          <h2 className="text-sm font-semibold">Server console</h2>
          {available && (
            <span role="status" className="text-xs text-slate-700">
              {status === 'live'
                ? `Live · ${entries.length} exchange${entries.length === 1 ? '' : 's'}`
                : status === 'connecting'
                  ? 'Connecting…'
                  : 'Connection lost — reconnecting…'}
            </span>
          )}
          {available && !playgroundOnNode && (
            <span className="text-xs text-slate-600">
              The playground’s own flows run in this page; choose “Node server” to see them here too.
            </span>
          )}
          <span className="ml-auto flex gap-2">
            {available && (
              <button
                type="button"
                onClick={clear}
                className="rounded border border-slate-300 bg-white px-2 py-0.5 text-xs hover:bg-slate-50"
              >
                Clear
              </button>
            )}
            <button
              type="button"
              onClick={onClose}
              className="rounded border border-slate-300 bg-white px-2 py-0.5 text-xs hover:bg-slate-50"
            >
              Close
            </button>
          </span>
        </header>
        {!available ? (
          <NotAvailable />
        ) : entries.length === 0 ? (
          <p className="p-4 text-sm text-slate-700">
            Waiting for requests. Send one from your app, or try{' '}
            <code className="break-all">
              curl {window.location.origin}/as/.well-known/openid-configuration
            </code>
          </p>
        ) : (
          <div className="grid min-h-0 flex-1 md:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
            <ol
              aria-label="Exchanges, newest first"
              className="min-h-0 overflow-auto border-slate-200 md:border-r"
            >
              {newestFirst.map((entry) => (
                <li key={entry.id}>
                  <button
                    type="button"
                    aria-current={entry.id === selected?.id ? 'true' : undefined}
                    onClick={() => setSelectedId(entry.id)}
                    className="flex w-full items-center gap-2 border-b border-slate-100 px-3 py-1 text-left font-mono text-xs hover:bg-slate-50 aria-[current=true]:bg-blue-50"
                  >
                    <span className="text-slate-500">{timeOf(entry.at)}</span>
                    <span className="font-semibold">{entry.request.method}</span>
                    <span className="min-w-0 flex-1 truncate">{pathOf(entry.request.url)}</span>
                    <span className={`rounded px-1 ${statusTone(entry.response?.status ?? 0)}`}>
                      {entry.response?.status}
                    </span>
                    <span className="shrink-0 text-right whitespace-nowrap text-slate-500">
                      {entry.durationMs < 100 ? entry.durationMs.toFixed(1) : Math.round(entry.durationMs)} ms
                    </span>
                    <span className="hidden text-slate-500 sm:inline">{entry.via}</span>
                  </button>
                </li>
              ))}
            </ol>
            <div className="min-h-0 overflow-auto p-3">{selected && <EntryDetail entry={selected} />}</div>
          </div>
        )}
      </section>
    </>,
    document.body,
  )
}
