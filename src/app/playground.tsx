import { startTransition, useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react'
import { useQuery } from '@tanstack/react-query'
import type { JSONWebKeySet } from 'jose'
import { parameterGlossary } from '@/protocol/glossary.ts'
import type { FlowDescriptor, FlowVariant, LaneInfo } from '@/flows/catalogue.ts'
import type { FlowState } from '@/flows/flow-contract.ts'
import type { Screen, Step, StepMeta } from '@/flows/step.ts'
import { ClientForm } from '@/features/client-form/client-form.tsx'
import { ClockControl } from '@/features/clock-control/clock-control.tsx'
import { DeviceScreen } from '@/features/device-screen/device-screen.tsx'
import { FlowControls } from '@/features/flow-controls/flow-controls.tsx'
import { HttpInspector, PreparedRequest } from '@/features/http-inspector/http-inspector.tsx'
import { SequenceDiagram } from '@/features/sequence-diagram/sequence-diagram.tsx'
import { ServerTrace } from '@/features/server-trace/server-trace.tsx'
import { ServerChoice, serverSentence } from '@/features/server-choice/server-choice.tsx'
import { SimulatedBrowser } from '@/features/simulated-browser/simulated-browser.tsx'
import { StepDetail } from '@/features/step-detail/step-detail.tsx'
import { TokenInspector, type NamedToken } from '@/features/token-inspector/token-inspector.tsx'
import { CautionNote } from '@/components/caution-note.tsx'
import { Tabs } from '@/components/tabs.tsx'
import { FlowSession } from './flow-session.ts'
import { useFocusHandover, type EarlyInput } from './first-screen.tsx'
import { createRuntime, type Runtime } from './runtime.ts'
import { useServer } from './use-server.ts'
import { writeUrlState } from './url-state.ts'

interface Props {
  readonly flow: FlowDescriptor
  readonly variant: FlowVariant
  readonly initialStep: number
  /** What the learner pressed on the first screen before the playground was ready. */
  readonly early: EarlyInput
  /** Whether the playground shows something (its runner, or why it cannot): the shell then hides the first screen. */
  readonly onShown: (shown: boolean) => void
}

export function Playground({ flow, variant, initialStep, early, onShown }: Props) {
  const startAt = Math.max(initialStep, early.nexts)
  const server = useServer()
  const runtime = useQuery({
    queryKey: ['runtime', server.kind],
    queryFn: () => createRuntime(server.kind, window.location.origin),
  })
  const definition = useQuery({ queryKey: ['flow-definition', flow.id], queryFn: flow.load })
  // The session with the runtime it runs on: switching servers must never show a run of the other one.
  const [current, setCurrent] = useState<{ session: FlowSession; runtime: Runtime }>()
  useEffect(() => {
    if (!runtime.data || !definition.data) return
    // The session owns a run and timers: created and disposed with this effect (StrictMode-safe).
    const { transport, clock, origin, resetServer } = runtime.data
    const s = new FlowSession({
      definition: definition.data,
      input: { config: variant.config(origin), variant: variant.id },
      transport,
      clock,
      resetServer,
    })
    // A transition: the runner's first render is the page's biggest, and this way React yields to the
    // browser while it draws it behind the first screen, instead of blocking input for its whole length.
    const ready = { session: s, runtime: runtime.data }
    startTransition(() => setCurrent(ready))
    s.setSpeed(early.speedMs)
    if (startAt > 0) void s.fastForward(startAt)
    else if (early.autoplay) s.setAutoplay(true)
    return () => s.dispose()
  }, [runtime.data, definition.data, variant, startAt, early.speedMs, early.autoplay])

  const ready = current !== undefined && current.runtime === runtime.data
  const shown = definition.isError || runtime.isError || ready
  // Before paint: the first screen and the runner swap in one frame, and the first screen stays the
  // same element while everything loads (no second first screen to build and lay out).
  useLayoutEffect(() => onShown(shown), [shown, onShown])

  if (definition.isError)
    return (
      <div role="alert" className="m-6 rounded border border-red-300 bg-red-50 p-4 text-red-900">
        This flow could not be loaded: {String(definition.error)}. Reload the page to try again.
      </div>
    )
  if (runtime.isError)
    return (
      <div role="alert" className="m-6 rounded border border-red-300 bg-red-50 p-4 text-red-900">
        {server.kind === 'node' ? (
          <>
            The Node server could not be reached: {String(runtime.error)}. Is npm start still running?{' '}
            <button type="button" className="underline" onClick={() => server.choose('in-page')}>
              Use the server in this page
            </button>
          </>
        ) : (
          <>
            The bundled server could not start: {String(runtime.error)}. This browser may lack WebCrypto (it
            needs a secure context: https or localhost).
          </>
        )}
      </div>
    )
  if (!ready) return null
  return (
    <Runner
      session={current.session}
      flow={flow}
      variant={variant}
      runtime={current.runtime}
      server={server}
      initialSpeed={early.speedMs}
    />
  )
}

/** The tokens and keys the client holds at the step the user is looking at: the latest ones up to it. */
function heldAt(
  steps: readonly Step[],
  cursor: number,
): { tokens: NamedToken[]; jwks: JSONWebKeySet | undefined } {
  const upTo = steps.slice(0, cursor + 1)
  const held = upTo.findLast((s) => s.tokens !== undefined)?.tokens ?? []
  const jwks = upTo.findLast((s) => s.jwks !== undefined)?.jwks
  const tokens = held.map((t) => ({
    name: t.name,
    value: t.value,
    purpose: parameterGlossary[t.name]?.meaning ?? '',
    ...(t.expiresAt === undefined ? {} : { expiresAt: t.expiresAt }),
    ...(t.status === undefined ? {} : { status: t.status }),
  }))
  return { tokens, jwks }
}

/** The title of the step after this one on the flow's main path, for the "Up next" hint. */
function upNext(plan: readonly StepMeta[], step: Step | undefined): string | undefined {
  if (!step) return plan[0]?.title
  const index = plan.findIndex((meta) => meta.title === step.meta.title)
  return index < 0 ? undefined : plan[index + 1]?.title
}

function ScreenView({
  screen,
  lanes,
  live,
  state,
  session,
}: {
  screen: Screen
  lanes: readonly LaneInfo[]
  live: boolean
  state: FlowState
  session: FlowSession
}) {
  const owner = lanes.find((l) => l.id === screen.lane)
  if (screen.kind === 'browser') {
    const interactive = live && state.prompt?.kind === 'page'
    return (
      <SimulatedBrowser
        title={owner?.title}
        url={screen.url}
        html={screen.page?.html}
        status={screen.page?.status}
        interactive={interactive}
        onSubmit={(navigation) => session.answer({ type: 'browser.submit', navigation })}
        note={screen.note}
      />
    )
  }
  if (screen.kind === 'form')
    return (
      <ClientForm
        title={screen.title}
        note={screen.note}
        fields={screen.fields}
        submitLabel={screen.submitLabel}
        interactive={live && state.prompt?.kind === 'form'}
        onSubmit={(values) => session.answer({ type: 'form.submit', values })}
      />
    )
  return (
    <DeviceScreen
      title={screen.title}
      userCode={screen.userCode}
      verificationUri={screen.verificationUri}
      verificationUriComplete={screen.verificationUriComplete}
      note={screen.note}
    />
  )
}

function Runner({
  session,
  flow,
  variant,
  runtime,
  server,
  initialSpeed,
}: {
  session: FlowSession
  flow: FlowDescriptor
  variant: FlowVariant
  runtime: Runtime
  server: ReturnType<typeof useServer>
  initialSpeed: number
}) {
  const view = useSyncExternalStore(session.subscribe, session.getView)
  const [speed, setSpeed] = useState(initialSpeed)
  const controls = useRef<HTMLDivElement>(null)
  useFocusHandover(controls)
  const { steps } = view.state
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

  const { tokens, jwks } = heldAt(steps, view.cursor)
  const done = last && view.state.status === 'done'
  const failed = done && view.state.failed
  const live = last && view.state.waiting === 'user'
  const position =
    view.cursor < 0
      ? 'Introduction'
      : `Step ${view.cursor + 1} of ${Math.max(session.plan.length, steps.length)}${done ? (failed ? ' · flow stopped' : ' · flow complete') : ''}`
  const trace = step?.exchange?.trace ?? []
  const failures = trace.filter((t) => t.outcome === 'fail').length

  return (
    <main className="mx-auto grid max-w-[1500px] gap-4 p-4 lg:grid-cols-[minmax(0,5fr)_minmax(0,6fr)]">
      <div className="min-w-0 space-y-4">
        <div
          ref={controls}
          className="sticky top-0 z-10 -mx-1 space-y-1 rounded-b-lg bg-slate-50/95 px-1 py-2 backdrop-blur"
        >
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
          <ClockControl clock={runtime.clock} />
        </div>
        <ServerChoice
          current={runtime.server}
          origin={runtime.origin}
          nodeOrigin={server.node?.origin}
          onChoose={server.choose}
        />
        {flow.caution && <CautionNote caution={flow.caution} />}
        <SequenceDiagram lanes={flow.lanes} steps={steps} cursor={view.cursor} onSelect={session.goTo} />
        {(step?.screens ?? []).map((screen, i) => (
          <ScreenView
            key={`${view.cursor}-${i}`}
            screen={screen}
            lanes={flow.lanes}
            live={live}
            state={view.state}
            session={session}
          />
        ))}
      </div>
      <div className="min-w-0 space-y-4">
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
              outline: flow.outline,
              server: serverSentence(runtime.server, runtime.origin),
            }}
          />
          {done && !failed && (
            <p className="mt-4 rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-900">
              Flow complete. {flow.closing}
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
                ) : step?.redirectTo ? (
                  <PreparedRequest url={step.redirectTo} />
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
                content: <TokenInspector tokens={tokens} jwks={jwks} now={runtime.clock.now} />,
              },
            ]}
          />
        </section>
      </div>
    </main>
  )
}
