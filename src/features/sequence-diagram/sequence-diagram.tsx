import type { LaneInfo } from '@/flows/catalogue.ts'
import type { Lane, Step } from '@/flows/step.ts'
import { channelColor, laneColor } from '@/components/lane-style.ts'

interface Props {
  readonly lanes: readonly LaneInfo[]
  readonly steps: readonly Step[]
  readonly cursor: number
  readonly onSelect: (index: number) => void
}

/**
 * The exchange as a sequence diagram: one column per role, one arrow per step taken. Dashed arrows
 * travel through the browser (front channel), solid ones go directly between servers (back channel).
 * Everything is derived from the recorded steps. The `gs-diagram-*` classes are hooks for presenter
 * mode, which sets larger real font sizes on them.
 */
export function SequenceDiagram({ lanes, steps, cursor, onSelect }: Props) {
  const column = (lane: Lane) => lanes.findIndex((l) => l.id === lane)
  const center = (lane: Lane) => ((column(lane) + 0.5) / lanes.length) * 100
  return (
    <figure
      aria-label="Sequence diagram"
      className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm"
    >
      <div className="grid gap-2" style={{ gridTemplateColumns: `repeat(${lanes.length}, minmax(0, 1fr))` }}>
        {lanes.map((lane) => (
          <div key={lane.id} className="text-center">
            <div
              className="rounded-md px-1 py-1.5 text-xs font-semibold break-words text-white sm:text-sm"
              style={{ background: laneColor[lane.id] }}
            >
              {lane.title}
            </div>
            <div className="mt-0.5 text-xs text-slate-600">{lane.subtitle}</div>
          </div>
        ))}
      </div>
      <div className="relative mt-2">
        <div
          aria-hidden
          className="pointer-events-none absolute inset-0 grid"
          style={{ gridTemplateColumns: `repeat(${lanes.length}, minmax(0, 1fr))` }}
        >
          {lanes.map((lane) => (
            <div key={lane.id} className="mx-auto w-px bg-slate-300" />
          ))}
        </div>
        <ol className="relative" aria-label="Steps taken">
          {steps.length === 0 && (
            <li className="relative py-6 text-center text-sm text-slate-500">
              Press Next to send the first message.
            </li>
          )}
          {steps.map((step, index) => {
            const { from, to, channel } = step.meta
            const label = step.label
            const left = Math.min(center(from), center(to))
            const width = Math.abs(center(to) - center(from))
            const rightward = center(to) >= center(from)
            const current = index === cursor
            const future = index > cursor
            const color = step.failure ? '#b91c1c' : channelColor[channel]
            return (
              <li key={index} className={`relative ${future ? 'opacity-35' : ''}`}>
                <button
                  type="button"
                  onClick={() => onSelect(index)}
                  aria-current={current ? 'step' : undefined}
                  aria-label={`Step ${index + 1}: ${step.meta.title} (${label})${step.failure ? ' — failed' : ''}`}
                  className={`gs-diagram-row relative block h-12 w-full rounded ${current ? 'bg-amber-50 ring-2 ring-amber-400' : 'hover:bg-slate-50'}`}
                >
                  <span className="gs-diagram-label absolute left-1 top-1 text-[11px] font-semibold text-slate-500">
                    {index + 1}
                  </span>
                  <span
                    title={label}
                    className="gs-diagram-label absolute top-1 truncate px-1 text-center font-mono text-[11px] text-slate-800"
                    style={{ left: `${left}%`, width: `${Math.max(width, 12)}%` }}
                  >
                    {step.failure ? `✘ ${label}` : label}
                  </span>
                  <span
                    key={current ? `current-${index}` : index}
                    className={`gs-diagram-arrow absolute top-7 block h-0 ${current ? 'gs-arrow-enter' : ''}`}
                    style={{
                      left: `${left}%`,
                      width: `${width}%`,
                      borderTop: `2px ${channel === 'front' ? 'dashed' : 'solid'} ${color}`,
                      transformOrigin: rightward ? 'left' : 'right',
                    }}
                  >
                    <span
                      className="absolute -top-[7px] h-0 w-0 border-y-[6px] border-y-transparent"
                      style={
                        rightward
                          ? { right: -2, borderLeft: `9px solid ${color}` }
                          : { left: -2, borderRight: `9px solid ${color}` }
                      }
                    />
                  </span>
                </button>
              </li>
            )
          })}
        </ol>
      </div>
      <figcaption className="mt-2 flex flex-wrap gap-4 text-xs text-slate-600">
        <span className="inline-flex items-center gap-1.5">
          <span
            className="inline-block w-6 border-t-2 border-dashed"
            style={{ borderColor: channelColor.front }}
          />
          Front channel (through the browser)
        </span>
        <span className="inline-flex items-center gap-1.5">
          <span className="inline-block w-6 border-t-2" style={{ borderColor: channelColor.back }} />
          Back channel (direct)
        </span>
      </figcaption>
    </figure>
  )
}
