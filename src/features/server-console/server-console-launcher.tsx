import { lazy, Suspense, useState } from 'react'

// The console (EventSource, the exchange views) loads only when someone opens it.
const ServerConsolePanel = lazy(() =>
  import('./server-console-panel.tsx').then((m) => ({ default: m.ServerConsolePanel })),
)

interface Props {
  /** Whether the Node server of `npm start` served this page on loopback (the console exists). */
  readonly available: boolean
  /** Whether the playground's own flows run against that Node server right now. */
  readonly playgroundOnNode: boolean
}

/** The "Server console" button, and the console it opens at the bottom of the window. */
export function ServerConsoleLauncher({ available, playgroundOnNode }: Props) {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button
        type="button"
        aria-expanded={open}
        aria-controls="server-console"
        onClick={() => setOpen((o) => !o)}
        className="rounded-md border border-slate-300 bg-white px-3 py-1 text-sm font-semibold text-slate-800 hover:bg-slate-100"
      >
        Server console
      </button>
      {open && (
        <Suspense fallback={null}>
          <ServerConsolePanel
            available={available}
            playgroundOnNode={playgroundOnNode}
            onClose={() => setOpen(false)}
          />
        </Suspense>
      )}
    </>
  )
}
