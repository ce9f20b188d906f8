import { useEffect, useRef, useState } from 'react'
import { SpecLinks } from '@/components/spec-link.tsx'
import {
  channelName,
  parsePresenterMessage,
  presenterKey,
  type PresenterMessage,
} from './presenter-channel.ts'
import type { SpeakerNotes } from './speaker-notes.ts'

/**
 * The speaker-notes window: the step on the projector, in words for the speaker — the explanation,
 * the spec sections and what to point at — with Next and Back, so a clicker aimed at this window
 * still drives the presentation.
 */
export function SpeakerNotesPage({ id }: { id: string }) {
  const [notes, setNotes] = useState<SpeakerNotes>()
  const channel = useRef<BroadcastChannel | undefined>(undefined)

  useEffect(() => {
    const bc = new BroadcastChannel(channelName)
    channel.current = bc
    bc.onmessage = (event: MessageEvent) => {
      const message = parsePresenterMessage(event.data, id)
      if (message?.kind === 'notes') setNotes(message.notes)
    }
    bc.postMessage({ kind: 'hello', id } satisfies PresenterMessage)
    return () => bc.close()
  }, [id])

  useEffect(() => {
    document.title = notes ? `Notes: ${notes.position} — Grantscope` : 'Speaker notes — Grantscope'
  }, [notes])

  const send = (command: 'next' | 'back') =>
    channel.current?.postMessage({ kind: 'command', id, command } satisfies PresenterMessage)

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return
      const action = presenterKey(event.key)
      if (action !== 'next' && action !== 'back') return
      event.preventDefault()
      channel.current?.postMessage({ kind: 'command', id, command: action } satisfies PresenterMessage)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [id])

  const button =
    'rounded-md border border-slate-400 bg-white px-4 py-2 text-lg font-semibold hover:bg-slate-100'
  return (
    <main className="mx-auto max-w-3xl space-y-5 p-6 text-lg leading-relaxed text-slate-900">
      <header className="flex flex-wrap items-center gap-3">
        <h1 className="text-base font-semibold text-slate-700">Speaker notes</h1>
        <span className="text-base text-slate-700" aria-live="polite">
          {notes?.position ?? 'Waiting for the presenter window…'}
        </span>
        <span className="ml-auto flex gap-2">
          <button type="button" className={button} onClick={() => send('back')}>
            Back
          </button>
          <button type="button" className={button} onClick={() => send('next')}>
            Next
          </button>
        </span>
      </header>
      {notes === undefined ? (
        <p>
          Open these notes from the presenter window (Presenter → Speaker notes). They follow the step shown
          there.
        </p>
      ) : (
        <article aria-labelledby="notes-title" className="space-y-4">
          <h2 id="notes-title" className="text-3xl font-bold">
            {notes.title}
          </h2>
          {notes.paragraphs.map((p) => (
            <p key={p}>{p}</p>
          ))}
          {notes.refs.length > 0 && (
            <p className="flex flex-wrap items-center gap-1 text-base">
              Spec: <SpecLinks ids={notes.refs} />
            </p>
          )}
          <section aria-labelledby="point-at">
            <h3 id="point-at" className="text-xl font-semibold">
              Point at
            </h3>
            <ul className="mt-1 list-disc space-y-1 pl-6">
              {notes.pointAt.map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          </section>
          {notes.upNext && (
            <p className="border-t border-slate-300 pt-3">
              <strong>Up next:</strong> {notes.upNext}
            </p>
          )}
        </article>
      )}
    </main>
  )
}
