import type { FlowDescriptor, FlowVariant, LessonInfo } from '@/flows/catalogue.ts'
import { AppLink } from '@/components/navigation.tsx'
import { flowHref, lessonsHref } from '@/components/links.ts'

/** Above an attack lesson's diagram: which run this is, the attack, and the way to the other run. */
export function LessonNote({
  flow,
  lesson,
  variant,
}: {
  flow: FlowDescriptor
  lesson: LessonInfo
  variant: Pick<FlowVariant, 'id' | 'title' | 'summary'>
}) {
  const vulnerable = variant.id === 'vulnerable'
  const other = flow.variants.find((v) => v.id !== variant.id)
  return (
    <aside
      aria-label="Attack lesson"
      className={`rounded-lg border p-3 text-sm ${vulnerable ? 'border-red-300 bg-red-50 text-red-950' : 'border-emerald-300 bg-emerald-50 text-emerald-950'}`}
    >
      <p className="font-semibold">
        Attack lesson {lesson.number}: {flow.title} — {variant.title} run
      </p>
      <p className="mt-1">
        <span className="font-medium">The attack:</span> {lesson.attack}
      </p>
      <p className="mt-1">
        <span className="font-medium">{vulnerable ? 'This run:' : 'The defence:'}</span>{' '}
        {vulnerable ? variant.summary : lesson.defence}
      </p>
      <p className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
        {other !== undefined && (
          <AppLink className="font-medium underline" href={flowHref(flow.id, other.id)}>
            Run it {other.title.toLowerCase()}
          </AppLink>
        )}
        <AppLink className="underline" href={lessonsHref()}>
          All attack lessons
        </AppLink>
      </p>
    </aside>
  )
}
