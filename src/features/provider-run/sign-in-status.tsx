import { useEffect, useState } from 'react'
import type { SignInGiveUp, SignInStatus } from '@/flows/provider/popup-user-agent.ts'

/** After this long without an answer, the likeliest reasons are spelled out. */
const patienceMs = 8000

/**
 * What the real browser is doing while the run waits for the provider. The popup is another
 * origin: this page cannot see its pages, so it says what a long wait most likely means and lets
 * the user report what they see.
 */
export function SignInStatusPanel({
  status,
  onFocus,
  onGiveUp,
}: {
  status: SignInStatus
  onFocus: () => void
  onGiveUp: (reason: SignInGiveUp) => void
}) {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (status.phase !== 'waiting') return
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [status.phase])
  if (status.phase === 'idle') return null
  // Pinned to the viewport: the run waits here, wherever the page is scrolled.
  const pinned =
    'fixed inset-x-2 bottom-2 z-30 shadow-lg sm:inset-x-auto sm:right-4 sm:bottom-4 sm:max-w-md rounded-lg border border-blue-300 bg-blue-50 p-4 text-sm text-blue-950'
  if (status.phase === 'leaving')
    return (
      <div role="status" className={pinned}>
        {status.blocked
          ? 'The browser blocked the popup, so this tab goes to your provider instead. The run is saved for this tab and continues when the provider sends you back.'
          : 'This tab goes to your provider now. The run is saved for this tab and continues when the provider sends you back.'}
      </div>
    )
  const waited = now - (status.since ?? now)
  return (
    <section aria-label="Sign-in window" className={`space-y-2 ${pinned}`}>
      <p role="status" className="font-semibold">
        {status.popupClosed
          ? 'The sign-in window closed (or the provider cut this page off from it). Still listening for its answer…'
          : 'Sign in at your provider in the popup window. The run continues when the provider redirects back.'}
      </p>
      {waited > patienceMs && !status.popupClosed && (
        <p>
          Still on the provider? If it shows an error page instead of a login page, it refused to redirect
          back — almost always an unknown client ID or a redirect URI that is not registered exactly. This
          page cannot read the popup (another origin); the popup names the error.
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        {!status.popupClosed && (
          <button
            type="button"
            onClick={onFocus}
            className="rounded border border-blue-700 bg-white px-3 py-1 font-medium text-blue-800 hover:bg-blue-100"
          >
            Show the sign-in window
          </button>
        )}
        <button
          type="button"
          onClick={() => onGiveUp('error-page')}
          className="rounded border border-red-700 bg-white px-3 py-1 font-medium text-red-800 hover:bg-red-50"
        >
          The sign-in window shows an error
        </button>
        <button
          type="button"
          onClick={() => onGiveUp('closed')}
          className="rounded border border-slate-400 bg-white px-3 py-1 font-medium text-slate-800 hover:bg-slate-100"
        >
          Stop waiting
        </button>
      </div>
    </section>
  )
}
