import { useId, type ReactNode } from 'react'
import type { ClientAuthMethod } from '@/flows/client-config.ts'
import { presetById, presets, type PresetId } from '@/flows/provider/presets.ts'
import {
  applyPreset,
  endpointFields,
  namedParams,
  secretNeedsEncoding,
  type ProviderSettings,
} from '@/flows/provider/provider-settings.ts'
import { CopyButton } from '@/components/copy-button.tsx'

export interface ProviderSettingsProps {
  readonly settings: ProviderSettings
  readonly onChange: (settings: ProviderSettings) => void
  readonly onDiscover: () => void
  readonly onStart: () => void
  readonly discovering: boolean
  /** Why Start cannot run yet, if it cannot. */
  readonly startBlocked?: string | undefined
  readonly redirectUri: string
  readonly origin: string
  /** The relay of npm start is there (its token came with this page). */
  readonly relayAvailable: boolean
  readonly shareLink: string
  /** What discovery found (metadata, findings) or why it failed, drawn by the page. */
  readonly discovery?: ReactNode
}

const authMethods: readonly { id: ClientAuthMethod; label: string; note: string }[] = [
  {
    id: 'none',
    label: 'none — public client (no secret)',
    note: 'A single-page or native app: it cannot keep a secret, so it proves itself with PKCE.',
  },
  {
    id: 'client_secret_basic',
    label: 'client_secret_basic — secret in the Authorization header',
    note: 'HTTP Basic with client_id and secret, each form-encoded first (RFC 6749 §2.3.1, Appendix B) — the step many clients get wrong with secrets containing : + & = % or non-ASCII.',
  },
  {
    id: 'client_secret_post',
    label: 'client_secret_post — secret in the request body',
    note: 'client_id and client_secret as form parameters of the token request.',
  },
]

const paramHelp: Record<(typeof namedParams)[number], string> = {
  audience: 'Auth0: your API’s identifier, so the access token is a JWT for it.',
  resource: 'RFC 8707: the API the token is for.',
  prompt: 'login, consent, select_account, none (no UI: fails if interaction is needed).',
  login_hint: 'Prefills the username.',
  acr_values: 'Asks for an authentication context (MFA level).',
}

const control =
  'w-full rounded border border-slate-300 bg-white px-2 py-1.5 text-sm focus:border-blue-600 focus:outline-none'
const input = `${control} font-mono`

function Field({
  label,
  help,
  children,
}: {
  label: string
  help?: ReactNode
  children: (id: string, describedBy: string | undefined) => ReactNode
}) {
  const id = useId()
  const helpId = help === undefined ? undefined : `${id}-help`
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children(id, helpId)}
      {help !== undefined && (
        <p id={helpId} className="text-xs text-slate-600">
          {help}
        </p>
      )}
    </div>
  )
}

function Choice<T extends string>({
  legend,
  value,
  options,
  onChange,
}: {
  legend: string
  value: T
  options: readonly { id: T; label: string; disabled?: boolean; note?: string }[]
  onChange: (value: T) => void
}) {
  const name = useId()
  return (
    <fieldset className="space-y-1">
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      {options.map((o) => (
        <label key={o.id} className={`flex items-start gap-2 text-sm ${o.disabled ? 'text-slate-500' : ''}`}>
          <input
            type="radio"
            className="mt-1"
            name={name}
            value={o.id}
            checked={value === o.id}
            disabled={o.disabled}
            onChange={() => onChange(o.id)}
          />
          <span>
            {o.label}
            {o.note && <span className="block text-xs text-slate-600">{o.note}</span>}
          </span>
        </label>
      ))}
    </fieldset>
  )
}

/**
 * "Use your provider": the provider and the client as the developer registered it, with what each
 * setting means. Everything typed stays here when a run fails; the secret stays in memory unless
 * the user asks to keep it for this tab.
 */
export function ProviderSettingsPanel(props: ProviderSettingsProps) {
  const { settings, onChange, redirectUri, relayAvailable } = props
  const preset = presetById(settings.preset)
  const set = (patch: Partial<ProviderSettings>) => onChange({ ...settings, ...patch })
  const confidential = settings.authMethod !== 'none'
  const method = authMethods.find((m) => m.id === settings.authMethod) ?? authMethods[0]!
  return (
    <section
      aria-labelledby="provider-settings-title"
      className="space-y-5 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
    >
      <div className="space-y-1">
        <h2 id="provider-settings-title" className="text-xl font-semibold">
          Use your provider
        </h2>
        <p className="text-sm text-slate-700">
          Run the authorization code grant against your own provider — Keycloak, Auth0, Okta, Entra ID,
          Google, GitHub or any other — and see every request and response as sent, each check the client
          makes, and a diagnosis when something fails. Secrets stay in this tab’s memory; nothing is sent
          anywhere but to your provider.
        </p>
      </div>

      <div className="grid gap-6 lg:grid-cols-2">
        <fieldset className="min-w-0 space-y-4">
          <legend className="mb-2 text-base font-semibold text-blue-950">Provider</legend>
          <Field label="Provider preset" help={`Issuer pattern: ${preset.issuerPattern}`}>
            {(id, help) => (
              <select
                id={id}
                aria-describedby={help}
                className={control}
                value={settings.preset}
                onChange={(e) => onChange(applyPreset(settings, e.target.value as PresetId, props.origin))}
              >
                {presets.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {preset.quirks.length > 0 && (
            <ul
              aria-label={`${preset.name}: what to know`}
              className="list-disc space-y-1 pl-5 text-xs text-slate-700"
            >
              {preset.quirks.map((q) => (
                <li key={q}>{q}</li>
              ))}
            </ul>
          )}
          {preset.clients && (
            <Choice
              legend="Demo client"
              value={settings.clientId}
              options={preset.clients.map((c) => ({ id: c.clientId, label: c.label }))}
              onChange={(clientId) => {
                const client = preset.clients?.find((c) => c.clientId === clientId)
                set({
                  clientId,
                  clientSecret: client?.clientSecret ?? '',
                  authMethod: client?.clientSecret === undefined ? 'none' : 'client_secret_basic',
                })
              }}
            />
          )}
          <div className="flex items-end gap-2">
            <div className="min-w-0 flex-1">
              <Field label="Issuer URL">
                {(id) => (
                  <input
                    id={id}
                    className={input}
                    type="url"
                    inputMode="url"
                    spellCheck={false}
                    autoComplete="off"
                    placeholder={preset.issuerPattern}
                    value={settings.issuer}
                    onChange={(e) => set({ issuer: e.target.value })}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') props.onDiscover()
                    }}
                  />
                )}
              </Field>
            </div>
            <button
              type="button"
              onClick={props.onDiscover}
              aria-disabled={props.discovering || settings.issuer.trim() === ''}
              className="rounded border border-blue-700 bg-white px-3 py-1.5 text-sm font-semibold text-blue-800 hover:bg-blue-50 aria-disabled:opacity-60"
            >
              {props.discovering ? 'Discovering…' : 'Discover'}
            </button>
          </div>
          <Choice
            legend="Endpoints"
            value={settings.metadata}
            options={[
              { id: 'discover', label: 'From the provider’s metadata (discovery)' },
              { id: 'manual', label: 'Entered by hand (providers without discovery, such as GitHub)' },
            ]}
            onChange={(metadata) => set({ metadata })}
          />
          {settings.metadata === 'manual' && (
            <div className="space-y-2 rounded border border-slate-200 bg-slate-50 p-3">
              {endpointFields.map((field) => (
                <Field key={field} label={field}>
                  {(id) => (
                    <input
                      id={id}
                      className={input}
                      type="url"
                      spellCheck={false}
                      value={settings.endpoints[field]}
                      onChange={(e) => set({ endpoints: { ...settings.endpoints, [field]: e.target.value } })}
                    />
                  )}
                </Field>
              ))}
            </div>
          )}
        </fieldset>

        <fieldset className="min-w-0 space-y-4">
          <legend className="mb-2 text-base font-semibold text-blue-950">Client</legend>
          <Field label="Client ID">
            {(id) => (
              <input
                id={id}
                className={input}
                spellCheck={false}
                autoComplete="off"
                value={settings.clientId}
                onChange={(e) => set({ clientId: e.target.value })}
              />
            )}
          </Field>
          <Field label="Client authentication" help={method.note}>
            {(id, help) => (
              <select
                id={id}
                aria-describedby={help}
                className={control}
                value={settings.authMethod}
                onChange={(e) => set({ authMethod: e.target.value as ClientAuthMethod })}
              >
                {authMethods.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div className="space-y-2">
            <Field
              label="Client secret"
              help={
                !confidential
                  ? 'Leave empty for a public client. Typing a secret makes this a confidential client (client_secret_basic).'
                  : secretNeedsEncoding(settings.clientSecret) &&
                      settings.authMethod === 'client_secret_basic'
                    ? 'This secret has characters that client_secret_basic form-encodes before Base64 (RFC 6749 Appendix B). Grantscope does; the HTTP tab shows the result.'
                    : 'Kept in this tab’s memory only, unless you tick the box below. Never in a link or a log.'
              }
            >
              {(id, help) => (
                <input
                  id={id}
                  aria-describedby={help}
                  className={input}
                  type="password"
                  autoComplete="off"
                  spellCheck={false}
                  value={settings.clientSecret}
                  onChange={(e) => set(withSecret(settings, e.target.value))}
                />
              )}
            </Field>
            {confidential && (
              <>
                <label className="flex items-start gap-2 text-sm">
                  <input
                    type="checkbox"
                    className="mt-1"
                    checked={settings.rememberSecret}
                    onChange={(e) => set({ rememberSecret: e.target.checked })}
                  />
                  <span>
                    Keep the secret in this tab (sessionStorage)
                    <span className="block text-xs text-slate-600">
                      So it survives a reload or a full-page redirect; cleared when the tab closes. Use
                      throwaway credentials: any script on this page could read it.
                    </span>
                  </span>
                </label>
                {!relayAvailable && (
                  <p className="rounded border border-amber-300 bg-amber-50 p-2 text-xs text-amber-950">
                    This copy of Grantscope runs without its Node server, so it has no relay. A confidential
                    client needs <code>npm start</code>: most providers refuse browser calls from clients with
                    a secret (CORS), and a secret belongs on a server — here, the relay on your own machine.
                    Run <code>npm ci &amp;&amp; npm start</code> and open the printed URL.
                  </p>
                )}
              </>
            )}
          </div>
          <label className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              className="mt-1"
              checked={settings.usePkce}
              onChange={(e) => set({ usePkce: e.target.checked })}
            />
            <span>
              Use PKCE (S256)
              <span className="block text-xs text-slate-600">
                On for every client type, as RFC 9700 §2.1.1 recommends; turn it off only to see what a
                provider does without it.
              </span>
            </span>
          </label>
          <Field
            label="Scopes"
            help="Space-separated. openid makes it OpenID Connect: an ID token, UserInfo."
          >
            {(id, help) => (
              <input
                id={id}
                aria-describedby={help}
                className={input}
                spellCheck={false}
                value={settings.scope}
                onChange={(e) => set({ scope: e.target.value })}
              />
            )}
          </Field>
          <details className="rounded border border-slate-200 p-2" open={extraCount(settings) > 0}>
            <summary className="cursor-pointer text-sm font-medium">
              Extra authorization parameters{extraCount(settings) > 0 ? ` (${extraCount(settings)})` : ''}
            </summary>
            <div className="mt-2 space-y-2">
              {namedParams.map((name) => (
                <Field key={name} label={name} help={paramHelp[name]}>
                  {(id, help) => (
                    <input
                      id={id}
                      aria-describedby={help}
                      className={input}
                      spellCheck={false}
                      value={settings.params[name]}
                      onChange={(e) => set({ params: { ...settings.params, [name]: e.target.value } })}
                    />
                  )}
                </Field>
              ))}
              <Field label="Other parameters" help="One name=value per line, e.g. access_type=offline.">
                {(id, help) => (
                  <textarea
                    id={id}
                    aria-describedby={help}
                    className={`${input} h-16`}
                    spellCheck={false}
                    value={settings.customParams}
                    onChange={(e) => set({ customParams: e.target.value })}
                  />
                )}
              </Field>
            </div>
          </details>
          <Field
            label="API to call (optional)"
            help="Called with the access token at the end; UserInfo when empty."
          >
            {(id, help) => (
              <input
                id={id}
                aria-describedby={help}
                className={input}
                type="url"
                spellCheck={false}
                value={settings.apiUrl}
                onChange={(e) => set({ apiUrl: e.target.value })}
              />
            )}
          </Field>
          <div className="space-y-1 rounded border border-blue-200 bg-blue-50 p-3">
            <p className="text-sm font-medium text-blue-950">Redirect URI</p>
            <p className="flex flex-wrap items-center gap-2">
              <code className="break-all rounded bg-white px-1.5 py-0.5 text-sm">{redirectUri}</code>
              <CopyButton value={redirectUri} label="Copy redirect URI" />
            </p>
            <p className="text-xs text-blue-950">
              Register exactly this — scheme, host, port, path, no trailing slash — in{' '}
              {preset.redirectSetting}.
            </p>
          </div>
        </fieldset>
      </div>

      <div className="grid gap-4 border-t border-slate-200 pt-4 md:grid-cols-2">
        <Choice
          legend="Connection to the provider"
          value={settings.connection}
          onChange={(connection) => set({ connection })}
          options={[
            {
              id: 'direct',
              label: 'Direct from this browser',
              note: 'Needs CORS for this origin at the provider; public clients usually have it.',
            },
            {
              id: 'relay',
              label: 'Through the relay of npm start',
              disabled: !relayAvailable,
              note: relayAvailable
                ? 'The Node server on your machine sends the back-channel requests: no CORS, no cookies, the secret never leaves your machine.'
                : 'Not available: this page was not served by npm start.',
            },
          ]}
        />
        <Choice
          legend="Sign in"
          value={settings.signIn}
          onChange={(signIn) => set({ signIn })}
          options={[
            { id: 'popup', label: 'In a popup window', note: 'The run stays on screen.' },
            {
              id: 'tab',
              label: 'In this tab (full-page redirect)',
              note: 'The run is saved for the tab and continues when the provider sends you back.',
            },
          ]}
        />
      </div>

      <div className="space-y-3">
        <div className="flex flex-wrap items-center gap-3">
          <button
            type="button"
            onClick={props.onStart}
            aria-disabled={props.startBlocked !== undefined}
            aria-describedby={props.startBlocked === undefined ? undefined : 'provider-start-blocked'}
            className="rounded bg-blue-700 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-800 aria-disabled:opacity-60"
          >
            Start
          </button>
          {props.startBlocked !== undefined && (
            <p id="provider-start-blocked" className="text-sm text-slate-700">
              {props.startBlocked}
            </p>
          )}
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <label className="flex min-w-0 flex-[1_1_16rem] items-center gap-2 text-sm">
            <span className="shrink-0 font-medium">Share link</span>
            <input
              readOnly
              className={`${input} min-w-0 text-xs text-slate-700`}
              value={props.shareLink}
              aria-describedby="provider-share-note"
              onFocus={(e) => e.currentTarget.select()}
            />
          </label>
          <CopyButton value={props.shareLink} label="Copy share link" />
          <span id="provider-share-note" className="w-full text-xs text-slate-600">
            The link carries the setup, never the secret.
          </span>
        </div>
      </div>
      {props.discovery}
    </section>
  )
}

/**
 * A secret typed for a public client makes it confidential, with client_secret_basic (the default
 * of RFC 8414 §2); a secret method the user chose is kept.
 */
function withSecret(settings: ProviderSettings, clientSecret: string): ProviderSettings {
  if (settings.authMethod === 'none' && clientSecret !== '')
    return { ...settings, clientSecret, authMethod: 'client_secret_basic' }
  return { ...settings, clientSecret }
}

function extraCount(settings: ProviderSettings): number {
  return (
    Object.values(settings.params).filter((v) => v.trim() !== '').length +
    settings.customParams.split('\n').filter((l) => l.includes('=')).length
  )
}
