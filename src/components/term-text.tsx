import { useCallback, useEffect, useId, useRef, useState, type CSSProperties } from 'react'
import { findTerms, type GlossaryTerm } from '@/protocol/glossary-terms.ts'
import { specRef } from '@/protocol/spec-refs.ts'
import { glossaryHref } from './links.ts'
import { AppLink } from './navigation.tsx'

const cardWidth = 320
const margin = 8

/** Where the card goes: below the term (above when there is no room), never past the screen's edges. */
function placeCard(anchor: DOMRect, height: number): CSSProperties {
  const width = Math.min(cardWidth, window.innerWidth - 2 * margin)
  const left = Math.min(Math.max(anchor.left, margin), window.innerWidth - width - margin)
  const below = anchor.bottom + 6
  const top =
    below + height > window.innerHeight && anchor.top - height - 6 > 0 ? anchor.top - height - 6 : below
  return { position: 'fixed', left, top, width }
}

/**
 * A glossary term inside a sentence: a link to its Glossary entry that shows a card with the plain
 * meaning on hover and on keyboard focus (WCAG 1.4.13: it stays while hovered, Escape dismisses it).
 * Screen readers get the meaning as the link's description.
 */
export function TermLink({ term, text }: { term: GlossaryTerm; text: string }) {
  const id = useId()
  const anchor = useRef<HTMLAnchorElement>(null)
  const card = useRef<HTMLSpanElement>(null)
  const [open, setOpen] = useState(false)
  // Leaving the term for the card crosses a small gap: closing waits a moment (WCAG 1.4.13 hoverable).
  const closing = useRef<ReturnType<typeof setTimeout>>(undefined)
  const show = () => {
    clearTimeout(closing.current)
    setOpen(true)
  }
  const hide = (delay: number) => {
    clearTimeout(closing.current)
    closing.current = setTimeout(() => setOpen(false), delay)
  }
  useEffect(() => () => clearTimeout(closing.current), [])
  const [style, setStyle] = useState<CSSProperties>({ position: 'fixed', visibility: 'hidden' })
  const place = useCallback(() => {
    const rect = anchor.current?.getBoundingClientRect()
    if (rect) setStyle(placeCard(rect, card.current?.offsetHeight ?? 120))
  }, [])
  useEffect(() => {
    if (!open) return
    place()
    const close = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false)
    }
    window.addEventListener('keydown', close)
    window.addEventListener('scroll', place, true)
    window.addEventListener('resize', place)
    return () => {
      window.removeEventListener('keydown', close)
      window.removeEventListener('scroll', place, true)
      window.removeEventListener('resize', place)
    }
  }, [open, place])
  const ref = specRef(term.ref)
  return (
    <span onMouseEnter={show} onMouseLeave={() => hide(200)}>
      <AppLink
        ref={anchor}
        href={glossaryHref(term.id)}
        aria-describedby={id}
        onFocus={show}
        onBlur={() => hide(0)}
        className="gs-term rounded-sm underline decoration-blue-700 decoration-dotted decoration-2 underline-offset-3 hover:decoration-solid"
      >
        {text}
      </AppLink>
      <span
        ref={card}
        id={id}
        role="tooltip"
        hidden={!open}
        style={style}
        className="z-30 block rounded-md border border-slate-300 bg-white p-3 text-left text-sm leading-snug font-normal text-slate-800 shadow-lg"
      >
        <span className="block font-semibold text-slate-900">{term.term}</span>
        <span className="mt-1 block">{term.plain}</span>
        <span className="mt-1 block text-xs text-slate-600">
          {ref.label} · {ref.title}. Open the term for its Glossary entry.
        </span>
      </span>
    </span>
  )
}

/**
 * Text with every glossary term it mentions linked (the first mention of each). `seen` carries
 * the terms already linked across the paragraphs of one explanation.
 */
export function TermText({ text, seen }: { text: string; seen?: Set<string> }) {
  return (
    <>
      {findTerms(text, undefined, seen).map((segment, i) =>
        segment.kind === 'text' ? segment.text : <TermLink key={i} term={segment.term} text={segment.text} />,
      )}
    </>
  )
}
