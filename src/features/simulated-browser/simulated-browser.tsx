import { useEffect, useRef } from 'react'
import { submitForm, type FormSubmission } from '@/protocol/html-form.ts'

interface Props {
  /** Whose browser this is (the lane's title), shown in the window's title bar. */
  readonly title?: string | undefined
  /** What the address bar shows. */
  readonly url: string | undefined
  /** The authorization server's page (its own HTML), if the browser is showing one. */
  readonly html: string | undefined
  readonly status?: number | undefined
  /** Whether the page is live: forms can be submitted. Past pages are shown read-only. */
  readonly interactive: boolean
  readonly onSubmit: (submission: FormSubmission) => void
  readonly note?: string | undefined
  /** Asked when the page loads: whether its first field takes the focus (the user just answered). */
  readonly takeFocus?: () => boolean
}

/** Sets the frame's height to the height of the page inside it, at the frame's current width. */
function fitToPage(iframe: HTMLIFrameElement): void {
  const body = iframe.contentDocument?.body
  if (!body) return
  const view = iframe.contentWindow
  let height = 0
  for (const child of Array.from(body.children)) {
    const style = view?.getComputedStyle(child)
    height +=
      child.getBoundingClientRect().height +
      Number.parseFloat(style?.marginTop ?? '0') +
      Number.parseFloat(style?.marginBottom ?? '0')
  }
  const next = `${Math.max(Math.ceil(height), 160)}px`
  if (iframe.style.height !== next) iframe.style.height = next
}

/**
 * A browser window inside the playground. The authorization server's real HTML is rendered in a
 * sandboxed frame without scripts; a submitted form becomes a request that the flow sends through
 * the same transport as everything else, so each hop is a recorded step.
 */
export function SimulatedBrowser({
  title,
  url,
  html,
  status,
  interactive,
  onSubmit,
  note,
  takeFocus,
}: Props) {
  const frame = useRef<HTMLIFrameElement>(null)
  const latest = useRef({ onSubmit, interactive, url, takeFocus })
  useEffect(() => {
    latest.current = { onSubmit, interactive, url, takeFocus }
  })

  // Attached from the frame's own load event (React sets onLoad before the srcdoc can load), so no
  // form is ever submitted for real: every submission becomes a request the flow sends and records.
  const onLoad = () => {
    const iframe = frame.current
    const doc = iframe?.contentDocument
    if (!iframe || !doc) return
    doc.addEventListener('submit', (event) => {
      event.preventDefault()
      const { interactive: live, onSubmit: submit, url: pageUrl } = latest.current
      if (!live || pageUrl === undefined) return
      submit(submitForm(event.target as HTMLFormElement, event.submitter, pageUrl))
    })
    fitToPage(iframe)
    if (latest.current.interactive && latest.current.takeFocus?.())
      doc.querySelector<HTMLElement>('input:not([type=hidden]), select, textarea, button')?.focus()
  }

  // The window is as tall as the page at its current width, so a consent page's Allow and Deny are
  // never cut off; a narrower window (a phone, a zoomed screen) makes the page taller.
  useEffect(() => {
    const iframe = frame.current
    if (!iframe || typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(() => fitToPage(iframe))
    observer.observe(iframe)
    return () => observer.disconnect()
  }, [html])

  const secure = url?.startsWith('https:')
  return (
    <section
      aria-label={title === undefined ? 'Simulated browser' : `Simulated browser: ${title}`}
      className="overflow-hidden rounded-lg border border-slate-300 bg-white shadow-sm"
    >
      <div className="flex items-center gap-2 border-b border-slate-200 bg-slate-100 px-3 py-2">
        <span aria-hidden className="flex gap-1">
          <span className="h-2.5 w-2.5 rounded-full bg-red-400" />
          <span className="h-2.5 w-2.5 rounded-full bg-amber-400" />
          <span className="h-2.5 w-2.5 rounded-full bg-emerald-400" />
        </span>
        {title !== undefined && (
          <span className="hidden text-xs font-semibold text-slate-600 sm:inline">{title}</span>
        )}
        <label className="flex min-w-0 flex-1 items-center gap-1 rounded bg-white px-2 py-1 font-mono text-xs text-slate-800 ring-1 ring-slate-300">
          <span className="sr-only">Address bar</span>
          {secure ? (
            <svg aria-label="Secure connection" viewBox="0 0 16 16" className="h-3 w-3 fill-slate-600">
              <path d="M4 7V5a4 4 0 1 1 8 0v2h1v8H3V7h1zm2 0h4V5a2 2 0 1 0-4 0v2z" />
            </svg>
          ) : (
            <span className="font-sans text-[10px] text-slate-500">http</span>
          )}
          <input
            readOnly
            value={url ?? 'about:blank'}
            className="min-w-0 flex-1 bg-transparent outline-none"
            aria-label="Address"
          />
        </label>
        {status !== undefined && <span className="text-xs text-slate-600">{status}</span>}
      </div>
      {html !== undefined && !interactive && (
        <p className="flex items-center gap-2 border-b border-slate-200 bg-slate-100 px-3 py-1.5 text-xs text-slate-800">
          <span aria-hidden>⏺</span>
          <span>
            <strong className="font-semibold">Recorded page, read-only.</strong> This is the page as the
            browser showed it at this step; it cannot be used again.
          </span>
        </p>
      )}
      {html !== undefined ? (
        <iframe
          ref={frame}
          title="Simulated browser"
          // Never allow-scripts: the frame is same-origin with the app, so scripts would be full XSS.
          sandbox="allow-same-origin allow-forms"
          onLoad={onLoad}
          inert={!interactive}
          srcDoc={html}
          className="block h-96 w-full bg-white"
        />
      ) : (
        <div className="flex h-24 items-center justify-center px-4 text-center text-sm text-slate-600">
          {note ?? 'The browser is not showing an authorization server page right now.'}
        </div>
      )}
      {html !== undefined && note && (
        <p className="border-t border-slate-200 bg-amber-50 px-3 py-1.5 text-xs text-amber-900">{note}</p>
      )}
    </section>
  )
}
