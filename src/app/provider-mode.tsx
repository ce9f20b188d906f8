import { useEffect, useRef, useState, useSyncExternalStore } from 'react'
import { findFlow, type FlowDescriptor } from '@/flows/catalogue.ts'
import { jsonObject } from '@/flows/client/recorder.ts'
import type { FlowInput } from '@/flows/flow-contract.ts'
import {
  handoffChannelName,
  parkRun,
  takeResumedRun,
  withSecret,
  withoutSecrets,
  type ParkedRun,
} from '@/flows/provider/callback-handoff.ts'
import { diagnose, type Diagnosis } from '@/flows/provider/diagnoses.ts'
import { discoverProvider, type DiscoveryProblem } from '@/flows/provider/discover-provider.ts'
import { evidenceFromDiscovery, evidenceFromStep } from '@/flows/provider/evidence.ts'
import { lintMetadata } from '@/flows/provider/lint-metadata.ts'
import { PopupUserAgent } from '@/flows/provider/popup-user-agent.ts'
import { presetById, presetForIssuer } from '@/flows/provider/presets.ts'
import { providerFlow } from '@/flows/provider/provider-flow.ts'
import {
  defaultSettings,
  extraParams,
  loadSettings,
  manualDocument,
  redirectUriFor,
  relayAllowList,
  saveSettings,
  secretNeedsEncoding,
  settingsFromQuery,
  shareQuery,
  toClientConfig,
  type ProviderSettings,
} from '@/flows/provider/provider-settings.ts'
import { summarise } from '@/flows/provider/run-summary.ts'
import { tokenLifecycleFlow } from '@/flows/provider/token-lifecycle.ts'
import {
  allowInRelay,
  directTransport,
  oauthMetadataUrl,
  openidConfigurationUrl,
  relayTransport,
  withMetadataSource,
  type MetadataSource,
  type ProviderTransport,
} from '@/flows/provider/transports.ts'
import { DiagnosisAlert } from '@/features/diagnosis/diagnosis-alert.tsx'
import { RunSummaryView } from '@/features/provider-run/run-summary.tsx'
import { SignInStatusPanel } from '@/features/provider-run/sign-in-status.tsx'
import { MetadataView } from '@/features/provider-settings/metadata-view.tsx'
import { ProviderSettingsPanel } from '@/features/provider-settings/provider-settings.tsx'
import { PlaygroundClock } from './clock.ts'
import { FlowSession } from './flow-session.ts'
import { Runner } from './playground.tsx'

/** What discovery found, for the settings it was run with. */
interface Discovered {
  /** The settings that decide what discovery finds; a change makes the result stale. */
  readonly key: string
  readonly source: MetadataSource
  readonly url?: string
  readonly document: Readonly<Record<string, unknown>>
}

type DiscoveryState =
  | { readonly status: 'idle' }
  | { readonly status: 'loading' }
  | { readonly status: 'done'; readonly result: Discovered }
  | { readonly status: 'failed'; readonly problem: DiscoveryProblem; readonly diagnosis: Diagnosis }

interface ProviderRun {
  /** Counts runs, so each Start gets a fresh view. */
  readonly id: number
  readonly session: FlowSession
  readonly userAgent: PopupUserAgent
  readonly transport: ProviderTransport
  readonly settings: ProviderSettings
  readonly descriptor: FlowDescriptor
  readonly clock: PlaygroundClock
}

const discoveryKey = (s: ProviderSettings) =>
  JSON.stringify([
    s.issuer.trim(),
    s.metadata,
    s.connection,
    s.metadata === 'manual' ? s.endpoints : null,
    s.apiUrl,
  ])

/** The relay's token, put into this page by npm start (absent in the static build). */
function relayToken(): string | undefined {
  return document.querySelector<HTMLMetaElement>('meta[name="grantscope-relay"]')?.content || undefined
}

/**
 * A run parked before a full-page redirect, with its response: taken once per page load (here, not
 * in a render, which React may repeat), so state, nonce and verifier leave sessionStorage at once.
 */
const resumedAtLoad =
  typeof sessionStorage === 'undefined' ? undefined : takeResumedRun(sessionStorage, Date.now())

/** URLs this page's CSP blocked, so a blocked call is named as such (not as CORS). */
const blockedByCsp: string[] = []
if (typeof document !== 'undefined')
  document.addEventListener('securitypolicyviolation', (e) => blockedByCsp.push(e.blockedURI))

function initialSettings(resumed: ParkedRun | undefined): ProviderSettings {
  const saved = loadSettings(sessionStorage)
  if (resumed !== undefined && saved !== undefined) return saved
  return settingsFromQuery(window.location.search, saved ?? defaultSettings) ?? saved ?? defaultSettings
}

function descriptorFor(settings: ProviderSettings, origin: string): FlowDescriptor {
  const host = (url: string) => {
    try {
      return new URL(url).host
    } catch {
      return url
    }
  }
  const preset = presetForIssuer(settings.issuer.trim(), origin) ?? presetById(settings.preset)
  return {
    id: 'provider',
    title: 'Your provider',
    // The runner reads the outline from the machine's plan; nothing is painted before it loads here.
    outline: [],
    summary: `The authorization code grant against ${settings.issuer.trim()}, for real: every request goes to your provider, the sign-in happens in a real browser window.`,
    lanes: [
      {
        id: 'browser',
        title: 'You + browser',
        subtitle: settings.signIn === 'popup' ? 'a popup window' : 'this tab',
      },
      { id: 'client', title: 'Client', subtitle: `Grantscope as ${settings.clientId.trim()}` },
      {
        id: 'as',
        title: 'Your provider',
        subtitle: preset.id === 'custom' ? host(settings.issuer) : preset.name,
      },
      { id: 'rs', title: 'API', subtitle: settings.apiUrl.trim() ? host(settings.apiUrl) : 'UserInfo' },
    ],
    variants: [],
    closing: 'Press Restart to sign in again, or change the settings above and press Start.',
    load: findFlow('authorization-code', null).flow.load,
  }
}

/**
 * "Use your provider": the settings panel, discovery with its checks, and a run of the
 * authorization code grant against the real provider — popup or full-page sign-in, direct or
 * through the relay — ending in a summary or a diagnosis.
 */
export function ProviderMode() {
  const origin = window.location.origin
  const redirectUri = redirectUriFor(window.location.href)
  const [token] = useState(relayToken)
  const relay = token === undefined ? undefined : { relayUrl: `${origin}/relay`, token }
  const [resumed, setResumed] = useState(resumedAtLoad)
  const [settings, setSettings] = useState(() => {
    const initial = initialSettings(resumed)
    // A share link may ask for the relay where there is none (the static build).
    return token === undefined && initial.connection === 'relay'
      ? { ...initial, connection: 'direct' as const }
      : initial
  })
  const [discovery, setDiscovery] = useState<DiscoveryState>({ status: 'idle' })
  const [run, setRun] = useState<ProviderRun>()
  const [startError, setStartError] = useState<string>()
  const settingsRef = useRef(settings)
  const runRef = useRef<ProviderRun>(undefined)

  useEffect(() => {
    settingsRef.current = settings
    saveSettings(sessionStorage, settings)
  }, [settings])
  useEffect(() => () => runRef.current?.session.dispose(), [])

  const transportFor = (s: ProviderSettings): ProviderTransport =>
    s.connection === 'relay' && relay !== undefined
      ? relayTransport(relay)
      : directTransport({ pageOrigin: origin, blockedByCsp: () => blockedByCsp })

  async function discover(s: ProviderSettings): Promise<Discovered | undefined> {
    const issuer = s.issuer.trim()
    setDiscovery({ status: 'loading' })
    try {
      if (s.metadata === 'manual') {
        const document = manualDocument(s)
        if (s.connection === 'relay' && relay)
          await allowInRelay(relay, issuer, relayAllowList(document, s.apiUrl))
        const result: Discovered = { key: discoveryKey(s), source: { kind: 'manual', document }, document }
        setDiscovery({ status: 'done', result })
        return result
      }
      if (s.connection === 'relay' && relay)
        await allowInRelay(relay, issuer, [openidConfigurationUrl(issuer), oauthMetadataUrl(issuer)])
      const outcome = await discoverProvider(transportFor(s).transport, issuer)
      if (!outcome.ok) {
        const preset = presetForIssuer(issuer, origin) ?? presetById(s.preset)
        const diagnosis = diagnose(evidenceFromDiscovery(outcome.problem), preset, { redirectUri, origin })
        setDiscovery({ status: 'failed', problem: outcome.problem, diagnosis })
        return undefined
      }
      if (s.connection === 'relay' && relay)
        await allowInRelay(relay, issuer, relayAllowList(outcome.document, s.apiUrl))
      const result: Discovered = {
        key: discoveryKey(s),
        source: outcome.source === 'openid' ? { kind: 'openid' } : { kind: 'rfc8414', url: outcome.url },
        url: outcome.url,
        document: outcome.document,
      }
      setDiscovery({ status: 'done', result })
      return result
    } catch (e) {
      const problem: DiscoveryProblem = {
        kind: 'relay',
        title: 'The relay refused the provider’s endpoints',
        message: e instanceof Error ? e.message : String(e),
        fix: 'The relay forwards only to https endpoints (and http on this machine).',
      }
      const diagnosis = diagnose({ stage: 'discovery', network: 'relay' }, presetById(s.preset), {
        redirectUri,
        origin,
      })
      setDiscovery({ status: 'failed', problem, diagnosis })
      return undefined
    }
  }

  const startBlocked = (() => {
    if (settings.issuer.trim() === '') return 'Enter the issuer URL.'
    if (settings.clientId.trim() === '') return 'Enter the client ID.'
    if (settings.authMethod !== 'none' && settings.clientSecret === '')
      return `${settings.authMethod} needs the client secret.`
    if (discovery.status === 'loading') return 'Discovering…'
    return undefined
  })()

  function launch(s: ProviderSettings, result: Discovered | undefined, parked?: ParkedRun, secret?: string) {
    runRef.current?.session.dispose()
    const transport = transportFor(s)
    const clock = new PlaygroundClock()
    const input: FlowInput =
      parked === undefined
        ? { config: toClientConfig(s, redirectUri, result?.document ?? {}), variant: 'provider' }
        : (withSecret(parked.input, secret ?? '') as FlowInput)
    const holder: { session?: FlowSession } = {}
    const userAgent = new PopupUserAgent({
      redirectUri,
      origin,
      signIn: s.signIn,
      open: (url) => window.open(url, 'grantscope-sign-in', 'popup,width=520,height=720'),
      channel: () => new BroadcastChannel(handoffChannelName),
      ...(parked?.callbackUrl === undefined ? {} : { resumed: parked.callbackUrl }),
      leave: (navigation, state) =>
        // After the step that called this has settled into the snapshot.
        setTimeout(() => {
          saveSettings(sessionStorage, settingsRef.current)
          parkRun(sessionStorage, {
            state,
            snapshot: withoutSecrets(holder.session?.persist()),
            input: withoutSecrets(input),
            appUrl: window.location.href,
            parkedAt: Date.now(),
          })
          window.location.assign(navigation.url)
        }, 0),
    })
    const definition = findFlow('authorization-code', null)
      .flow.load()
      .then((signIn) => providerFlow(signIn, tokenLifecycleFlow, result?.document))
    definition
      .then((def) => {
        const session = new FlowSession({
          definition: def,
          input,
          transport: withMetadataSource(
            transport.transport,
            input.config.issuer,
            result?.source ?? { kind: 'openid' },
          ),
          clock,
          userAgent: () => userAgent,
          ...(parked === undefined ? {} : { restore: withSecret(parked.snapshot, secret ?? '') }),
        })
        holder.session = session
        const next: ProviderRun = {
          id: (runRef.current?.id ?? 0) + 1,
          session,
          userAgent,
          transport,
          settings: s,
          descriptor: descriptorFor(s, origin),
          clock,
        }
        runRef.current = next
        setRun(next)
        // Start takes the first step at once: discovery, visibly.
        if (parked === undefined) session.next()
        requestAnimationFrame(() =>
          document.getElementById('provider-run')?.scrollIntoView({ block: 'start' }),
        )
      })
      .catch((e: unknown) => {
        setStartError(`The run could not start: ${e instanceof Error ? e.message : String(e)}`)
      })
  }

  async function start(s: ProviderSettings = settings) {
    if (startBlocked !== undefined) return
    setStartError(undefined)
    const fresh =
      discovery.status === 'done' && discovery.result.key === discoveryKey(s) ? discovery.result : undefined
    const result = fresh ?? (await discover(s))
    if (result === undefined) {
      setStartError('Discovery failed, so the run did not start: see the diagnosis above.')
      return
    }
    launch(s, result)
  }

  const findings =
    discovery.status === 'done'
      ? lintMetadata({
          issuer: settings.issuer.trim(),
          document: discovery.result.document,
          source: discovery.result.source.kind,
          authMethod: settings.authMethod,
          usePkce: settings.usePkce,
          scope: settings.scope,
          apiUrl: settings.apiUrl,
        })
      : []
  const preset = presetForIssuer(settings.issuer.trim(), origin) ?? presetById(settings.preset)
  const shareLink = new URL(shareQuery(settings), window.location.href).href

  const act = (action: NonNullable<Diagnosis['action']>) => {
    const next: ProviderSettings = { ...settings, connection: action === 'use-relay' ? 'relay' : 'direct' }
    setSettings(next)
    void start(next)
  }

  return (
    <div className="mx-auto max-w-[1500px] space-y-4 p-4">
      {resumed !== undefined && run === undefined && (
        <ResumePrompt
          parked={resumed}
          settings={settings}
          onResume={(secret) => {
            launch(settings, undefined, resumed, secret)
            setResumed(undefined)
          }}
          onDiscard={() => setResumed(undefined)}
        />
      )}
      <ProviderSettingsPanel
        settings={settings}
        onChange={setSettings}
        onDiscover={() => void discover(settings)}
        onStart={() => void start()}
        discovering={discovery.status === 'loading'}
        startBlocked={startBlocked}
        redirectUri={redirectUri}
        origin={origin}
        relayAvailable={relay !== undefined}
        shareLink={shareLink}
        discovery={
          discovery.status === 'failed' ? (
            <div className="space-y-2 border-t border-slate-200 pt-4">
              <p className="text-sm">
                <span className="font-semibold">{discovery.problem.title}.</span> {discovery.problem.message}
              </p>
              <DiagnosisAlert
                diagnosis={discovery.diagnosis}
                relayAvailable={relay !== undefined}
                onAction={act}
              />
            </div>
          ) : discovery.status === 'done' ? (
            <MetadataView
              url={discovery.result.url}
              source={discovery.result.source.kind}
              document={discovery.result.document}
              findings={findings}
            />
          ) : undefined
        }
      />
      {startError !== undefined && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900">
          {startError}
        </p>
      )}
      <div id="provider-run" className="scroll-mt-2">
        {run && (
          <Runner
            key={run.id}
            session={run.session}
            flow={run.descriptor}
            variant={{
              id: 'provider',
              title: run.settings.usePkce ? 'authorization code with PKCE' : 'authorization code',
              summary: '',
            }}
            runtime={{ clock: run.clock, origin }}
            syncUrl={false}
            serverNote="A real provider does not share its reasoning: what it decided is in its answer, in the HTTP tab, and the client’s checks beside the step. (The bundled server of the playground shows every check it makes.)"
            aside={
              <RunAside
                run={run}
                preset={preset.id}
                redirectUri={redirectUri}
                origin={origin}
                relayAvailable={relay !== undefined}
                onAction={act}
              />
            }
            footer={
              <p className="text-xs text-slate-500">
                Provider: <code>{run.settings.issuer.trim()}</code>, client{' '}
                <code>{run.settings.clientId.trim()}</code>,{' '}
                {run.transport.mode === 'relay'
                  ? 'back-channel requests through the relay of npm start'
                  : 'back-channel requests straight from this browser'}
                . The client secret and the tokens stay in this tab’s memory.
              </p>
            }
          />
        )}
      </div>
    </div>
  )
}

/** After a full-page redirect: the run continues — once the secret is back, if it was not kept. */
function ResumePrompt({
  parked,
  settings,
  onResume,
  onDiscard,
}: {
  parked: ParkedRun
  settings: ProviderSettings
  onResume: (secret: string) => void
  onDiscard: () => void
}) {
  const needsSecret = settings.authMethod !== 'none'
  const [secret, setSecret] = useState(settings.clientSecret)
  const started = useRef(false)
  useEffect(() => {
    if (!needsSecret && !started.current) {
      started.current = true
      onResume('')
    }
  }, [needsSecret, onResume])
  if (!needsSecret) return null
  return (
    <section
      aria-labelledby="resume-title"
      className="space-y-2 rounded-lg border border-blue-300 bg-blue-50 p-4 text-sm text-blue-950"
    >
      <h2 id="resume-title" className="text-base font-semibold">
        Continue the run
      </h2>
      <p>
        Your provider sent this tab back with its response. The client secret was not kept during the redirect
        (it stays in memory unless you ask to keep it for this tab): enter it again to redeem the code.
      </p>
      <label className="block space-y-1">
        <span className="block font-medium">Client secret</span>
        <input
          type="password"
          autoComplete="off"
          className="w-full max-w-md rounded border border-slate-300 bg-white px-2 py-1.5 font-mono"
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
        />
      </label>
      <div className="flex gap-2">
        <button
          type="button"
          className="rounded bg-blue-700 px-3 py-1.5 font-semibold text-white"
          onClick={() => onResume(secret)}
          aria-disabled={secret === ''}
        >
          Continue
        </button>
        <button
          type="button"
          className="rounded border border-slate-400 bg-white px-3 py-1.5"
          onClick={onDiscard}
        >
          Discard this run
        </button>
      </div>
      <p className="text-xs text-blue-900">Waiting response for state {parked.state.slice(0, 6)}…</p>
    </section>
  )
}

/** The sign-in window, the diagnosis of a failed run, or the summary of a finished one. */
function RunAside({
  run,
  preset,
  redirectUri,
  origin,
  relayAvailable,
  onAction,
}: {
  run: ProviderRun
  preset: Parameters<typeof presetById>[0]
  redirectUri: string
  origin: string
  relayAvailable: boolean
  onAction: (action: NonNullable<Diagnosis['action']>) => void
}) {
  const view = useSyncExternalStore(run.session.subscribe, run.session.getView)
  const status = useSyncExternalStore(
    (listener) => run.userAgent.subscribe(listener),
    () => run.userAgent.status,
  )
  const { state } = view
  const last = state.steps.at(-1)
  const failed = state.status === 'done' && state.failed && last?.failure !== undefined
  const { settings } = run
  const network = run.transport.lastFailure()
  const offered = jsonObject(state.steps.find((s) => s.key === 'discovery')?.exchange?.response?.body)?.[
    'token_endpoint_auth_methods_supported'
  ]
  const diagnosis =
    failed && last !== undefined
      ? diagnose(
          evidenceFromStep(last, {
            client: {
              authMethod: settings.authMethod,
              secretNeedsEncoding: secretNeedsEncoding(settings.clientSecret),
              relayed: run.transport.mode === 'relay',
              ...(Array.isArray(offered) ? { offeredAuthMethods: offered.map(String) } : {}),
            },
            ...(network === undefined ? {} : { network: { kind: network.kind, code: network.code } }),
            ...(run.userAgent.lastGiveUp === undefined ? {} : { popup: run.userAgent.lastGiveUp }),
          }),
          presetById(preset),
          { redirectUri, origin },
        )
      : undefined
  const summary =
    state.status === 'done' && !state.failed
      ? summarise(state.steps, settings.scope, extraParams(settings))
      : undefined
  return (
    <>
      <SignInStatusPanel
        status={status}
        onFocus={() => run.userAgent.focusPopup()}
        onGiveUp={(reason) => run.userAgent.abandon(reason)}
      />
      {diagnosis && (
        <DiagnosisAlert diagnosis={diagnosis} relayAvailable={relayAvailable} onAction={onAction} />
      )}
      {summary && <RunSummaryView summary={summary} />}
    </>
  )
}
