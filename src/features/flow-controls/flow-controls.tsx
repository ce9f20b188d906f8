import { useEffect, type Ref } from 'react'

interface Props {
  readonly canGoBack: boolean
  readonly canGoNext: boolean
  readonly busy: boolean
  readonly autoplay: boolean
  readonly speedMs: number
  readonly onBack: () => void
  readonly onNext: () => void
  readonly onRestart: () => void
  readonly onAutoplay: (on: boolean) => void
  readonly onSpeed: (ms: number) => void
  readonly position: string
  /** Next, for the shell to give the focus back to when what the user acted on is gone. */
  readonly nextRef?: Ref<HTMLButtonElement>
}

const speeds = [
  { ms: 3000, label: 'Slow' },
  { ms: 1500, label: 'Normal' },
  { ms: 600, label: 'Fast' },
]

/** Next / Back / Restart / Autoplay, with ← and → on the keyboard (ignored while typing). */
export function FlowControls(props: Props) {
  const {
    canGoBack,
    canGoNext,
    busy,
    autoplay,
    speedMs,
    onBack,
    onNext,
    onRestart,
    onAutoplay,
    onSpeed,
    position,
    nextRef,
  } = props
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null
      if (
        e.altKey ||
        e.ctrlKey ||
        e.metaKey ||
        target?.closest('input, textarea, select, [role=tab], [contenteditable]')
      )
        return
      if (e.key === 'ArrowRight') {
        e.preventDefault()
        onNext()
      } else if (e.key === 'ArrowLeft') {
        e.preventDefault()
        onBack()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onNext, onBack])

  // aria-disabled rather than disabled: a focused button that becomes disabled drops keyboard focus
  // to the page, and Next is unavailable for a moment on every request.
  const button =
    'rounded-md px-3 py-1.5 text-sm font-semibold aria-disabled:cursor-not-allowed aria-disabled:opacity-40'
  return (
    <div role="toolbar" aria-label="Step controls" className="flex flex-wrap items-center gap-2">
      <button
        type="button"
        className={`${button} border border-slate-300 bg-white text-slate-800 hover:bg-slate-100`}
        onClick={onBack}
        aria-disabled={!canGoBack}
        aria-keyshortcuts="ArrowLeft"
      >
        Back
      </button>
      <button
        ref={nextRef}
        type="button"
        className={`${button} bg-blue-700 text-white hover:bg-blue-800`}
        onClick={onNext}
        aria-disabled={!canGoNext}
        aria-keyshortcuts="ArrowRight"
      >
        Next
      </button>
      <button
        type="button"
        className={`${button} border border-slate-300 bg-white text-slate-800 hover:bg-slate-100`}
        onClick={onRestart}
      >
        Restart
      </button>
      <button
        type="button"
        aria-pressed={autoplay}
        className={`${button} border ${autoplay ? 'border-amber-500 bg-amber-100 text-amber-900' : 'border-slate-300 bg-white text-slate-800 hover:bg-slate-100'}`}
        onClick={() => onAutoplay(!autoplay)}
      >
        {autoplay ? 'Pause' : 'Autoplay'}
      </button>
      <label className="flex items-center gap-1 text-sm text-slate-700">
        Speed
        <select
          className="rounded border border-slate-300 bg-white px-1 py-1 text-sm"
          value={speedMs}
          onChange={(e) => onSpeed(Number(e.target.value))}
        >
          {speeds.map((s) => (
            <option key={s.ms} value={s.ms}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <span className="text-sm text-slate-600">{busy ? 'Sending…' : position}</span>
    </div>
  )
}
