import type { SpecRefId } from '@/protocol/spec-refs.ts'
import { SpecLinks } from './spec-link.tsx'

/** Why a legacy grant should not be used, and what replaced it. */
export function CautionNote({
  caution,
}: {
  caution: { readonly title: string; readonly text: string; readonly refs: readonly SpecRefId[] }
}) {
  return (
    <aside
      aria-label="Legacy grant"
      className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
    >
      <p className="font-semibold">{caution.title}</p>
      <p className="mt-1">{caution.text}</p>
      <p className="mt-1 flex flex-wrap gap-1 text-xs">
        <SpecLinks ids={caution.refs} />
      </p>
    </aside>
  )
}
