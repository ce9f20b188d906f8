import { Suspense, useEffect, useRef, useState, type ReactNode } from 'react'

/**
 * A button that opens a modal dialog whose content loads on first open (pass a `React.lazy`
 * component as `children`), so panels the learner may never open cost the first screen nothing.
 * Escape, the Close button and a click outside close it.
 */
export function LazyDialogButton({
  label,
  title,
  children,
}: {
  label: string
  title: string
  children: ReactNode
}) {
  const [open, setOpen] = useState(false)
  const dialog = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const element = dialog.current
    if (element === null) return
    if (open && !element.open) element.showModal?.()
    if (!open && element.open) element.close?.()
  }, [open])
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="min-h-6 rounded border border-slate-300 bg-white px-2 py-0.5 text-xs font-medium text-slate-700 hover:bg-slate-100"
      >
        {label}
      </button>
      <dialog
        ref={dialog}
        aria-label={title}
        onClose={() => setOpen(false)}
        onClick={(event) => {
          if (event.target === dialog.current) setOpen(false)
        }}
        className="m-auto h-[min(52rem,calc(100dvh-1rem))] w-[min(64rem,calc(100vw-1rem))] max-w-none overflow-hidden rounded-lg border border-slate-300 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40"
      >
        {open && (
          <div className="flex h-full flex-col">
            <header className="flex items-center justify-between gap-2 border-b border-slate-200 px-4 py-2">
              <h2 className="text-base font-semibold">{title}</h2>
              <button
                type="button"
                onClick={() => setOpen(false)}
                className="min-h-6 rounded border border-slate-300 px-2 py-0.5 text-sm hover:bg-slate-100"
              >
                Close
              </button>
            </header>
            <div className="min-h-0 flex-1 overflow-y-auto px-4 py-3">
              <Suspense fallback={<p className="text-sm text-slate-600">Loading…</p>}>{children}</Suspense>
            </div>
          </div>
        )}
      </dialog>
    </>
  )
}
