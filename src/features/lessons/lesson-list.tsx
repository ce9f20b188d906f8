import { lessons } from '@/flows/lessons/lessons.ts'
import { AppLink } from '@/components/navigation.tsx'
import { flowHref } from '@/components/links.ts'

/**
 * "Attack lessons": every lesson with its attack and its defence, each run one click away —
 * "Vulnerable" (a misbehave setting lets the attacker in) or "Hardened" (the RFC 9700 default).
 */
export function LessonList() {
  const sorted = [...lessons].sort((a, b) => (a.lesson?.number ?? 0) - (b.lesson?.number ?? 0))
  return (
    <div className="mx-auto max-w-5xl p-4">
      <h2 className="text-2xl font-bold text-slate-900">Attack lessons</h2>
      <p className="mt-2 max-w-3xl text-slate-700">
        Every check in OAuth exists because of an attack. Each lesson runs a real attack against the bundled
        server, with the attacker as a fifth lane: <strong>Vulnerable</strong> turns one defence off with a
        named misbehave setting of the server or the client, and the attacker gets in;{' '}
        <strong>Hardened</strong> runs with the defaults RFC 9700 asks for, and a real check stops them. Each
        lesson runs on a server of its own in this page, so its settings touch nothing else.
      </p>
      <ol className="mt-4 grid gap-3 md:grid-cols-2">
        {sorted.map((lesson) => (
          <li
            key={lesson.id}
            className="flex flex-col rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
          >
            <h3 className="font-semibold text-slate-900">
              {lesson.lesson?.number}. {lesson.title}
            </h3>
            <p className="mt-1 text-sm text-slate-700">
              <span className="font-medium text-red-800">Attack:</span> {lesson.lesson?.attack}
            </p>
            <p className="mt-1 text-sm text-slate-700">
              <span className="font-medium text-emerald-800">Defence:</span> {lesson.lesson?.defence}
            </p>
            <p className="mt-auto flex flex-wrap gap-2 pt-3">
              {lesson.variants.map((variant) => (
                <AppLink
                  key={variant.id}
                  href={flowHref(lesson.id, variant.id)}
                  aria-label={`${variant.title}: ${lesson.title}`}
                  className={`rounded px-3 py-1.5 text-sm font-medium text-white ${variant.id === 'vulnerable' ? 'bg-red-700 hover:bg-red-800' : 'bg-emerald-700 hover:bg-emerald-800'}`}
                >
                  {variant.title}
                </AppLink>
              ))}
            </p>
          </li>
        ))}
      </ol>
    </div>
  )
}
