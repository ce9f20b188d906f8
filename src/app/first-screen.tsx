import { startTransition, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react'
import type { FlowDescriptor, FlowVariant } from '@/flows/catalogue.ts'
import { CautionNote } from '@/components/caution-note.tsx'
import { ClockPlaceholder } from '@/features/clock-control/clock-control.tsx'
import { LessonNote } from '@/features/lessons/lesson-note.tsx'
import { FlowControls } from '@/features/flow-controls/flow-controls.tsx'
import { SequenceDiagram } from '@/features/sequence-diagram/sequence-diagram.tsx'
import { ServerChoice, serverSentence } from '@/features/server-choice/server-choice.tsx'
import { FlowIntro } from '@/features/step-detail/flow-intro.tsx'
import { urlFor, writeUrl } from './url-state.ts'
import { useServer } from './use-server.ts'

/** What the learner did on the first screen before the playground was ready: it happens once it is. */
export interface EarlyInput {
  /** Next presses: the playground fast-forwards that many steps. */
  readonly nexts: number
  readonly autoplay: boolean
  readonly speedMs: number
}

export const noEarlyInput: EarlyInput = { nexts: 0, autoplay: false, speedMs: 1500 }

interface Props {
  readonly flow: FlowDescriptor
  readonly variant: FlowVariant
  /** What is loading, said where the step position will be. */
  readonly status: string
  readonly early: EarlyInput
  readonly onEarly: (patch: Partial<EarlyInput>) => void
  /** In an embed, and in presenter mode, the runner lays itself out differently: so does this. */
  readonly embed: boolean
  readonly presenter: boolean
  /** The demo seed, named on its button as the runner names it. */
  readonly seed: string | undefined
  /** The runner has taken over: the first screen is hidden until it is removed (`useRetired`). */
  readonly hidden: boolean
}

/** The runner's grid (playground.tsx): the first screen uses the same, so nothing moves at the swap. */
export function runnerGridClass(embed: boolean): string {
  return `gs-runner grid ${embed ? 'gap-3 p-2 md:grid-cols-2' : 'gap-4 p-3 sm:p-4 lg:grid-cols-[minmax(0,5fr)_minmax(0,6fr)]'}`
}

/** The trainer tools' buttons (trainer-tools.tsx), here so the first screen draws them alike. */
export const trainerButtonClass =
  'rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-semibold text-slate-800 enabled:hover:bg-slate-100 disabled:text-slate-500'

/** Server settings and Clients as the runner shows them, not usable until there is a server. */
function DialogButtonPlaceholder({ label }: { label: string }) {
  return (
    <button
      type="button"
      disabled
      className="min-h-6 rounded border border-slate-300 bg-white px-2 py-0.5 text-xs font-medium text-slate-500"
    >
      {label}
    </button>
  )
}

const nothing = () => undefined

/** Runs `run` once the browser has drawn its next frame (`requestAnimationFrame` runs just before it); cancellable. */
function afterNextFrame(run: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(run, 0)
  })
  return () => {
    cancelAnimationFrame(frame)
    clearTimeout(timer)
  }
}

/**
 * Runs `run` once the page has painted its first content, by the browser's own measure (the
 * first-contentful-paint entry, delivered once the frame is on screen); at once in a tab that paints
 * nothing because it is hidden; after a frame where the browser does not report paints. Cancellable.
 */
export function afterFirstPaint(run: () => void): () => void {
  if (
    document.visibilityState === 'hidden' ||
    performance.getEntriesByName('first-contentful-paint').length
  ) {
    const timer = setTimeout(run, 0)
    return () => clearTimeout(timer)
  }
  if (!PerformanceObserver.supportedEntryTypes.includes('paint')) return afterNextFrame(run)
  // Either source runs `run` once: each stops both (a disconnected observer delivers nothing more).
  const stop = () => {
    observer.disconnect()
    document.removeEventListener('visibilitychange', once)
  }
  const once = () => {
    stop()
    run()
  }
  const observer = new PerformanceObserver((entries) => {
    if (entries.getEntriesByName('first-contentful-paint').length) once()
  })
  observer.observe({ type: 'paint', buffered: true })
  // Sent to the background before painting: nothing will be painted until it is shown again.
  document.addEventListener('visibilitychange', once)
  return stop
}

/** Set once the page has painted its first screen: from then on the runner's code is asked for at once. */
let firstScreenPainted = false

/**
 * Whether the first screen has been painted, so the runner's code may be asked for. Asked for during
 * the first render, its chunks would share the network with the first screen's own script and
 * stylesheet and hold back its first paint on a slow connection (Lighthouse counts them into FCP and
 * LCP). Asked for once it is painted, they load while the learner reads. `load` asks for them, in
 * the task that learns of the paint, before the render that mounts the runner.
 */
export function useFirstScreenPainted(load: () => unknown): boolean {
  const [painted, setPainted] = useState(firstScreenPainted)
  useEffect(() => {
    if (painted) return
    return afterFirstPaint(() => {
      firstScreenPainted = true
      load()
      // A transition: the render that follows (the app around the first screen, and the runner once
      // its code is here) yields to the browser every few milliseconds instead of blocking input.
      startTransition(() => setPainted(true))
    })
  }, [painted, load])
  return painted
}

/**
 * Whether the first screen, hidden since the runner showed (`shown`), may leave the DOM: once a frame
 * has been drawn without it. That frame's style pass drops its layout outside any script, so React's
 * removal is then a plain DOM removal. Removed while still laid out, each of its ~190 layout objects
 * is detached inside React's commit, and Lighthouse's trace (invalidation tracking, a JS stack per
 * object) counts that as ~45 ms of blocking time, four times over in its mobile simulation.
 */
export function useRetired(shown: boolean): boolean {
  const [retired, setRetired] = useState<boolean>(false)
  if (!shown && retired) setRetired(false)
  useEffect(() => (shown ? afterNextFrame(() => setRetired(true)) : undefined), [shown])
  return shown && retired
}

/** The label of the step control that had focus when its screen went away. */
let focusHandover: string | undefined

/**
 * Keeps keyboard focus on the same step control (Next, Autoplay …) when the first screen gives way
 * to the runner, whose controls are new elements: without it, a keyboard user who pressed Next
 * early would find focus dropped to the page.
 */
export function useFocusHandover(controls: RefObject<HTMLElement | null>): void {
  useLayoutEffect(() => {
    const root = controls.current
    // The other screen's control may still have focus (it goes away in the same frame), or have
    // recorded it while going away.
    const active = document.activeElement
    const elsewhere =
      active instanceof HTMLButtonElement && !root?.contains(active) && active.closest('[role="toolbar"]')
        ? (active.textContent ?? undefined)
        : undefined
    const label = elsewhere ?? focusHandover
    focusHandover = undefined
    if (label !== undefined)
      [...(root?.querySelectorAll('button') ?? [])].find((b) => b.textContent === label)?.focus()
    return () => {
      const active = document.activeElement
      if (active instanceof HTMLButtonElement && root?.contains(active))
        focusHandover = active.textContent ?? undefined
    }
  }, [controls])
}

/**
 * The first screen, painted from the catalogue at once — the flow's introduction, its step outline
 * and its lanes — in the runner's own layout, while the machine and the server load behind it.
 */
export function FirstScreen({
  flow,
  variant,
  status,
  early,
  onEarly,
  embed,
  presenter,
  seed,
  hidden,
}: Props) {
  const server = useServer()
  const controls = useRef<HTMLDivElement>(null)
  useFocusHandover(controls)
  const origin = server.kind === 'node' && server.node ? server.node.origin : window.location.origin
  // The same elements, in the same places, as the runner that replaces this screen (playground.tsx).
  return (
    <div className={runnerGridClass(embed)} hidden={hidden}>
      <div className="min-w-0 space-y-4">
        {!presenter && (
          <div
            ref={controls}
            className="sticky top-0 z-10 -mx-1 space-y-1 rounded-b-lg bg-slate-50/95 px-1 py-2 backdrop-blur"
          >
            <FlowControls
              canGoBack={false}
              canGoNext
              busy={false}
              autoplay={early.autoplay}
              speedMs={early.speedMs}
              onBack={nothing}
              onNext={() => {
                // One history entry per step, as the runner makes them: Back then goes back a step,
                // not out of the playground, however early the learner pressed Next.
                writeUrl(urlFor({ flow: flow.id, variant: variant.id, step: early.nexts + 1 }), 'push')
                onEarly({ nexts: early.nexts + 1 })
              }}
              onRestart={() => onEarly({ nexts: 0, autoplay: false })}
              onAutoplay={(autoplay) => onEarly({ autoplay })}
              onSpeed={(speedMs) => onEarly({ speedMs })}
              position={
                early.nexts > 0 ? `${status} Step ${early.nexts} runs as soon as it is ready.` : status
              }
            />
            {!embed && (
              <div className="flex flex-wrap items-center gap-x-4 gap-y-1">
                <ClockPlaceholder />
                <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
                  <DialogButtonPlaceholder label="Server settings" />
                  <DialogButtonPlaceholder label="Clients" />
                </div>
              </div>
            )}
          </div>
        )}
        {!embed && !presenter && flow.lesson === undefined && (
          <ServerChoice
            current={server.kind}
            origin={origin}
            nodeOrigin={server.node?.origin}
            onChoose={server.choose}
          />
        )}
        {flow.caution && <CautionNote caution={flow.caution} />}
        {flow.lesson && !embed && <LessonNote flow={flow} lesson={flow.lesson} variant={variant} />}
        <SequenceDiagram lanes={flow.lanes} steps={[]} cursor={-1} onSelect={nothing} />
      </div>
      <div className="min-w-0 space-y-4">
        {!embed && !presenter && (
          <div role="toolbar" aria-label="Trainer tools" className="flex flex-wrap items-center gap-2">
            {['Presenter', 'Export', 'Embed', `Demo seed${seed === undefined ? '' : `: ${seed}`}`].map(
              (label) => (
                <button key={label} type="button" disabled className={trainerButtonClass}>
                  {label}
                </button>
              ),
            )}
          </div>
        )}
        <section
          data-testid="first-screen"
          aria-labelledby="current-step-title"
          className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
        >
          <FlowIntro
            title={`${flow.title} — ${variant.title}`}
            summary={`${flow.summary} ${variant.summary}`}
            outline={flow.outline}
            server={serverSentence(server.kind, origin)}
          />
        </section>
      </div>
    </div>
  )
}
