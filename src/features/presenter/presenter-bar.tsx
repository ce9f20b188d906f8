import { useEffect, useMemo, useRef, useState } from 'react'
import './presenter.css'
import {
  channelName,
  parsePresenterMessage,
  presenterKey,
  type PresenterMessage,
} from './presenter-channel.ts'
import { notesFor, type NotesInput } from './speaker-notes.ts'

interface Props {
  readonly notes: NotesInput
  /** "Step 3 of 10", for the presenter's eyes. */
  readonly position: string
  readonly onNext: () => void
  readonly onBack: () => void
  readonly onExit: () => void
  readonly contrast: boolean
  readonly onContrast: (on: boolean) => void
  readonly showHttp: boolean
  readonly onShowHttp: (on: boolean) => void
}

/**
 * One notes channel per page, not per mount: choosing another flow remounts the bar, and the notes
 * window opened before must keep following.
 */
const channelId = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) =>
  b.toString(16).padStart(2, '0'),
).join('')

/** Keys typed into a field (or a select) are the field's, not the presentation's. */
const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && target.closest('input, textarea, select, [contenteditable]') !== null

function useFullscreen(): [boolean, () => void] {
  const [on, setOn] = useState(() => document.fullscreenElement !== null)
  useEffect(() => {
    const sync = () => setOn(document.fullscreenElement !== null)
    document.addEventListener('fullscreenchange', sync)
    return () => document.removeEventListener('fullscreenchange', sync)
  }, [])
  const toggle = () => {
    const request = document.fullscreenElement
      ? document.exitFullscreen()
      : document.documentElement.requestFullscreen()
    request.catch(() => undefined) // refused (e.g. inside a frame without allow="fullscreen"): stay as is
  }
  return [on, toggle]
}

/**
 * Presenter mode's controls: leave presenter mode, projector contrast, full screen, the HTTP panel,
 * speaker notes in a second window, and a blank screen. Keys: PageDown / ↓ / Space next, PageUp / ↑
 * back (what presentation clickers send), B or . blanks, Escape shows the screen again.
 */
export function PresenterBar(props: Props) {
  const { notes: input, position, onNext, onBack, onExit, contrast, onContrast, showHttp, onShowHttp } = props
  const [blank, setBlank] = useState(false)
  const [fullscreen, toggleFullscreen] = useFullscreen()
  const id = channelId
  const notes = useMemo(() => notesFor(input), [input])
  const channel = useRef<BroadcastChannel | undefined>(undefined)
  const actions = useRef({ onNext, onBack })
  useEffect(() => {
    actions.current = { onNext, onBack }
  })

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return
      const action = presenterKey(event.key)
      if (action === undefined || (action === 'unblank' && !blank)) return
      // Space and PageDown would scroll the page or press the focused button: here they only step.
      event.preventDefault()
      event.stopPropagation()
      if (action === 'next') actions.current.onNext()
      else if (action === 'back') actions.current.onBack()
      else if (action === 'blank') setBlank((b) => !b)
      else setBlank(false)
    }
    window.addEventListener('keydown', onKey, { capture: true })
    return () => window.removeEventListener('keydown', onKey, { capture: true })
  }, [blank])

  const latest = useRef(notes)
  useEffect(() => {
    latest.current = notes
    const message: PresenterMessage = { kind: 'notes', id, notes }
    channel.current?.postMessage(message)
  }, [id, notes])

  useEffect(() => {
    const bc = new BroadcastChannel(channelName)
    channel.current = bc
    bc.onmessage = (event: MessageEvent) => {
      const message = parsePresenterMessage(event.data, id)
      if (message?.kind === 'hello')
        bc.postMessage({ kind: 'notes', id, notes: latest.current } satisfies PresenterMessage)
      if (message?.kind === 'command')
        (message.command === 'next' ? actions.current.onNext : actions.current.onBack)()
    }
    return () => {
      bc.close()
      channel.current = undefined
    }
  }, [id])

  const openNotes = () => {
    const url = new URL(window.location.href)
    url.search = ''
    url.hash = ''
    url.searchParams.set('notes', id)
    window.open(url.href, `grantscope-notes-${id}`, 'popup,width=760,height=900')
  }

  // The bar's own type stays small and fixed: it is for the presenter, the room reads the stage.
  const button =
    'rounded border border-slate-400 bg-white px-2 py-1 text-[13px] leading-5 font-semibold text-slate-900 hover:bg-slate-100 aria-pressed:border-slate-900 aria-pressed:bg-slate-900 aria-pressed:text-white'
  return (
    <>
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-300 bg-white px-3 py-1.5 text-[13px] leading-5">
        <h1 className="min-w-0 truncate font-bold text-blue-950">
          {input.flowTitle} <span className="font-normal text-slate-700">— {input.variantTitle}</span>
        </h1>
        <div role="toolbar" aria-label="Step controls" className="flex items-center gap-1.5">
          <button type="button" className={button} onClick={onBack} aria-keyshortcuts="PageUp ArrowLeft">
            Back
          </button>
          <button
            type="button"
            className={button}
            onClick={onNext}
            aria-keyshortcuts="PageDown ArrowRight Space"
          >
            Next
          </button>
          <span className="text-slate-700" aria-live="polite">
            {position}
          </span>
        </div>
        <div role="toolbar" aria-label="Presenter" className="ml-auto flex flex-wrap items-center gap-1.5">
          <button type="button" aria-pressed className={button} onClick={onExit}>
            Presenter
          </button>
          <button
            type="button"
            aria-pressed={contrast}
            className={button}
            onClick={() => onContrast(!contrast)}
          >
            High contrast
          </button>
          <button
            type="button"
            aria-pressed={showHttp}
            className={button}
            onClick={() => onShowHttp(!showHttp)}
          >
            HTTP panel
          </button>
          <button type="button" aria-pressed={fullscreen} className={button} onClick={toggleFullscreen}>
            Full screen
          </button>
          <button type="button" className={button} onClick={openNotes}>
            Speaker notes
          </button>
          <button type="button" className={button} onClick={() => setBlank(true)} aria-keyshortcuts="B">
            Blank
          </button>
        </div>
      </header>
      {blank && (
        <div
          role="dialog"
          aria-modal="true"
          aria-label="Screen blanked"
          tabIndex={-1}
          ref={(el) => el?.focus()}
          onClick={() => setBlank(false)}
          className="fixed inset-0 z-50 bg-black"
        >
          <p className="sr-only">The screen is blank. Press B or Escape to show it again.</p>
        </div>
      )}
    </>
  )
}
