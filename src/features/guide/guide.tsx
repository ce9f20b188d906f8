import { use, useEffect, useRef } from 'react'
import { findFlow } from '@/flows/catalogue.ts'
import { flowHref, guideHref } from '@/components/links.ts'
import { AppLink, NavigateContext } from '@/components/navigation.tsx'
import { SpecLinks } from '@/components/spec-link.tsx'
import { encodeAnswers, walk, type Answer, type Recommendation } from './guide-logic.ts'

/** The catalogue flow and variant the recommendation runs. */
function runnable(recommendation: Recommendation) {
  const { flow, variant } = findFlow(recommendation.run.flow, recommendation.run.variant ?? null)
  return { flow, variant }
}

function RecommendationCard({ recommendation }: { recommendation: Recommendation }) {
  const navigate = use(NavigateContext)
  const target = runnable(recommendation)
  return (
    <>
      <p className="mt-2 text-[15px] leading-relaxed">{recommendation.summary}</p>
      <h4 className="mt-4 text-sm font-semibold">Why — RFC 9700, OAuth 2.0 Security Best Current Practice</h4>
      <ul className="mt-2 space-y-2">
        {recommendation.reasons.map((reason) => (
          <li key={reason.text} className="flex gap-2 text-sm leading-relaxed">
            <span aria-hidden className="font-bold text-emerald-700">
              ✔
            </span>
            <span>
              {reason.text} <SpecLinks ids={reason.refs} />
            </span>
          </li>
        ))}
      </ul>
      <button
        type="button"
        onClick={() => navigate(flowHref(target.flow.id, target.variant.id))}
        className="mt-5 rounded-md bg-blue-700 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-800"
      >
        Run {target.flow.title} — {target.variant.title}
      </button>
    </>
  )
}

/**
 * "Which grant should I use?": one question at a time, answered Yes or No, ending at the recommended
 * grant with its reasoning and a button that runs it. Every answer is a history entry and a link.
 */
export function Guide({ answers }: { answers: string }) {
  const navigate = use(NavigateContext)
  const state = walk(answers)
  const heading = useRef<HTMLHeadingElement>(null)
  const first = useRef(true)
  const path = encodeAnswers(state.answered)
  useEffect(() => {
    // After an answer the buttons are replaced: the new question (or the answer) takes the focus.
    if (first.current) first.current = false
    else heading.current?.focus()
  }, [path])

  const answer = (value: Answer) => {
    if (state.next.kind !== 'question') return
    const id = state.next.question.id
    navigate(guideHref([path, `${id}:${value}`].filter(Boolean).join(',')))
  }
  const question = state.next.kind === 'question' ? state.next.question : undefined
  const recommendation = state.next.kind === 'recommendation' ? state.next.recommendation : undefined
  return (
    <div className="mx-auto max-w-3xl space-y-4 p-3 sm:p-6">
      <div>
        <h2 className="text-2xl font-semibold">Which grant should I use?</h2>
        <p className="mt-1 text-[15px] text-slate-700">
          A few questions about your app, answered Yes or No, lead to the grant that RFC 9700 (the OAuth 2.0
          security best practice) recommends for it — and you can run it right away.
        </p>
      </div>
      {state.answered.length > 0 && (
        <section
          aria-label="Your answers"
          className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
        >
          <h3 className="text-sm font-semibold">Your answers</h3>
          <ol className="mt-2 space-y-1 text-sm">
            {state.answered.map(({ question: q, answer: a }, i) => (
              <li key={q.id} className="flex flex-wrap items-baseline gap-x-2">
                <span>{q.text}</span>
                <strong className="font-semibold">{a === 'yes' ? 'Yes' : 'No'}</strong>
                <AppLink
                  href={guideHref(encodeAnswers(state.answered.slice(0, i)))}
                  className="text-blue-800 underline underline-offset-2"
                >
                  Change<span className="sr-only"> the answer to “{q.text}”</span>
                </AppLink>
              </li>
            ))}
          </ol>
        </section>
      )}
      <section
        aria-labelledby="guide-current"
        className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6"
      >
        <h3 id="guide-current" ref={heading} tabIndex={-1} className="text-xl font-semibold outline-none">
          {question
            ? `${state.answered.length + 1}. ${question.text}`
            : `Recommended: ${recommendation?.grant}`}
        </h3>
        {question && (
          <>
            <p className="mt-2 text-[15px] leading-relaxed text-slate-700">{question.hint}</p>
            <div className="mt-4 flex gap-3">
              {(['yes', 'no'] as const).map((value) => (
                <button
                  key={value}
                  type="button"
                  onClick={() => answer(value)}
                  className="min-w-20 rounded-md border border-blue-700 bg-white px-4 py-2 text-sm font-semibold text-blue-800 hover:bg-blue-50"
                >
                  {value === 'yes' ? 'Yes' : 'No'}
                </button>
              ))}
            </div>
          </>
        )}
        {recommendation && <RecommendationCard recommendation={recommendation} />}
      </section>
      {state.answered.length > 0 && (
        <p className="text-sm">
          <AppLink href={guideHref()} className="text-blue-800 underline underline-offset-2">
            Start over
          </AppLink>
        </p>
      )}
    </div>
  )
}
