import { useEffect, useState, useSyncExternalStore } from 'react'
import { useQuery } from '@tanstack/react-query'
import type { JSONWebKeySet } from 'jose'
import { parameterGlossary } from '@/protocol/glossary.ts'
import { header } from '@/protocol/http-exchange.ts'
import { lanes, type FlowDescriptor, type FlowVariant } from '@/flows/catalogue.ts'
import type { Step, StepMeta } from '@/flows/step.ts'
import { flowTags } from '@/flows/flow-contract.ts'
import { FlowControls } from '@/features/flow-controls/flow-controls.tsx'
import { HttpInspector } from '@/features/http-inspector/http-inspector.tsx'
import { SequenceDiagram } from '@/features/sequence-diagram/sequence-diagram.tsx'
import { ServerTrace } from '@/features/server-trace/server-trace.tsx'
import { SimulatedBrowser } from '@/features/simulated-browser/simulated-browser.tsx'
import { StepDetail } from '@/features/step-detail/step-detail.tsx'
import { TokenInspector, type NamedToken } from '@/features/token-inspector/token-inspector.tsx'
import { Tabs } from '@/components/tabs.tsx'
import { contextOf, FlowSession, type SessionView } from './flow-session.ts'
import { createInPageRuntime, type Runtime } from './runtime.ts'
import { writeUrlState } from './url-state.ts'

interface Props {
  readonly flow: FlowDescriptor
  readonly variant: FlowVariant
  readonly initialStep: number
}

export function Playground({ flow, variant, initialStep }: Props) {
  const runtime = useQuery({
    queryKey: ['in-page-runtime'],
    queryFn: () => createInPageRuntime(window.location.origin),
  })
  const machine = useQuery({ queryKey: ['flow-machine', flow.id], queryFn: flow.loadMachine })
  const [session, setSession] = useState<FlowSession>()
  useEffect(() => {
    if (!runtime.data || !machine.data) return
    // The session owns an actor and timers: created and disposed with this effect (StrictMode-safe).
    const s = new FlowSession({ machine: machine.data, flow, variant, ...runtime.data })
    // eslint-disable-next-line react-hooks/set-state-in-effect -- publishing the external resource this effect owns
    setSession(s)
    if (initialStep > 0) void s.fastForward(initialStep)
    return () => s.dispose()
  }, [runtime.data, machine.data, flow, variant, initialStep])

  if (machine.isError)
    return (
      <div role="alert" className="m-6 rounded border border-red-300 bg-red-50 p-4 text-red-900">
        This flow could not be loaded: {String(machine.error)}. Reload the page to try again.
      </div>
    )
  if (runtime.isError)
    return (
      <div role="alert" className="m-6 rounded border border-red-300 bg-red-50 p-4 text-red-900">
        The bundled server could not start: {String(runtime.error)}. This browser may lack WebCrypto (it needs
        a secure context: https or localhost).
      </div>
    )
  if (!session) return <p className="p-6 text-slate-600">Starting the bundled authorization server…</p>
  return <Runner session={session} flow={flow} variant={variant} runtime={runtime.data!} />
}

// Parsed once per recorded step: steps never change, and a stable JWKS object keeps the token
// panel from re-verifying signatures on every render.
const parsedBodies = new WeakMap<Step, Record<string, unknown> | undefined>()

function json(step: Step | undefined): Record<string, unknown> | undefined {
  if (!step) return undefined
  if (!parsedBodies.has(step)) parsedBodies.set(step, parseObject(step.exchange?.response?.body))
  return parsedBodies.get(step)
}

function parseObject(body: string | undefined): Record<string, unknown> | undefined {
  if (!body) return undefined
  try {
    const value: unknown = JSON.parse(body)
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

function tokensUpTo(steps: readonly Step[]): { tokens: NamedToken[]; jwks: JSONWebKeySet | undefined } {
  const tokenBody = json(steps.find((s) => s.key === 'tokenRequest' && !s.failure))
  const jwks = json(steps.find((s) => s.key === 'idTokenValidation')) as JSONWebKeySet | undefined
  const tokens = ['access_token', 'id_token', 'refresh_token'].flatMap((name) => {
    const value = tokenBody?.[name]
    return typeof value === 'string' ? [{ name, value, purpose: parameterGlossary[name]?.meaning ?? '' }] : []
  })
  return { tokens, jwks }
}

/** What the person at the simulated browser can do on this page of the authorization server. */
function pageHint(html: string): string {
  return html.includes('name="password"')
    ? 'This is the authorization server’s own login page. Sign in as alice / wonderland, or press Next to let the demo user do it.'
    : 'This is the authorization server’s consent page. Choose Allow or Deny, or press Next to allow.'
}

/** The title of the step after this one on the flow's main path, for the "Up next" hint. */
function upNext(plan: readonly StepMeta[], step: Step | undefined): string | undefined {
  if (!step) return plan[0]?.title
  const index = plan.findIndex((meta) => meta.title === step.meta.title)
  return index < 0 ? undefined : plan[index + 1]?.title
}

function browserView(view: SessionView, step: Step | undefined, last: boolean) {
  if (!step) return undefined
  const response = step.exchange?.response
  if (step.key === 'authorizationRequest')
    return {
      url: step.values.find((v) => v.name === 'authorization URL')?.value,
      note: 'The client has sent the browser here. Press Next and the browser loads it.',
    }
  if (step.key === 'callback')
    return {
      url: step.exchange?.request.url,
      note: 'The browser is back at the client’s redirect URI; the client reads the response (code or error, state, iss) from this URL.',
    }
  if (step.meta.channel !== 'front' || !response) return undefined
  const location = header(response.headers, 'location')
  if (location)
    return {
      url: step.exchange?.request.url,
      note: `The server answered ${response.status}: the browser now goes to ${new URL(location, step.exchange?.request.url).href}`,
    }
  const interactive = last && view.snapshot.hasTag(flowTags.awaitingUser)
  return {
    url: step.exchange?.request.url,
    html: response.body,
    status: response.status,
    interactive,
    note: interactive ? pageHint(response.body) : undefined,
  }
}

function Runner({
  session,
  flow,
  variant,
  runtime,
}: {
  session: FlowSession
  flow: FlowDescriptor
  variant: FlowVariant
  runtime: Runtime
}) {
  const view = useSyncExternalStore(session.subscribe, session.getView)
  const [speed, setSpeed] = useState(1500)
  const { steps } = contextOf(view.snapshot)
  const step = view.cursor >= 0 ? steps[view.cursor] : undefined
  const last = view.cursor === steps.length - 1
  const stepTitle = steps[view.cursor]?.meta.title
  useEffect(() => {
    writeUrlState({ flow: flow.id, variant: variant.id, step: view.cursor + 1 })
    // The tab title follows the step, so a trainer's tabs and the history list say where each one is.
    document.title = stepTitle
      ? `${view.cursor + 1}. ${stepTitle} — ${flow.title} · Grantscope`
      : `${flow.title} — Grantscope`
  }, [flow.id, flow.title, variant.id, view.cursor, stepTitle])

  const browser = browserView(view, step, last)
  const { tokens, jwks } = tokensUpTo(steps.slice(0, view.cursor + 1))
  const done = last && view.snapshot.status === 'done'
  const failed = done && view.snapshot.hasTag(flowTags.failed)
  const position =
    view.cursor < 0
      ? 'Introduction'
      : `Step ${view.cursor + 1} of ${Math.max(session.plan.length, steps.length)}${done ? (failed ? ' · flow stopped' : ' · flow complete') : ''}`
  const trace = step?.exchange?.trace ?? []
  const failures = trace.filter((t) => t.outcome === 'fail').length

  return (
    <main className="mx-auto grid max-w-[1500px] gap-4 p-4 lg:grid-cols-[minmax(0,5fr)_minmax(0,6fr)]">
      <div className="space-y-4">
        <div className="sticky top-0 z-10 -mx-1 rounded-b-lg bg-slate-50/95 px-1 py-2 backdrop-blur">
          <FlowControls
            canGoBack={session.canGoBack}
            canGoNext={session.canGoNext}
            busy={view.busy}
            autoplay={view.autoplay}
            speedMs={speed}
            onBack={session.back}
            onNext={session.next}
            onRestart={session.restart}
            onAutoplay={(on) => {
              session.setSpeed(speed)
              session.setAutoplay(on)
            }}
            onSpeed={(ms) => {
              setSpeed(ms)
              session.setSpeed(ms)
            }}
            position={position}
          />
        </div>
        <SequenceDiagram lanes={lanes} steps={steps} cursor={view.cursor} onSelect={session.goTo} />
        {browser && (
          <SimulatedBrowser
            url={browser.url}
            html={browser.html}
            status={browser.status}
            interactive={browser.interactive ?? false}
            onSubmit={session.submit}
            note={browser.note}
          />
        )}
      </div>
      <div className="space-y-4">
        <section
          data-testid="current-step"
          data-step-index={view.cursor}
          aria-labelledby="current-step-title"
          className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
        >
          <p className="sr-only" aria-live="polite">
            {step ? `Step ${view.cursor + 1}: ${step.meta.title}` : ''}
          </p>
          <StepDetail
            upNext={done ? undefined : upNext(session.plan, step)}
            step={step}
            index={view.cursor}
            variantId={variant.id}
            intro={{
              title: `${flow.title} — ${variant.title}`,
              summary: `${flow.summary} ${variant.summary}`,
              plan: session.plan,
            }}
          />
          {done && !failed && (
            <p className="mt-4 rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-900">
              Flow complete. MovieMatch read the friends’ movies with a token, and never saw Alice’s password.
              Press Restart to run it again, or try the other variant.
            </p>
          )}
          {failed && (
            <p className="mt-4 text-sm text-slate-700">
              The flow stopped here. Press Restart to try again — nothing you chose is lost.
            </p>
          )}
        </section>
        <section aria-label="Inspector" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <Tabs
            label="Inspector"
            tabs={[
              {
                id: 'http',
                label: 'HTTP',
                content: step?.exchange ? (
                  <HttpInspector key={view.cursor} exchange={step.exchange} />
                ) : (
                  <p className="text-sm text-slate-600">
                    {step
                      ? 'This step happens inside the client: nothing goes over HTTP.'
                      : 'The real requests and responses appear here, step by step.'}
                  </p>
                ),
              },
              {
                id: 'trace',
                label: `Server reasoning${trace.length ? ` (${trace.length}${failures ? `, ${failures} failed` : ''})` : ''}`,
                content: <ServerTrace trace={trace} />,
              },
              {
                id: 'tokens',
                label: `Tokens${tokens.length ? ` (${tokens.length})` : ''}`,
                content: <TokenInspector tokens={tokens} jwks={jwks} />,
              },
            ]}
          />
        </section>
        <p className="text-xs text-slate-500">
          Server: the bundled authorization server, running in this page at <code>{runtime.origin}/as</code>.
          Tokens stay in memory and are never stored.
        </p>
      </div>
    </main>
  )
}
