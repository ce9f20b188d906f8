import { useId, useState, type FormEvent } from 'react'
import type { RecordedRequest } from '@/protocol/http-exchange.ts'
import { header } from '@/protocol/http-exchange.ts'

interface Row {
  readonly key: number
  readonly name: string
  readonly value: string
  /** The value as the client would have sent it; undefined for a row the person added. */
  readonly original: string | undefined
  readonly removed: boolean
}

type Section = 'query' | 'headers' | 'form'

/** Headers a person should not edit: the transport sets them. */
const fixedHeaders = new Set(['content-length', 'host'])

const rowsOf = (entries: Iterable<readonly [string, string]>, start = 0): Row[] =>
  [...entries].map(([name, value], i) => ({ key: start + i, name, value, original: value, removed: false }))

const isForm = (request: RecordedRequest) =>
  request.body !== undefined && /x-www-form-urlencoded/i.test(header(request.headers, 'content-type') ?? '')

interface Props {
  /** The request the next step would send, as the client built it. */
  readonly request: RecordedRequest
  readonly onSend: (edited: RecordedRequest) => void
  readonly onCancel: () => void
}

/**
 * "Edit": the request Next would send, every query and form parameter, header and the body a
 * textbox labelled with its name; a changed, removed or added value is highlighted, and "Send"
 * sends the edited request for real.
 */
export function RequestEditor({ request, onSend, onCancel }: Props) {
  const id = useId()
  const url = new URL(request.url)
  const form = isForm(request)
  const [rows, setRows] = useState<Record<Section, Row[]>>(() => ({
    query: rowsOf(url.searchParams),
    headers: rowsOf(
      request.headers.filter(([name]) => !fixedHeaders.has(name.toLowerCase())),
      1000,
    ),
    form: form ? rowsOf(new URLSearchParams(request.body), 2000) : [],
  }))
  const [body, setBody] = useState(form ? '' : (request.body ?? ''))
  const [added, setAdded] = useState(3000)

  const change = (section: Section, key: number, patch: Partial<Row>) =>
    setRows({ ...rows, [section]: rows[section].map((r) => (r.key === key ? { ...r, ...patch } : r)) })
  const add = (section: Section) => {
    setRows({
      ...rows,
      [section]: [...rows[section], { key: added, name: '', value: '', original: undefined, removed: false }],
    })
    setAdded(added + 1)
  }
  const kept = (section: Section) => rows[section].filter((r) => !r.removed && r.name.trim() !== '')

  const send = (event: FormEvent) => {
    event.preventDefault()
    const next = new URL(request.url)
    next.search = new URLSearchParams(kept('query').map((r) => [r.name, r.value])).toString()
    const editedBody = form
      ? new URLSearchParams(kept('form').map((r) => [r.name, r.value])).toString()
      : body
    onSend({
      method: request.method,
      url: next.href,
      headers: kept('headers').map((r) => [r.name, r.value] as const),
      ...(request.body === undefined && editedBody === '' ? {} : { body: editedBody }),
    })
  }

  const changedCount =
    (['query', 'headers', 'form'] as const)
      .flatMap((s) => rows[s])
      .filter((r) => r.removed || r.original !== r.value).length +
    (!form && body !== (request.body ?? '') ? 1 : 0)

  const section = (which: Section, title: string) =>
    rows[which].length === 0 && which !== 'query' ? null : (
      <fieldset className="space-y-1.5">
        <legend className="text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</legend>
        {rows[which].map((row) => {
          const changed = row.removed || row.original !== row.value
          return (
            <div
              key={row.key}
              className={`flex flex-wrap items-center gap-2 rounded px-1 ${changed ? 'bg-amber-100 ring-1 ring-amber-400' : ''}`}
            >
              {row.original === undefined ? (
                <input
                  aria-label={`New ${which === 'headers' ? 'header' : 'parameter'} name`}
                  value={row.name}
                  onChange={(e) => change(which, row.key, { name: e.target.value })}
                  className="w-40 rounded border border-slate-300 px-1.5 py-1 font-mono text-xs"
                  placeholder="name"
                />
              ) : null}
              <label className="flex min-w-0 flex-1 flex-wrap items-center gap-2 font-mono text-xs">
                {row.original === undefined ? (
                  <span className="sr-only">Value</span>
                ) : (
                  <span className="w-full shrink-0 font-semibold break-all sm:w-40">{row.name}</span>
                )}
                <input
                  value={row.value}
                  disabled={row.removed}
                  onChange={(e) => change(which, row.key, { value: e.target.value })}
                  className="min-w-[10rem] flex-1 rounded border border-slate-300 px-1.5 py-1 disabled:line-through"
                />
              </label>
              {changed && (
                <span className="text-xs font-medium text-amber-900">
                  {row.removed ? 'removed' : row.original === undefined ? 'added' : 'changed'}
                </span>
              )}
              <button
                type="button"
                onClick={() => change(which, row.key, { removed: !row.removed })}
                className="rounded border border-slate-300 bg-white px-2 py-0.5 text-xs"
                aria-label={`${row.removed ? 'Restore' : 'Remove'} ${row.name || 'the new row'}`}
              >
                {row.removed ? 'Restore' : 'Remove'}
              </button>
            </div>
          )
        })}
        <button
          type="button"
          onClick={() => add(which)}
          className="text-xs font-medium text-blue-800 underline"
        >
          Add {which === 'headers' ? 'a header' : 'a parameter'}
        </button>
      </fieldset>
    )

  return (
    <form
      onSubmit={send}
      aria-labelledby={`${id}-title`}
      className="space-y-3 rounded-lg border-2 border-amber-400 bg-white p-4 shadow-sm"
    >
      <div>
        <h2 id={`${id}-title`} className="text-base font-semibold">
          Edit the request Next will send
        </h2>
        <p className="mt-1 font-mono text-sm break-all">
          <span className="font-bold">{request.method}</span> {url.origin + url.pathname}
        </p>
        <p className="mt-1 text-xs text-slate-600">
          Change anything, then Send: it goes out for real, and the server’s and the client’s reasoning show
          which check catches it — or that nothing did.
        </p>
      </div>
      {section('query', 'Query parameters')}
      {section('headers', 'Headers')}
      {form ? (
        section('form', 'Form parameters (body)')
      ) : request.body !== undefined ? (
        <label className="block text-xs font-semibold">
          Body
          <textarea
            value={body}
            onChange={(e) => setBody(e.target.value)}
            rows={4}
            className={`mt-1 block w-full rounded border border-slate-300 p-1.5 font-mono ${body !== request.body ? 'bg-amber-100' : ''}`}
          />
        </label>
      ) : null}
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="submit"
          className="rounded bg-amber-600 px-4 py-1.5 text-sm font-semibold text-white hover:bg-amber-700"
        >
          Send
        </button>
        <button
          type="button"
          onClick={onCancel}
          className="rounded border border-slate-300 px-3 py-1.5 text-sm"
        >
          Cancel
        </button>
        <span role="status" className="text-xs text-slate-700">
          {changedCount === 0
            ? 'Nothing changed yet.'
            : `${changedCount} change${changedCount === 1 ? '' : 's'}.`}
        </span>
      </div>
    </form>
  )
}
