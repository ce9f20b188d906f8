import { useEffect, useId, useRef, useState } from 'react'
import { glossaryTerm, glossaryTerms, type GlossaryTerm } from '@/protocol/glossary-terms.ts'
import { glossaryHref } from '@/components/links.ts'
import { AppLink } from '@/components/navigation.tsx'
import { SpecLink } from '@/components/spec-link.tsx'

const byName = [...glossaryTerms].sort((a, b) => a.term.localeCompare(b.term, 'en', { sensitivity: 'base' }))

const matches = (term: GlossaryTerm, filter: string) => {
  const needle = filter.trim().toLowerCase()
  if (needle === '') return true
  return [term.term, ...(term.aliases ?? []), term.plain].some((text) => text.toLowerCase().includes(needle))
}

function Entry({ term, selected }: { term: GlossaryTerm; selected: boolean }) {
  const ref = useRef<HTMLElement>(null)
  useEffect(() => {
    // Opened at this term (a link from an explanation, or a related term): show it and put the focus on it.
    if (!selected) return
    ref.current?.scrollIntoView({ block: 'start' })
    ref.current?.focus({ preventScroll: true })
  }, [selected])
  const spellings = term.aliases?.filter(
    (a) => !a.includes('_') && a.toLowerCase() !== `${term.term}s`.toLowerCase(),
  )
  return (
    <article
      ref={ref}
      id={`term-${term.id}`}
      tabIndex={-1}
      aria-labelledby={`term-${term.id}-name`}
      className={`scroll-mt-4 rounded-lg border p-4 outline-none focus-visible:ring-2 focus-visible:ring-blue-600 ${
        selected ? 'border-amber-500 bg-amber-50' : 'border-slate-200 bg-white'
      }`}
    >
      <h3 id={`term-${term.id}-name`} className="text-lg font-semibold">
        {term.term}
      </h3>
      {spellings && spellings.length > 0 && (
        <p className="text-xs text-slate-600">Also: {spellings.join(', ')}</p>
      )}
      <p className="mt-1 text-[15px] leading-relaxed">{term.plain}</p>
      {term.example && (
        <p className="mt-1 text-sm text-slate-700">
          <span className="font-semibold">Here:</span> {term.example}
        </p>
      )}
      <p className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <span className="inline-flex items-center gap-1">
          Spec: <SpecLink id={term.ref} />
        </span>
        {term.related && term.related.length > 0 && (
          <span>
            See also:{' '}
            {term.related.map((id, i) => {
              const other = glossaryTerm(id)
              return other === undefined ? null : (
                <span key={id}>
                  {i > 0 && ', '}
                  <AppLink href={glossaryHref(id)} className="text-blue-800 underline underline-offset-2">
                    {other.term}
                  </AppLink>
                </span>
              )
            })}
          </span>
        )}
      </p>
    </article>
  )
}

/** The jargon in plain language, each term with the spec section that defines it. */
export function Glossary({ term }: { term: string }) {
  const [filter, setFilter] = useState('')
  const filterId = useId()
  const shown = byName.filter((t) => t.id === term || matches(t, filter))
  const unknown = term !== '' && glossaryTerm(term) === undefined
  return (
    <div className="mx-auto max-w-3xl space-y-4 p-3 sm:p-6">
      <div>
        <h2 className="text-2xl font-semibold">Glossary</h2>
        <p className="mt-1 text-[15px] text-slate-700">
          The words OAuth and OpenID Connect use, in plain language, each with the section of the
          specification that defines it. In the step explanations every one of these terms is a link: hover it
          or focus it for the short meaning.
        </p>
      </div>
      {unknown && (
        <p
          role="alert"
          className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950"
        >
          This link asks for the term “{term}”, which the Glossary does not have. Here are all the terms.
        </p>
      )}
      <div>
        <label htmlFor={filterId} className="block text-sm font-medium">
          Filter terms
        </label>
        <input
          id={filterId}
          type="search"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          className="mt-1 w-full max-w-sm rounded border border-slate-400 bg-white px-2 py-1.5"
        />
        <p role="status" className="mt-1 text-xs text-slate-600">
          {shown.length === glossaryTerms.length
            ? `${shown.length} terms`
            : `${shown.length} of ${glossaryTerms.length} terms`}
        </p>
      </div>
      <div className="space-y-3">
        {shown.map((t) => (
          <Entry key={t.id} term={t} selected={t.id === term} />
        ))}
      </div>
    </div>
  )
}
