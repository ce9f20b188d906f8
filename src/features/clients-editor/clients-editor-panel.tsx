import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import type { ClientSummary, ServerAdmin } from '@/protocol/server-policies.ts'
import { CopyButton } from '@/components/copy-button.tsx'
import { ServerPicker, serverName } from '@/components/server-picker.tsx'
import { SpecLinks } from '@/components/spec-link.tsx'
import type { ClientsServer, ClientsServers } from './clients-server.ts'

const grants = [
  { value: 'authorization_code', label: 'Authorization code' },
  { value: 'refresh_token', label: 'Refresh token' },
  { value: 'implicit', label: 'Implicit (legacy)' },
  { value: 'client_credentials', label: 'Client credentials' },
  { value: 'password', label: 'Password (legacy)' },
  { value: 'urn:ietf:params:oauth:grant-type:device_code', label: 'Device code' },
] as const

const authMethods = [
  { value: 'none', label: 'none (public: SPA, native app)' },
  { value: 'client_secret_basic', label: 'client_secret_basic (HTTP Basic)' },
  { value: 'client_secret_post', label: 'client_secret_post (in the body)' },
] as const

/** The registration the form describes, as RFC 7591 client metadata. */
interface Draft {
  name: string
  redirectUris: string
  applicationType: 'web' | 'native'
  authMethod: (typeof authMethods)[number]['value']
  grants: string[]
  scope: string
}

const initialDraft: Draft = {
  name: '',
  redirectUris: 'http://localhost:5173/callback',
  applicationType: 'web',
  authMethod: 'none',
  grants: ['authorization_code', 'refresh_token'],
  scope: '',
}

function metadataOf(draft: Draft): Record<string, unknown> {
  return {
    ...(draft.name.trim() === '' ? {} : { client_name: draft.name.trim() }),
    redirect_uris: draft.redirectUris
      .split('\n')
      .map((u) => u.trim())
      .filter((u) => u !== ''),
    application_type: draft.applicationType,
    token_endpoint_auth_method: draft.authMethod,
    grant_types: draft.grants,
    ...(draft.scope.trim() === '' ? {} : { scope: draft.scope.trim() }),
  }
}

/** The answer to a registration, and the server that gave it. */
type Outcome = { readonly server: ClientsServer } & (
  | { readonly kind: 'registered'; readonly body: Record<string, unknown> }
  | { readonly kind: 'refused'; readonly error: string; readonly description: string }
)

/** Who can use a client registered there. */
function reach(server: ClientsServer, alone: boolean): string {
  if (server.kind === 'node')
    return alone
      ? 'Your own app, curl, the Server console and this playground’s flows all use it.'
      : 'Your own app, curl and the Server console use it.'
  return alone
    ? 'Only this page’s flows can use its clients, until the page reloads. This page was not served by npm start on this machine, so it has no server your own app can reach: run npm start and open the page it prints to register your app there.'
    : 'A copy inside this tab, with clients, codes and keys of its own: only this page’s flows can use its clients, until the page reloads; your own app and the Node server do not know them.'
}

/**
 * Which server a registration goes to. With a Node server there are two, and the choice is one
 * click away; the Node server comes first, as the default, since that is where a developer's own
 * app will sign in. Without one the page says so, and why.
 */
function RegisterWith({
  servers,
  current,
  onChoose,
}: {
  servers: ClientsServers
  current: ClientsServer
  onChoose: (server: ClientsServer) => void
}) {
  if (servers.length === 1)
    return (
      <p data-testid="clients-server" className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
        Registers with <strong>{serverName(current)}</strong> at{' '}
        <code className="break-all">{current.issuer}</code>. {reach(current, true)}
      </p>
    )
  return (
    <ServerPicker
      servers={servers}
      current={current}
      onChoose={onChoose}
      legend="Register with"
      describe={(server) => reach(server, false)}
      testId="clients-server"
    />
  )
}

function ClientCard({ client, onDelete }: { client: ClientSummary; onDelete?: () => void }) {
  return (
    <li className="rounded-md border border-slate-200 p-3 text-sm">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="min-w-0">
          <code className="font-semibold break-all">{client.client_id}</code>{' '}
          <span className="text-slate-700">{client.client_name}</span>{' '}
          <span className="rounded bg-slate-100 px-1.5 text-xs text-slate-700">{client.origin}</span>
        </p>
        {onDelete && (
          <button
            type="button"
            onClick={onDelete}
            aria-label={`Delete ${client.client_id}`}
            className="min-h-6 rounded border border-red-300 bg-white px-2 py-0.5 text-xs text-red-800 hover:bg-red-50"
          >
            Delete
          </button>
        )}
      </div>
      <dl className="mt-1 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-0.5 text-xs">
        <dt className="text-slate-600">type</dt>
        <dd>
          {client.application_type},{' '}
          {client.token_endpoint_auth_method.includes('none') ? 'public' : 'confidential'} (
          {client.token_endpoint_auth_method})
        </dd>
        <dt className="text-slate-600">grants</dt>
        <dd className="break-words">{client.grant_types.join(', ')}</dd>
        <dt className="text-slate-600">redirect URIs</dt>
        <dd className="break-all">
          {client.redirect_uris.length > 0 ? client.redirect_uris.join(' ') : '—'}
        </dd>
        <dt className="text-slate-600">scope</dt>
        <dd>{client.scope ?? 'any scope the server knows'}</dd>
      </dl>
    </li>
  )
}

/**
 * A server's clients: the demo world's, and the apps registered with it (RFC 7591). "Register
 * your app" sends a real registration request to the server's registration endpoint and shows the
 * answer — the new client_id, the secret of a confidential client — or the error that says which
 * metadata value is wrong. Which server that is, is said at the top, in the answer and over the list.
 */
export function ClientsEditorPanel({ servers }: { servers: ClientsServers }) {
  // By kind: the servers are built anew with a new runtime, and the choice stays.
  const [kind, setKind] = useState(servers[0].kind)
  const server = servers.find((s) => s.kind === kind) ?? servers[0]
  const { admin, transport, issuer } = server
  const [listed, setListed] = useState<{ admin: ServerAdmin; clients: readonly ClientSummary[] }>()
  const clients = listed?.admin === admin ? listed.clients : undefined
  const [draft, setDraft] = useState<Draft>(initialDraft)
  const [outcome, setOutcome] = useState<Outcome>()
  const [problem, setProblem] = useState<string>()
  const [busy, setBusy] = useState(false)
  const ids = { name: useId(), uris: useId(), auth: useId(), scope: useId() }
  const answer = useRef<HTMLDivElement>(null)
  // The answer appears below the form: bring it on screen, on a phone too. Only an answer: on
  // opening, the top of the dialog — which server this is — stays in view.
  useEffect(() => {
    // A block body: Chromium's scrollIntoView returns a promise, which must not become the cleanup.
    if (outcome !== undefined) void answer.current?.scrollIntoView?.({ block: 'nearest' })
  }, [outcome])

  const [listings, setListings] = useState(0)
  const refresh = () => setListings((n) => n + 1)
  useEffect(() => {
    // A list that arrives after the learner chose the other server is not that server's.
    let current = true
    admin.listClients().then(
      (list) => current && setListed({ admin, clients: list }),
      (e: unknown) => current && setProblem(String(e)),
    )
    return () => {
      current = false
    }
  }, [admin, listings])

  const choose = (next: ClientsServer) => {
    setKind(next.kind)
    setOutcome(undefined)
    setProblem(undefined)
  }

  const register = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setOutcome(undefined)
    try {
      const { response } = await transport(
        new Request(`${issuer}/register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(metadataOf(draft)),
        }),
      )
      const body = (await response.json()) as Record<string, unknown>
      setOutcome(
        response.status === 201
          ? { server, kind: 'registered', body }
          : {
              server,
              kind: 'refused',
              error: typeof body['error'] === 'string' ? body['error'] : `HTTP ${response.status}`,
              description: typeof body['error_description'] === 'string' ? body['error_description'] : '',
            },
      )
      refresh()
    } catch (e) {
      setProblem(`The registration request failed: ${String(e)}`)
    } finally {
      setBusy(false)
    }
  }

  const remove = (clientId: string) => {
    setProblem(undefined)
    admin.deleteClient(clientId).then(refresh, (e: unknown) => setProblem(String(e)))
  }

  const toggleGrant = (value: string, on: boolean) =>
    setDraft((d) => ({ ...d, grants: on ? [...d.grants, value] : d.grants.filter((g) => g !== value) }))

  // An answer from the server the learner has since switched away from is not shown.
  const answered = outcome?.server.kind === server.kind ? outcome : undefined

  return (
    <div className="space-y-4">
      <RegisterWith servers={servers} current={server} onChoose={choose} />
      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="register-title" className="min-w-0">
          <h3 id="register-title" className="text-sm font-semibold">
            Register your app
          </h3>
          <p className="mt-1 text-sm text-slate-700">
            Dynamic client registration at <code className="break-all">{issuer}/register</code> of{' '}
            {serverName(server)}: open, no approval. Redirect URIs must match exactly — except the port of a
            native app’s loopback URI. <SpecLinks ids={['rfc7591-3', 'rfc8252-7.3']} />
          </p>
          <form onSubmit={(e) => void register(e)} className="mt-3 space-y-3 text-sm">
            <div>
              <label htmlFor={ids.name} className="block font-medium">
                Name
              </label>
              <input
                id={ids.name}
                value={draft.name}
                onChange={(e) => setDraft({ ...draft, name: e.target.value })}
                placeholder="My app"
                className="mt-1 w-full rounded border border-slate-300 px-2 py-1"
              />
            </div>
            <div>
              <label htmlFor={ids.uris} className="block font-medium">
                Redirect URIs
              </label>
              <textarea
                id={ids.uris}
                value={draft.redirectUris}
                onChange={(e) => setDraft({ ...draft, redirectUris: e.target.value })}
                rows={3}
                spellCheck={false}
                className="mt-1 w-full rounded border border-slate-300 px-2 py-1 font-mono text-xs"
              />
              <p className="text-xs text-slate-600">One per line: https, or http on localhost / 127.0.0.1.</p>
            </div>
            <fieldset>
              <legend className="font-medium">Application type</legend>
              <div className="mt-1 flex flex-wrap gap-4">
                {(['web', 'native'] as const).map((type) => (
                  <label key={type} className="flex items-center gap-1.5">
                    <input
                      type="radio"
                      name="application_type"
                      checked={draft.applicationType === type}
                      onChange={() => setDraft({ ...draft, applicationType: type })}
                    />
                    {type === 'web' ? 'Web app' : 'Native app (any loopback port)'}
                  </label>
                ))}
              </div>
            </fieldset>
            <div>
              <label htmlFor={ids.auth} className="block font-medium">
                Client authentication
              </label>
              <select
                id={ids.auth}
                value={draft.authMethod}
                onChange={(e) => setDraft({ ...draft, authMethod: e.target.value as Draft['authMethod'] })}
                className="mt-1 w-full rounded border border-slate-300 bg-white px-2 py-1"
              >
                {authMethods.map((m) => (
                  <option key={m.value} value={m.value}>
                    {m.label}
                  </option>
                ))}
              </select>
            </div>
            <fieldset>
              <legend className="font-medium">Grants</legend>
              <div className="mt-1 grid grid-cols-1 gap-1 sm:grid-cols-2">
                {grants.map((g) => (
                  <label key={g.value} className="flex items-center gap-1.5">
                    <input
                      type="checkbox"
                      checked={draft.grants.includes(g.value)}
                      onChange={(e) => toggleGrant(g.value, e.target.checked)}
                    />
                    {g.label}
                  </label>
                ))}
              </div>
            </fieldset>
            <div>
              <label htmlFor={ids.scope} className="block font-medium">
                Scope
              </label>
              <input
                id={ids.scope}
                value={draft.scope}
                onChange={(e) => setDraft({ ...draft, scope: e.target.value })}
                placeholder="empty: every scope the server knows"
                className="mt-1 w-full rounded border border-slate-300 px-2 py-1"
              />
            </div>
            <button
              type="submit"
              disabled={busy}
              className="rounded bg-blue-700 px-3 py-1.5 font-medium text-white hover:bg-blue-800 disabled:opacity-60"
            >
              Register
            </button>
          </form>
          <div ref={answer}>
            {answered?.kind === 'refused' && (
              <p
                role="alert"
                className="mt-3 rounded border border-red-300 bg-red-50 p-2 text-sm text-red-900"
              >
                <code className="font-semibold">{answered.error}</code>: {answered.description}
              </p>
            )}
            {answered?.kind === 'registered' && (
              <div role="status" className="mt-3 rounded border border-emerald-300 bg-emerald-50 p-2 text-sm">
                <p className="flex flex-wrap items-center justify-between gap-2 font-medium text-emerald-900">
                  <span>
                    Registered <code className="break-all">{String(answered.body['client_id'])}</code> with{' '}
                    {serverName(answered.server)} at{' '}
                    <code className="break-all">{answered.server.issuer}</code>
                  </span>
                  <CopyButton value={JSON.stringify(answered.body, null, 2)} label="Copy" />
                </p>
                <p className="mt-1 text-xs text-emerald-950">
                  {answered.server.kind === 'node'
                    ? 'Your own app can sign in with it there now. '
                    : 'Only this page’s flows know it: your own app would be told the client_id is unknown. '}
                  {answered.body['client_secret'] === undefined
                    ? 'A public client: no secret.'
                    : 'Keep the client_secret: it is shown only here and in the registration response.'}{' '}
                  The registration_access_token reads, updates and deletes it at registration_client_uri (RFC
                  7592).
                </p>
                <pre
                  tabIndex={0}
                  aria-label="Registration response"
                  className="mt-2 max-h-64 overflow-auto rounded bg-white p-2 text-xs whitespace-pre-wrap break-all"
                >
                  {JSON.stringify(answered.body, null, 2)}
                </pre>
              </div>
            )}
          </div>
        </section>
        <section aria-labelledby="clients-title" className="min-w-0">
          <h3 id="clients-title" className="text-sm font-semibold">
            Clients of {admin.label}
          </h3>
          {problem !== undefined && (
            <p role="alert" className="mt-2 rounded border border-red-300 bg-red-50 p-2 text-sm text-red-900">
              {problem}
            </p>
          )}
          {clients === undefined ? (
            <p className="mt-2 text-sm text-slate-600">Reading the clients…</p>
          ) : (
            <ul className="mt-2 space-y-2">
              {clients.map((client) => (
                <ClientCard
                  key={client.client_id}
                  client={client}
                  {...(client.origin === 'demo' ? {} : { onDelete: () => remove(client.client_id) })}
                />
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  )
}
