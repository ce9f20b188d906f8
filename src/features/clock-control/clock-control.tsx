import { useEffect, useState, useSyncExternalStore } from 'react'

/** The clock as this control needs it. */
export interface ControlledClock {
  readonly now: () => number
  readonly advance: (milliseconds: number) => void
  readonly skipped: number
  readonly subscribe: (listener: () => void) => () => void
}

const skips = [
  { label: '+1 min', ms: 60_000 },
  { label: '+10 min', ms: 600_000 },
  { label: '+1 h', ms: 3_600_000 },
]

function duration(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`
  const minutes = Math.round(ms / 60_000)
  if (minutes < 60) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`
}

const two = (n: number) => String(n).padStart(2, '0')

/**
 * The local time as HH:MM:SS. Written out rather than with `toLocaleTimeString`, whose first call
 * loads the locale data: about 100 ms of main thread on a phone, in the middle of the first screen.
 */
export function clockTime(ms: number): string {
  const d = new Date(ms)
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`
}

/** Re-renders every second, so the time on screen runs. */
function useTicking(clock: ControlledClock): number {
  const [, setTick] = useState(0)
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), 1000)
    return () => clearInterval(timer)
  }, [])
  useSyncExternalStore(clock.subscribe, () => clock.skipped)
  return clock.now()
}

/**
 * The time the client and the bundled server share, and buttons that skip it ahead, so a code or a
 * token expires while the learner watches.
 */
export function ClockControl({ clock }: { clock: ControlledClock }) {
  const now = useTicking(clock)
  return (
    <div role="group" aria-label="Clock" className="flex flex-wrap items-center gap-2 text-sm">
      <span className="text-slate-700">
        Time{' '}
        <time dateTime={new Date(now).toISOString()} className="font-mono font-semibold">
          {clockTime(now)}
        </time>
        {clock.skipped > 0 && <span className="text-slate-600"> ({duration(clock.skipped)} ahead)</span>}
      </span>
      <SkipButtons onSkip={(ms) => clock.advance(ms)} />
    </div>
  )
}

function SkipButtons({ onSkip }: { onSkip?: (ms: number) => void }) {
  return (
    <>
      <span className="sr-only">Skip ahead:</span>
      {skips.map((skip) => (
        <button
          key={skip.label}
          type="button"
          disabled={onSkip === undefined}
          onClick={() => onSkip?.(skip.ms)}
          aria-label={`Skip ahead ${skip.label.slice(1)}`}
          className="min-h-6 rounded border border-slate-300 bg-white px-2 py-0.5 text-xs enabled:hover:bg-slate-100 disabled:text-slate-500"
        >
          {skip.label}
        </button>
      ))}
    </>
  )
}

/**
 * The clock as the first screen shows it before the playground has one: the same shape, so nothing
 * moves when the real clock takes its place, with the time still unknown and the buttons not yet usable.
 */
export function ClockPlaceholder() {
  return (
    <div role="group" aria-label="Clock" className="flex flex-wrap items-center gap-2 text-sm">
      <span className="text-slate-700">
        Time <span className="font-mono font-semibold">--:--:--</span>
      </span>
      <SkipButtons />
    </div>
  )
}
