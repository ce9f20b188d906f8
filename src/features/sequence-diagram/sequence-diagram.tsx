import { Fragment, useMemo, type CSSProperties } from 'react'
import type { LaneInfo } from '@/flows/catalogue.ts'
import type { Lane, Step } from '@/flows/step.ts'
import { responseSummary } from '@/protocol/exchange-summary.ts'
import { channelColor, laneColor } from '@/components/lane-style.ts'

interface Props {
  readonly lanes: readonly LaneInfo[]
  readonly steps: readonly Step[]
  readonly cursor: number
  readonly onSelect: (index: number) => void
}

/** A label that may wrap after `/`, `?`, `&` and `#`, so a long path breaks where a reader expects. */
function Wrappable({ text }: { text: string }) {
  const parts = text.split(/(?<=[/?&#])/)
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {part}
          {i < parts.length - 1 && <wbr />}
        </Fragment>
      ))}
    </>
  )
}

/**
 * Soft hyphens inside long words, so a lane title breaks as "Authoriza-tion" in a narrow column
 * rather than mid-word without a hyphen (CSS `hyphens: auto` needs a dictionary the browser may lack).
 */
function softHyphens(text: string): string {
  return text.replace(
    /\p{L}{10,}/gu,
    (word) => word.slice(0, 3) + [...word.slice(3, -3)].join('\u00AD') + word.slice(-3),
  )
}

interface ArrowProps {
  readonly left: number
  readonly width: number
  readonly rightward: boolean
  readonly color: string
  readonly dashed: boolean
  readonly response: boolean
  readonly animate: boolean
  /** A step after the one shown (the user went Back): drawn lighter. */
  readonly faded: boolean
}

/** One horizontal arrow between two lifelines; a request has a filled head, a response an open one. */
function Arrow({ left, width, rightward, color, dashed, response, animate, faded }: ArrowProps) {
  const thickness = response ? 1.5 : 2
  const head: CSSProperties = response
    ? {
        width: 8,
        height: 8,
        top: -4.75,
        borderTop: `${thickness}px solid ${color}`,
        borderRight: `${thickness}px solid ${color}`,
        transform: `rotate(${rightward ? 45 : -135}deg)`,
        ...(rightward ? { right: 0 } : { left: 0 }),
      }
    : {
        top: -7,
        borderTop: '6px solid transparent',
        borderBottom: '6px solid transparent',
        ...(rightward
          ? { right: -2, borderLeft: `9px solid ${color}` }
          : { left: -2, borderRight: `9px solid ${color}` }),
      }
  return (
    <span aria-hidden className={`relative block h-2.5 ${faded ? 'opacity-40' : ''}`}>
      <span
        className={`absolute top-1 block h-0 ${animate ? (response ? 'gs-arrow-enter gs-arrow-later' : 'gs-arrow-enter') : ''}`}
        style={{
          left: `${left}%`,
          width: `${width}%`,
          borderTop: `${thickness}px ${dashed ? 'dashed' : 'solid'} ${color}`,
          transformOrigin: rightward ? 'left' : 'right',
        }}
      >
        <span className="absolute block h-0 w-0" style={head} />
      </span>
    </span>
  )
}

/**
 * The exchange as a sequence diagram: one column per role; per step, the request arrow and — when
 * something answered over HTTP — its response arrow back. Dashed arrows travel through the browser
 * (front channel), solid ones go directly between servers (back channel). Responses are part of
 * their step, never steps of their own. Everything is derived from the recorded steps.
 * The `gs-diagram-*` classes are hooks for presenter mode, which sets larger real font sizes on them.
 */
export function SequenceDiagram({ lanes, steps, cursor, onSelect }: Props) {
  const count = lanes.length
  const column = (lane: Lane) =>
    Math.max(
      0,
      lanes.findIndex((l) => l.id === lane),
    )
  const center = (lane: Lane) => ((column(lane) + 0.5) / count) * 100
  const columns = { gridTemplateColumns: `repeat(${count}, minmax(0, 1fr))` }
  // Parsing every response on every render would cost each Next click; the steps change less often.
  const answers = useMemo(
    () => steps.map((step) => (step.exchange === undefined ? undefined : responseSummary(step.exchange))),
    [steps],
  )
  const lifelines = (
    <span aria-hidden className="pointer-events-none absolute inset-0 grid" style={columns}>
      {lanes.map((lane) => (
        <span key={lane.id} className="mx-auto block w-px bg-slate-300" />
      ))}
    </span>
  )
  return (
    <figure
      aria-label="Sequence diagram"
      className="rounded-lg border border-slate-200 bg-white p-2 shadow-sm sm:p-3"
    >
      <div className="grid grid-cols-[1.5rem_minmax(0,1fr)] gap-x-1">
        <span aria-hidden />
        <div className="grid gap-1 sm:gap-2" style={columns}>
          {lanes.map((lane) => (
            <div key={lane.id} className="min-w-0 text-center">
              <div
                className="rounded-md px-0.5 py-1.5 text-[11px] leading-tight font-semibold hyphens-manual text-white [overflow-wrap:normal] sm:text-sm"
                style={{ background: laneColor[lane.id] }}
              >
                {softHyphens(lane.title)}
              </div>
              <div className="mt-0.5 text-[11px] leading-tight text-slate-600 sm:text-xs">
                {lane.subtitle}
              </div>
            </div>
          ))}
        </div>
      </div>
      <ol className="mt-1" aria-label="Steps taken">
        {steps.length === 0 && (
          <li className="grid grid-cols-[1.5rem_minmax(0,1fr)] gap-x-1">
            <span aria-hidden />
            <span className="relative block py-6 text-center text-sm text-slate-600">
              {lifelines}
              <span className="relative bg-white px-2">Press Next to send the first message.</span>
            </span>
          </li>
        )}
        {steps.map((step, index) => {
          const { from, to, channel } = step.meta
          const answer = answers[index]
          const low = Math.min(column(from), column(to))
          const high = Math.max(column(from), column(to))
          const left = Math.min(center(from), center(to))
          const width = Math.abs(center(to) - center(from))
          const rightward = center(to) >= center(from)
          const current = index === cursor
          const future = index > cursor
          const failed = step.failure !== undefined
          const color = failed ? 'var(--color-fail)' : channelColor[channel]
          const dashed = channel === 'front'
          const labelSpan = { gridColumn: `${low + 1} / ${high + 2}` }
          return (
            <li key={index}>
              <button
                type="button"
                onClick={() => onSelect(index)}
                aria-current={current ? 'step' : undefined}
                className={`grid w-full grid-cols-[1.5rem_minmax(0,1fr)] gap-x-1 rounded bg-(--row-bg) text-left ${
                  current
                    ? 'ring-2 ring-amber-500 [--row-bg:var(--color-amber-50)]'
                    : '[--row-bg:var(--color-white)] hover:[--row-bg:var(--color-slate-100)]'
                }`}
              >
                <span
                  className={`gs-diagram-label pt-1.5 text-center text-xs font-semibold ${future ? 'text-slate-600' : 'text-slate-700'}`}
                >
                  {index + 1}
                </span>
                <span className="relative block py-1">
                  {lifelines}
                  <span className="relative grid" style={columns}>
                    <span className="flex justify-center px-0.5" style={labelSpan}>
                      <span
                        className={`gs-diagram-label max-w-full bg-(--row-bg) px-1 text-center font-mono text-[11px] leading-snug [overflow-wrap:anywhere] ${
                          failed ? 'text-red-800' : future ? 'text-slate-600' : 'text-slate-900'
                        }`}
                      >
                        {failed && <span aria-hidden>✘ </span>}
                        <Wrappable text={step.label} />
                      </span>
                    </span>
                  </span>
                  <Arrow
                    left={left}
                    width={width}
                    rightward={rightward}
                    color={color}
                    dashed={dashed}
                    response={false}
                    animate={current}
                    faded={future}
                  />
                  {answer !== undefined && (
                    <>
                      <Arrow
                        left={left}
                        width={width}
                        rightward={!rightward}
                        color={color}
                        dashed={dashed}
                        response
                        animate={current}
                        faded={future}
                      />
                      <span className="relative grid" style={columns}>
                        <span className="flex justify-center px-0.5" style={labelSpan}>
                          <span
                            className={`gs-diagram-label max-w-full bg-(--row-bg) px-1 text-center font-mono text-[11px] leading-snug [overflow-wrap:anywhere] ${
                              failed ? 'text-red-800' : 'text-slate-700'
                            }`}
                          >
                            {answer}
                          </span>
                        </span>
                      </span>
                    </>
                  )}
                </span>
                <span className="sr-only">
                  {' '}
                  — {step.meta.title}
                  {failed ? ' (failed)' : ''}
                </span>
              </button>
            </li>
          )
        })}
      </ol>
      <figcaption className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700">
        <span className="inline-flex items-center gap-1.5">
          <span
            aria-hidden
            className="inline-block w-6 border-t-2 border-dashed"
            style={{ borderColor: channelColor.front }}
          />
          Front channel (through the browser)
        </span>
        <span className="inline-flex items-center gap-1.5">
          <span
            aria-hidden
            className="inline-block w-6 border-t-2"
            style={{ borderColor: channelColor.back }}
          />
          Back channel (direct)
        </span>
        <span className="inline-flex items-center gap-1.5">
          <span aria-hidden className="inline-block w-6 border-t border-slate-500" />
          Thin arrow with an open head: the response (part of its step)
        </span>
      </figcaption>
    </figure>
  )
}
