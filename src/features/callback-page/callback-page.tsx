import { useEffect, useRef, useState } from 'react'
import { parameterGlossary } from '@/protocol/glossary.ts'
import type { SpecRefId } from '@/protocol/spec-refs.ts'
import { handoffChannelName, offerToRunningFlow } from '@/flows/provider/callback-handoff.ts'
import { diagnose } from '@/flows/provider/diagnoses.ts'
import { localIssuer, presetById, presetForIssuer } from '@/flows/provider/presets.ts'
import { CopyButton } from '@/components/copy-button.tsx'
import { SpecLink, SpecLinks } from '@/components/spec-link.tsx'

/** Response parameters the glossary does not cover, and what providers add on their own. */
const extraMeanings: Readonly<Record<string, { meaning: string; ref?: SpecRefId }>> = {
  error_uri: {
    meaning: 'A page about the error, chosen by the provider. Shown as text, not a link.',
    ref: 'rfc6749-4.1.2.1',
  },
  session_state: {
    meaning: 'OpenID Connect Session Management: the user’s session at the provider (Keycloak adds it).',
  },
  authuser: { meaning: 'Google: which signed-in Google account answered.' },
  hd: { meaning: 'Google: the Workspace domain of the account.' },
  prompt: { meaning: 'Google: which screens it showed (consent, none).' },
  scope: {
    meaning: 'The scopes granted, when they differ from those asked for (Google always sends them).',
    ref: 'rfc6749-3.3',
  },
}

type Phase = 'checking' | 'returning' | 'handed' | 'shown'

/** The redirect URI itself: this page's URL without the response (and without a host's trailing slash). */
function redirectUriOf(url: URL): string {
  return `${url.origin}${url.pathname.replace(/\/$/, '')}`
}

function curlFor(params: URLSearchParams, url: URL): { command: string; note: string } | undefined {
  const code = params.get('code')
  if (code === null) return undefined
  const redirectUri = redirectUriOf(url)
  const base = new URL('./', redirectUri).href.replace(/\/$/, '')
  const local = localIssuer(base)
  const iss = params.get('iss')
  if (iss === null || iss === local)
    return {
      command: `curl -s -u web-app:web-app-secret ${local}/token \\\n  -d grant_type=authorization_code \\\n  -d code=${code} \\\n  -d redirect_uri=${redirectUri}`,
      note: `Redeems the code at the Node server of npm start (${local}) as the confidential demo client web-app. For the public client spa, drop -u and add -d client_id=spa -d code_verifier=… (the verifier of the request). A code works once, within a minute.`,
    }
  return {
    command: `curl -s TOKEN_ENDPOINT_OF_${new URL(iss).host.toUpperCase().replace(/[^A-Z0-9]/g, '_')} \\\n  -u "CLIENT_ID:CLIENT_SECRET" \\\n  -d grant_type=authorization_code \\\n  -d code=${code} \\\n  -d redirect_uri=${redirectUri}`,
    note: `This code came from ${iss}: redeem it at that provider’s token endpoint (its discovery document lists token_endpoint), with your client’s credentials — or -d client_id=… -d code_verifier=… for a public client with PKCE.`,
  }
}

function Explained({ name, value }: { name: string; value: string }) {
  const glossary = parameterGlossary[name]
  const extra = extraMeanings[name]
  const meaning =
    glossary?.meaning ?? extra?.meaning ?? 'Not a standard response parameter: this provider adds it.'
  const ref = glossary?.ref ?? extra?.ref
  return (
    <div className="rounded border border-slate-200 bg-white p-3">
      <dt className="flex flex-wrap items-center justify-between gap-2">
        <span className="font-mono text-sm font-semibold">{name}</span>
        <CopyButton value={value} label={`Copy ${name}`} />
      </dt>
      <dd className="mt-1 font-mono text-sm break-all text-slate-800">{value}</dd>
      <dd className="mt-1 text-xs text-slate-600">
        {meaning} {ref && <SpecLink id={ref} />}
      </dd>
    </div>
  )
}

/**
 * `{origin}/callback`, the redirect URI: hands the response to the run that waits for its state
 * (a popup's opener, or this tab's run parked before a full-page redirect); opened directly, it
 * shows what arrived, each parameter explained, with a ready curl command for the code.
 */
export function CallbackPage({ url, returning }: { url: string; returning: boolean }) {
  const [phase, setPhase] = useState<Phase>(() =>
    returning ? 'returning' : typeof BroadcastChannel === 'undefined' ? 'shown' : 'checking',
  )
  const once = useRef(false)
  const parsed = new URL(url)
  const fragment = new URLSearchParams(parsed.hash.slice(1))
  const params = [...parsed.searchParams].length > 0 || fragment.size === 0 ? parsed.searchParams : fragment
  const entries = [...params]
  useEffect(() => {
    if (once.current || phase !== 'checking') return
    once.current = true
    const channel = new BroadcastChannel(handoffChannelName)
    void offerToRunningFlow(channel, url, window.location.origin).then((claimed) => {
      channel.close()
      setPhase(claimed ? 'handed' : 'shown')
      // A popup closes itself; a tab opened by a person stays, saying where the response went.
      if (claimed) window.close()
    })
  }, [url, phase])

  const error = params.get('error')
  const iss = params.get('iss') ?? undefined
  const preset =
    iss === undefined ? presetById('custom') : (presetForIssuer(iss, parsed.origin) ?? presetById('custom'))
  const diagnosis =
    error === null
      ? undefined
      : diagnose(
          {
            stage: 'callback',
            error,
            ...(params.has('error_description') ? { description: params.get('error_description')! } : {}),
          },
          preset,
          { redirectUri: redirectUriOf(parsed), origin: parsed.origin },
        )
  const curl = curlFor(params, parsed)

  return (
    <main className="mx-auto max-w-3xl space-y-4 p-4">
      <header className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="flex items-center gap-2 text-lg font-bold text-blue-950">
          <img
            src={new URL('../favicon.svg', redirectUriOf(parsed) + '/').href}
            alt=""
            width="24"
            height="24"
          />
          Grantscope · callback
        </h1>
        <a className="text-sm text-blue-800 underline" href={new URL('./', redirectUriOf(parsed)).href}>
          Open Grantscope
        </a>
      </header>
      {phase === 'returning' && <p role="status">Back to the run in Grantscope…</p>}
      {phase === 'handed' && (
        <p role="status" className="rounded border border-emerald-300 bg-emerald-50 p-3 text-emerald-950">
          The response went to the run in Grantscope that sent this state. This window can be closed.
        </p>
      )}
      {phase === 'checking' && <p role="status">Looking for the run that waits for this response…</p>}
      {phase === 'shown' && (
        <section aria-labelledby="arrived-title" className="space-y-3">
          <h2 id="arrived-title" className="text-xl font-semibold">
            What arrived at the redirect URI
          </h2>
          <p className="text-sm text-slate-700">
            This is <code>{redirectUriOf(parsed)}</code>, the client’s redirect URI. The authorization server
            sent the browser here with its response
            {entries.length === 0 ? ', but the URL carries no parameters.' : '.'} No run in Grantscope waits
            for it, so here it is, explained — and removed from the address bar, so the code does not linger
            in the history.
          </p>
          {diagnosis && (
            <div
              role="alert"
              className="space-y-1 rounded border-2 border-red-300 bg-red-50 p-3 text-sm text-red-950"
            >
              <p className="font-semibold">
                The server answered with an error: {error}. {diagnosis.title}.
              </p>
              <p>{diagnosis.cause}</p>
              <p>
                <span className="font-semibold">Fix:</span> {diagnosis.fix}
              </p>
              <SpecLinks ids={diagnosis.refs} />
            </div>
          )}
          {entries.length > 0 && (
            <section aria-label="Response parameters">
              <dl className="space-y-2">
                {entries.map(([name, value], i) => (
                  <Explained key={`${name}-${i}`} name={name} value={value} />
                ))}
              </dl>
            </section>
          )}
          {curl && (
            <section
              aria-labelledby="curl-title"
              className="space-y-2 rounded border border-slate-200 bg-white p-3"
            >
              <div className="flex flex-wrap items-center justify-between gap-2">
                <h3 id="curl-title" className="font-semibold">
                  Redeem the code
                </h3>
                <CopyButton value={curl.command} label="Copy curl command" />
              </div>
              <pre className="overflow-auto rounded bg-slate-900 p-2 text-xs text-emerald-100">
                {curl.command}
              </pre>
              <p className="text-xs text-slate-600">{curl.note}</p>
            </section>
          )}
        </section>
      )}
    </main>
  )
}
