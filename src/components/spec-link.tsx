import { specRef, type SpecRefId } from '@/protocol/spec-refs.ts'

/** A link to the exact spec section, labelled the way developers cite it. */
export function SpecLink({ id }: { id: SpecRefId }) {
  const ref = specRef(id)
  return (
    <a
      href={ref.url}
      target="_blank"
      rel="noopener noreferrer"
      referrerPolicy="no-referrer"
      title={ref.title}
      className="inline-flex items-center rounded border border-slate-300 bg-white px-1.5 py-0.5 font-mono text-xs text-blue-800 hover:border-blue-500 hover:bg-blue-50"
    >
      {ref.label}
    </a>
  )
}

export function SpecLinks({ ids }: { ids: readonly SpecRefId[] }) {
  if (ids.length === 0) return null
  return (
    <span className="inline-flex flex-wrap gap-1">
      {[...new Set(ids)].map((id) => (
        <SpecLink key={id} id={id} />
      ))}
    </span>
  )
}
