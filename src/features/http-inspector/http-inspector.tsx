import {
  header,
  type HeaderList as WireHeaders,
  type HttpExchange,
  type RecordedRequest,
  type RecordedResponse,
} from '@/protocol/http-exchange.ts'
import { headerGlossary, parameterGlossary } from '@/protocol/glossary.ts'
import { SpecLink } from '@/components/spec-link.tsx'
import { Tabs } from '@/components/tabs.tsx'

/** Values that are secrets in their own right; shown, since this is a local playground, but marked. */
const SENSITIVE = new Set([
  'password',
  'client_secret',
  'code_verifier',
  'access_token',
  'refresh_token',
  'id_token',
  'code',
])

function startLine(request: RecordedRequest): string {
  const url = new URL(request.url)
  // A relayed request lists its Host header itself, as sent.
  const host = header(request.headers, 'host') === undefined ? `\nhost: ${url.host}` : ''
  return `${request.method} ${url.pathname}${url.search} HTTP/1.1${host}`
}

function rawRequest(request: RecordedRequest): string {
  const headers = request.headers.map(([k, v]) => `${k}: ${v}`).join('\n')
  return `${startLine(request)}${headers ? `\n${headers}` : ''}\n${request.body ? `\n${request.body}` : ''}`
}

function rawResponse(response: RecordedResponse): string {
  const headers = response.headers.map(([k, v]) => `${k}: ${v}`).join('\n')
  return `HTTP/1.1 ${response.status} ${response.statusText}\n${headers}\n\n${response.body}`
}

function HeaderList({ headers, label }: { headers: WireHeaders; label: string }) {
  if (headers.length === 0) return null
  return (
    <details className="text-xs">
      <summary className="cursor-pointer font-semibold uppercase tracking-wide text-slate-500">
        {label} ({headers.length})
      </summary>
      <dl className="mt-1 space-y-1">
        {headers.map(([name, value], i) => {
          const entry = headerGlossary[name.toLowerCase()]
          return (
            <div key={`${name}-${i}`} className="grid grid-cols-[10rem_minmax(0,1fr)] gap-2">
              <dt className="font-mono font-semibold">{name}</dt>
              <dd className="font-mono break-all text-slate-700">
                {value}
                {entry && (
                  <span className="block font-sans text-slate-600">
                    {entry.meaning} <SpecLink id={entry.ref} />
                  </span>
                )}
              </dd>
            </div>
          )
        })}
      </dl>
    </details>
  )
}

function ParamTable({ params, caption }: { params: URLSearchParams; caption: string }) {
  const rows = [...params]
  if (rows.length === 0) return null
  return (
    <table className="w-full table-fixed border-collapse text-left text-sm">
      <caption className="mb-1 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
        {caption}
      </caption>
      <thead className="sr-only">
        <tr>
          <th>Parameter</th>
          <th>Value</th>
          <th>Meaning</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, value], i) => {
          const entry = parameterGlossary[name]
          return (
            <tr key={`${name}-${i}`} className="border-t border-slate-100 align-top">
              <th scope="row" className="w-36 py-1 pr-2 font-mono text-xs font-semibold text-slate-800">
                {name}
              </th>
              <td className="py-1 pr-2 font-mono text-xs break-all text-slate-700">
                {value}
                {SENSITIVE.has(name) && (
                  <span className="ml-1 rounded bg-amber-100 px-1 text-[10px] font-sans text-amber-900">
                    secret
                  </span>
                )}
              </td>
              <td className="w-2/5 py-1 text-xs text-slate-600">
                {entry ? (
                  <>
                    {entry.meaning} <SpecLink id={entry.ref} />
                  </>
                ) : (
                  'Not an OAuth parameter.'
                )}
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

function prettyJson(text: string): string | undefined {
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return undefined
  }
}

function Body({ text, contentType }: { text: string; contentType: string | undefined }) {
  const pretty = contentType?.includes('json') ? prettyJson(text) : undefined
  if (pretty !== undefined)
    return (
      // Focusable, so a keyboard can scroll it (WCAG 2.1.1).
      <pre
        tabIndex={0}
        aria-label="Body (JSON)"
        className="max-h-96 overflow-auto rounded bg-slate-900 p-2 text-xs text-emerald-100"
      >
        {pretty}
      </pre>
    )
  if (contentType?.includes('html'))
    return (
      <p className="text-xs text-slate-600">
        An HTML page ({text.length.toLocaleString()} characters), rendered in the simulated browser. The raw
        tab shows its source.
      </p>
    )
  return text ? (
    <pre tabIndex={0} aria-label="Body" className="overflow-auto rounded bg-slate-100 p-2 text-xs">
      {text}
    </pre>
  ) : null
}

function Decoded({ exchange }: { exchange: HttpExchange }) {
  const { request, response } = exchange
  const url = new URL(request.url)
  const requestType = header(request.headers, 'content-type')
  const form =
    requestType?.includes('x-www-form-urlencoded') && request.body
      ? new URLSearchParams(request.body)
      : undefined
  const location = response && header(response.headers, 'location')
  const locationUrl = location ? new URL(location, request.url) : undefined
  const authorization = header(request.headers, 'authorization')
  return (
    <div className="space-y-3">
      <p className="font-mono text-sm">
        <span className="font-bold">{request.method}</span>{' '}
        <span className="break-all">{url.origin + url.pathname}</span>
      </p>
      {authorization && <AuthorizationHeader value={authorization} />}
      <HeaderList headers={request.headers} label="Request headers" />
      <ParamTable params={url.searchParams} caption="Query parameters" />
      {form && <ParamTable params={form} caption="Form parameters (body)" />}
      {response ? (
        <div className="space-y-2 border-t border-slate-200 pt-2">
          <p className="font-mono text-sm">
            <span className={`font-bold ${response.status >= 400 ? 'text-red-700' : 'text-emerald-700'}`}>
              {response.status} {response.statusText}
            </span>
            {locationUrl && <span className="break-all"> → {locationUrl.origin + locationUrl.pathname}</span>}
          </p>
          {locationUrl && (
            <ParamTable params={locationUrl.searchParams} caption="Redirect parameters (Location)" />
          )}
          <HeaderList headers={response.headers} label="Response headers" />
          <Body text={response.body} contentType={header(response.headers, 'content-type')} />
        </div>
      ) : exchange.note === undefined ? (
        <p className="border-t border-slate-200 pt-2 text-xs text-slate-600">
          No HTTP response: the client runs in this page and reads the URL directly.
        </p>
      ) : null}
    </div>
  )
}

function decodeBasic(credentials: string): { raw: string; id: string; secret: string } | undefined {
  try {
    const raw = atob(credentials)
    const colon = raw.indexOf(':')
    if (colon < 0) return undefined
    const formDecode = (v: string) => decodeURIComponent(v.replace(/\+/g, ' '))
    return { raw, id: formDecode(raw.slice(0, colon)), secret: formDecode(raw.slice(colon + 1)) }
  } catch {
    return undefined
  }
}

function AuthorizationHeader({ value }: { value: string }) {
  const [scheme = '', credentials = ''] = value.split(' ')
  const basic = scheme.toLowerCase() === 'basic' ? decodeBasic(credentials) : undefined
  return (
    <p className="text-xs text-slate-700">
      <span className="font-mono font-semibold">Authorization: {scheme}</span>{' '}
      {basic ? (
        <>
          — client authentication: base64 of <code className="rounded bg-slate-100 px-1">{basic.raw}</code>,
          that is client_id <code className="rounded bg-slate-100 px-1">{basic.id}</code> and client_secret{' '}
          <code className="rounded bg-slate-100 px-1">{basic.secret}</code> (each form-urlencoded first){' '}
          <SpecLink id="rfc6749-2.3.1" />
        </>
      ) : (
        <>
          — the access token, presented as a bearer token <SpecLink id="rfc6750-2.1" />
        </>
      )}
    </p>
  )
}

/** The real HTTP request and response of a step: decoded and explained, or raw as on the wire. */
export function HttpInspector({ exchange }: { exchange: HttpExchange }) {
  return (
    <div className="space-y-2">
      {exchange.note && (
        <p
          role="note"
          className="rounded border border-violet-300 bg-violet-50 px-2 py-1.5 text-xs text-violet-950"
        >
          {exchange.note}
        </p>
      )}
      <Tabs
        label="HTTP exchange view"
        tabs={[
          { id: 'decoded', label: 'Decoded', content: <Decoded exchange={exchange} /> },
          {
            id: 'raw',
            label: 'Raw',
            content: (
              <div className="space-y-2">
                <pre
                  tabIndex={0}
                  aria-label="Raw request"
                  className="max-h-72 overflow-auto rounded bg-slate-900 p-2 text-xs whitespace-pre-wrap break-all text-slate-100"
                >
                  {rawRequest(exchange.request)}
                </pre>
                {exchange.response && (
                  <pre
                    tabIndex={0}
                    aria-label="Raw response"
                    className="max-h-72 overflow-auto rounded bg-slate-900 p-2 text-xs whitespace-pre-wrap break-all text-slate-100"
                  >
                    {rawResponse(exchange.response)}
                  </pre>
                )}
              </div>
            ),
          },
        ]}
      />
    </div>
  )
}

/**
 * A URL the client prepared for the browser, with no HTTP of its own: shown with its parameters,
 * and saying honestly that nothing went over the wire yet.
 */
export function PreparedRequest({ url }: { url: string }) {
  const parsed = new URL(url)
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700">
        Nothing went over HTTP in this step: the client built this URL and sends the browser to it (a web
        server answers with a 302 redirect, a single-page app sets <code>window.location</code>). The browser
        requests it in the next step.
      </p>
      <p className="font-mono text-sm break-all">
        <span className="font-bold">GET</span> {parsed.origin + parsed.pathname}
      </p>
      <ParamTable params={parsed.searchParams} caption="Query parameters" />
    </div>
  )
}
