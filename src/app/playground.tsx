import {
  startTransition,
  Suspense,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react'
import { useQuery } from '@tanstack/react-query'
import type { JSONWebKeySet } from 'jose'
import { parameterGlossary } from '@/protocol/glossary.ts'
import type { HttpExchange } from '@/protocol/http-exchange.ts'
import type { FlowDescriptor, FlowVariant, LaneInfo } from '@/flows/catalogue.ts'
import type { EditableRequest, FlowState } from '@/flows/flow-contract.ts'
import type { Screen, Step, StepMeta } from '@/flows/step.ts'
import { ClientForm } from '@/features/client-form/client-form.tsx'
import { ClientsEditor } from '@/features/clients-editor/clients-editor.tsx'
import { ClockControl } from '@/features/clock-control/clock-control.tsx'
import { DeviceScreen } from '@/features/device-screen/device-screen.tsx'
import { FlowControls } from '@/features/flow-controls/flow-controls.tsx'
import { HttpInspector, PreparedRequest } from '@/features/http-inspector/http-inspector.tsx'
import { SequenceDiagram } from '@/features/sequence-diagram/sequence-diagram.tsx'
import { ServerChoice, serverSentence } from '@/features/server-choice/server-choice.tsx'
import { ServerSettings } from '@/features/server-settings/server-settings.tsx'
import { ServerTrace } from '@/features/server-trace/server-trace.tsx'
import { RequestEditor } from '@/features/request-editor/request-editor.tsx'
import { SimulatedBrowser } from '@/features/simulated-browser/simulated-browser.tsx'
import { StepDetail } from '@/features/step-detail/step-detail.tsx'
import { TokenInspector, type NamedToken } from '@/features/token-inspector/token-inspector.tsx'
import { CautionNote } from '@/components/caution-note.tsx'
import { AttackOutcome } from '@/features/lessons/attack-outcome.tsx'
import { LessonNote } from '@/features/lessons/lesson-note.tsx'
import { Tabs } from '@/components/tabs.tsx'
import { CopyAsCurl } from '@/features/curl/copy-as-curl.tsx'
import type { EmbedCommand } from '@/features/embed/embed-messages.ts'
import { useEmbedBridge } from '@/features/embed/use-embed-bridge.ts'
import { clientsServers, settingsServers } from './clients-servers.ts'
import { FlowSession } from './flow-session.ts'
import { runnerGridClass, useFocusHandover, type EarlyInput } from './first-screen.tsx'
import { createRuntime, type Runtime } from './runtime.ts'
import { useServer } from './use-server.ts'
import { useStepHistory } from './step-history.ts'
import { DemoSeedNotice, PresenterBar, TrainerToolbar, type TrainerProps } from './trainer-tools.tsx'

interface Props {
  readonly flow: FlowDescriptor
  readonly variant: FlowVariant
  readonly initialStep: number
  readonly trainer: TrainerProps
  /** What the learner pressed on the first screen before the playground was ready. */
  readonly early: EarlyInput
  /** Whether the playground shows something (its runner, or why it cannot): the shell then hides the first screen. */
  readonly onShown: (shown: boolean) => void
}

export function Playground({ flow, variant, initialStep, trainer, early, onShown }: Props) {
  // The deep-linked step applies once, when the playground opens; later the address follows the steps.
  const [linked] = useState(initialStep)
  const startAt = Math.max(linked, early.nexts)
  const { seed } = trainer
  const autoplay = trainer.autoplay || early.autoplay
  const speedMs = trainer.speedMs ?? early.speedMs
  const server = useServer()
  // A variant with server settings of its own (an attack lesson's misbehave switch) runs on a server
  // of its own in this page, so the setting never leaks into another flow or the shared Node server.
  // Both runs of a lesson do, the hardened one with the defaults whatever the learner changed elsewhere.
  const { policies } = variant
  const ownServer = policies !== undefined || flow.lesson !== undefined
  const runtime = useQuery({
    queryKey: ownServer
      ? ['runtime', 'own', flow.id, variant.id, seed ?? null]
      : ['runtime', server.kind, seed ?? null],
    queryFn: async () => {
      if (!ownServer) return createRuntime(server.kind, window.location.origin, seed)
      const own = await createRuntime('in-page', window.location.origin, seed)
      if (policies !== undefined) await own.admin?.setPolicies(policies)
      return own
    },
  })
  const definition = useQuery({ queryKey: ['flow-definition', flow.id], queryFn: flow.load })
  // The session with the runtime it runs on: a new demo seed is a new runtime, and until its session
  // exists the old one must not be drawn against it.
  const [current, setCurrent] = useState<{ session: FlowSession; runtime: Runtime }>()
  useEffect(() => {
    if (!runtime.data || !definition.data) return
    // The session owns a run and timers: created and disposed with this effect (StrictMode-safe).
    const { transport, clock, origin, resetServer, random } = runtime.data
    // A seeded run starts from the seed's first values, whatever ran before on this runtime.
    if (random !== undefined) resetServer()
    const s = new FlowSession({
      definition: definition.data,
      input: { config: variant.config(origin), variant: variant.id },
      transport,
      clock,
      resetServer,
      ...(random === undefined ? {} : { random }),
    })
    // A transition: the runner's first render is the page's biggest, and this way React yields to the
    // browser while it draws it behind the first screen, instead of blocking input for its whole length.
    const ready = { session: s, runtime: runtime.data }
    startTransition(() => setCurrent(ready))
    s.setSpeed(speedMs)
    const start = startAt > 0 ? s.fastForward(startAt) : Promise.resolve()
    if (autoplay) void start.then(() => s.setAutoplay(true))
    return () => s.dispose()
  }, [runtime.data, definition.data, variant, startAt, autoplay, speedMs])

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
      trainer={trainer}
      toolbar={
        trainer.presenter || trainer.embed
          ? undefined
          : (steps, cursor) => (
              <TrainerToolbar
                trainer={trainer}
                flow={flow}
                variant={variant}
                steps={steps}
                cursor={cursor}
                origin={current.runtime.origin}
              />
            )
      }
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
  takeFocus,
  onAnswer,
}: {
  screen: Screen
  lanes: readonly LaneInfo[]
  live: boolean
  state: FlowState
  session: FlowSession
  /** Asked when a page loads: whether it takes the focus (the user just answered the previous one). */
  takeFocus: () => boolean
  onAnswer: () => void
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
        takeFocus={takeFocus}
        onSubmit={(navigation) => {
          onAnswer()
          session.answer({ type: 'browser.submit', navigation })
        }}
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
        onSubmit={(values) => {
          onAnswer()
          session.answer({ type: 'form.submit', values })
        }}
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

/**
 * "Edit" on the latest step: opens the request Next would send, and "Send" sends the edited one
 * for real. Steps that send nothing over HTTP say so.
 */
function EditNext({ session, enabled }: { session: FlowSession; enabled: boolean }) {
  const [editing, setEditing] = useState<EditableRequest | 'nothing' | undefined>()
  if (!enabled) return null
  if (editing === undefined)
    return (
      <button
        type="button"
        onClick={() => void session.preview().then((request) => setEditing(request ?? 'nothing'))}
        className="rounded border border-amber-500 bg-amber-50 px-3 py-1 text-sm font-medium text-amber-950 hover:bg-amber-100"
      >
        Edit
      </button>
    )
  if (editing === 'nothing')
    return (
      <p role="status" className="text-sm text-slate-700">
        The next step sends nothing over HTTP, so there is no request to edit.{' '}
        <button type="button" className="underline" onClick={() => setEditing(undefined)}>
          Close
        </button>
      </p>
    )
  return (
    <RequestEditor
      request={editing}
      onCancel={() => setEditing(undefined)}
      onSend={(edited) => {
        setEditing(undefined)
        session.sendEdited(editing, edited)
      }}
    />
  )
}

/** Sent again with "Replay": each answer, with the server's reasoning for it. */
function Replays({
  session,
  index,
  replays,
}: {
  session: FlowSession
  index: number
  replays: readonly HttpExchange[]
}) {
  return (
    <div className="mt-3 space-y-2 border-t border-slate-200 pt-3">
      <button
        type="button"
        onClick={() => void session.replay(index)}
        className="rounded border border-slate-300 px-3 py-1 text-sm font-medium hover:bg-slate-100"
      >
        Replay
      </button>
      <span className="ml-2 text-xs text-slate-600">
        Sends this exact request again — the same code twice, say.
      </span>
      {replays.map((replayed, i) => (
        <details key={i} open={i === replays.length - 1} className="rounded border border-slate-200 p-2">
          <summary className="cursor-pointer text-sm font-medium">
            Replay {i + 1}: {replayed.response?.status} {replayed.response?.statusText}
          </summary>
          <HttpInspector exchange={replayed} />
          <ServerTrace trace={replayed.trace} />
        </details>
      ))}
    </div>
  )
}

/** The step-by-step view of one session; the provider mode reuses it with its own server line. */
export function Runner({
  session,
  flow,
  variant,
  runtime,
  aside,
  footer,
  syncUrl = true,
  serverNote,
  trainer,
  toolbar,
  server,
}: {
  session: FlowSession
  flow: FlowDescriptor
  variant: Pick<FlowVariant, 'id' | 'title' | 'summary'>
  /** `server` is absent against a real provider. */
  runtime: Pick<Runtime, 'clock' | 'origin'> & Partial<Pick<Runtime, 'server' | 'admin' | 'transport'>>
  /** Shown under the current step (the provider mode's diagnosis and summary). */
  aside?: ReactNode
  /** Replaces the line that names the server. */
  footer?: ReactNode
  /** Write flow, variant and step to the address bar (the provider mode keeps its own). */
  syncUrl?: boolean
  /** Said in the Server reasoning tab when a step has none (a real provider shares none). */
  serverNote?: string
  /** Embed, presenter and the demo seed; the plain playground without them. */
  trainer?: TrainerProps
  /** The trainer's and developer's tools above the step (Presenter, Export, Embed, Demo seed). */
  toolbar?: ((steps: readonly Step[], cursor: number) => ReactNode) | undefined
  /** Which server answers, and the learner's choice of it (the playground; not the provider mode). */
  server?: ReturnType<typeof useServer>
}) {
  const view = useSyncExternalStore(session.subscribe, session.getView)
  const controls = useRef<HTMLDivElement>(null)
  useFocusHandover(controls)
  const [speed, setSpeed] = useState(trainer?.speedMs ?? 1500)
  const [showHttp, setShowHttp] = useState(false)
  const presenter = trainer?.presenter === true
  const embed = trainer?.embed === true
  const { steps } = view.state
  const step = view.cursor >= 0 ? steps[view.cursor] : undefined
  const last = view.cursor === steps.length - 1
  const stepTitle = steps[view.cursor]?.meta.title
  useStepHistory(session, flow.id, variant.id, view, syncUrl)
  useEffect(() => {
    // The tab title follows the step, so a trainer's tabs and the history list say where each one is.
    document.title = stepTitle
      ? `${view.cursor + 1}. ${stepTitle} — ${flow.title} · Grantscope`
      : `${flow.title} — Grantscope`
  }, [flow.title, view.cursor, stepTitle])

  // One set per runtime: a dialog reads a server's clients or settings again whenever its handle is new.
  const { server: runs, origin, admin, transport } = runtime
  const node = server?.node
  const dialogServers = useMemo(() => {
    if (runs === undefined || admin === undefined || transport === undefined) return undefined
    const page = { server: runs, origin, admin, transport }
    return { clients: clientsServers(page, node), settings: settingsServers(page, node) }
  }, [runs, origin, admin, transport, node])
  const { tokens, jwks } = heldAt(steps, view.cursor)
  const verdict = steps.findLast((s) => s.verdict !== undefined)?.verdict
  const done = last && view.state.status === 'done'
  const failed = done && view.state.failed
  const live = last && view.state.waiting === 'user'
  // Focus never gets lost: after the user answers a page or form (which then disappears), the next
  // page takes the focus, or Next does when the flow goes on without one.
  const answeredAt = useRef<number | undefined>(undefined)
  const focusPage = useRef(false)
  const nextButton = useRef<HTMLButtonElement>(null)
  const liveScreen = live && (step?.screens.some((s) => s.kind !== 'device') ?? false)
  useEffect(() => {
    if (answeredAt.current === undefined || steps.length <= answeredAt.current) return
    answeredAt.current = undefined
    if (liveScreen) focusPage.current = true
    else nextButton.current?.focus()
  }, [steps.length, liveScreen])
  const takeFocus = () => {
    const take = focusPage.current
    focusPage.current = false
    return take
  }

  const position =
    view.cursor < 0
      ? 'Introduction'
      : `Step ${view.cursor + 1} of ${done ? steps.length : Math.max(session.plan.length, steps.length)}${done ? (failed ? ' · flow stopped' : ' · flow complete') : ''}`
  const trace = step?.exchange?.trace ?? []
  const failures = trace.filter((t) => t.outcome === 'fail').length
  const next = upNext(session.plan, step)
  useEmbedBridge(
    embed,
    { flow: flow.id, variant: variant.id, step: view.cursor + 1 },
    (command: EmbedCommand) => {
      if (command.type === 'next') session.next()
      else if (command.type === 'back') session.back()
      else if (command.type === 'restart') session.restart()
      else if (command.step <= steps.length) session.goTo(command.step - 1)
      else void session.fastForward(command.step)
    },
  )

  return (
    <>
      {presenter && trainer !== undefined && (
        <Suspense fallback={null}>
          <PresenterBar
            notes={{
              flowTitle: flow.title,
              variantTitle: variant.title,
              summary: `${flow.summary} ${variant.summary}`,
              variantId: variant.id,
              lanes: flow.lanes,
              plan: session.plan,
              steps,
              cursor: view.cursor,
              upNext: done ? undefined : next,
            }}
            position={view.busy ? 'Sending…' : position}
            onNext={session.next}
            onBack={session.back}
            onExit={() => trainer.setPresenter(false)}
            contrast={trainer.contrast}
            onContrast={trainer.setContrast}
            showHttp={showHttp}
            onShowHttp={setShowHttp}
          />
        </Suspense>
      )}
      <div className={runnerGridClass(embed)}>
        <div className="min-w-0 space-y-4">
          {/* In presenter mode its bar has Back and Next; the room needs no speed or clock controls. */}
          {!presenter && (
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
                nextRef={nextButton}
              />
              {!embed && (
                <div className="flex flex-wrap items-center gap-x-4 gap-y-1">
                  <ClockControl clock={runtime.clock} />
                  {/* In the sticky bar, so nothing small scrolls under it. */}
                  {dialogServers !== undefined && (
                    <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
                      <ServerSettings servers={dialogServers.settings} />
                      <ClientsEditor servers={dialogServers.clients} />
                    </div>
                  )}
                </div>
              )}
            </div>
          )}
          {server !== undefined && !embed && !presenter && flow.lesson === undefined && (
            <ServerChoice
              current={runtime.server ?? 'in-page'}
              origin={runtime.origin}
              nodeOrigin={server.node?.origin}
              onChoose={server.choose}
            />
          )}
          {flow.caution && <CautionNote caution={flow.caution} />}
          {flow.lesson && !embed && <LessonNote flow={flow} lesson={flow.lesson} variant={variant} />}
          <SequenceDiagram lanes={flow.lanes} steps={steps} cursor={view.cursor} onSelect={session.goTo} />
          {(step?.screens ?? []).map((screen, i) => (
            <ScreenView
              key={`${view.cursor}-${i}`}
              screen={screen}
              lanes={flow.lanes}
              live={live}
              state={view.state}
              session={session}
              takeFocus={takeFocus}
              onAnswer={() => {
                answeredAt.current = steps.length
              }}
            />
          ))}
        </div>
        <div className="min-w-0 space-y-4">
          {toolbar?.(steps, view.cursor)}
          {trainer?.seed !== undefined && (
            <Suspense fallback={null}>
              <DemoSeedNotice seed={trainer.seed} />
            </Suspense>
          )}
          <section
            data-testid="current-step"
            data-step-index={view.cursor}
            aria-labelledby="current-step-title"
            className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
          >
            <p className="sr-only" aria-live="polite" data-testid="step-announcer">
              {step ? `Step ${view.cursor + 1}: ${step.meta.title}` : ''}
            </p>
            <StepDetail
              upNext={done ? undefined : next}
              step={step}
              index={view.cursor}
              variantId={variant.id}
              intro={{
                title: `${flow.title} — ${variant.title}`,
                summary: `${flow.summary} ${variant.summary}`,
                outline: session.plan.map((meta) => meta.title),
                server:
                  runtime.server === undefined
                    ? 'it goes to your provider, and what it answers is shown verbatim.'
                    : serverSentence(runtime.server, runtime.origin),
              }}
            />
            {done && !failed && verdict !== undefined && (
              <>
                <AttackOutcome verdict={verdict} variantTitle={variant.title} />
                <p className="mt-2 text-sm text-slate-700">{flow.closing}</p>
              </>
            )}
            {done && !failed && verdict === undefined && (
              <p className="mt-4 rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-900">
                Flow complete. {flow.closing}
              </p>
            )}
            {failed && (
              <p className="mt-4 text-sm text-slate-700">
                The flow stopped here. Press Restart to try again — nothing you chose is lost.
              </p>
            )}
            {!presenter && !embed && (
              <div className="mt-3">
                <EditNext
                  key={`${view.cursor}-${steps.length}`}
                  session={session}
                  enabled={last && view.state.waiting === 'next' && !view.busy}
                />
              </div>
            )}
          </section>
          {aside}
          {(!presenter || showHttp) && (
            <section
              aria-label="Inspector"
              className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
            >
              <Tabs
                label="Inspector"
                tabs={[
                  {
                    id: 'http',
                    label: 'HTTP',
                    content: step?.exchange ? (
                      <>
                        {step.edited && (
                          <p className="mb-2 rounded border border-amber-400 bg-amber-50 p-2 text-xs text-amber-950">
                            Sent as you edited it. The client would have sent{' '}
                            <code className="break-all">
                              {step.edited.original.method} {step.edited.original.url}
                            </code>
                            {step.edited.original.body !== undefined && (
                              <>
                                {' '}
                                with <code className="break-all">{step.edited.original.body}</code>
                              </>
                            )}
                            .
                          </p>
                        )}
                        <CopyAsCurl request={step.exchange.request} pageOrigin={runtime.origin} />
                        <HttpInspector key={view.cursor} exchange={step.exchange} />
                        {step.exchange.response !== undefined && !presenter && !embed && (
                          <Replays
                            session={session}
                            index={view.cursor}
                            replays={view.replays[view.cursor] ?? []}
                          />
                        )}
                      </>
                    ) : step?.redirectTo ? (
                      <>
                        <CopyAsCurl
                          request={{ method: 'GET', url: step.redirectTo, headers: [] }}
                          pageOrigin={runtime.origin}
                        />
                        <PreparedRequest url={step.redirectTo} />
                      </>
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
                    content: <ServerTrace trace={trace} emptyNote={serverNote} />,
                  },
                  {
                    id: 'tokens',
                    label: `Tokens${tokens.length ? ` (${tokens.length})` : ''}`,
                    content: <TokenInspector tokens={tokens} jwks={jwks} now={runtime.clock.now} />,
                  },
                ]}
              />
            </section>
          )}
          {!presenter && footer}
        </div>
      </div>
    </>
  )
}
