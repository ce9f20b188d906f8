import type { Step, StepMeta } from '@/flows/step.ts'
import { CheckList } from '@/components/check-list.tsx'
import { SpecLinks } from '@/components/spec-link.tsx'
import { CopyButton } from '@/components/copy-button.tsx'
import { TermText } from '@/components/term-text.tsx'
import { FlowIntro, type FlowIntroProps } from './flow-intro.tsx'

interface Props {
  readonly step: Step | undefined
  readonly index: number
  readonly variantId: string
  /** Shown before the first step: what the flow is and what will happen. */
  readonly intro: FlowIntroProps
  /** The next step on the main path, if the flow goes on. */
  readonly upNext?: string | undefined
}

function UpNext({ title }: { title: string | undefined }) {
  if (!title) return null
  return (
    <p className="mt-4 border-t border-slate-200 pt-3 text-sm text-slate-700">
      <span className="font-semibold">Up next:</span> {title} — press{' '}
      <kbd className="rounded border border-slate-300 bg-white px-1">Next</kbd> or →
    </p>
  )
}

function Explanation({ meta, variantId }: { meta: StepMeta; variantId: string }) {
  const note = meta.variantNotes?.[variantId]
  // One set across both paragraphs: each term is linked at its first mention only.
  const seen = new Set<string>()
  return (
    <div className="gs-explanation space-y-2 text-[15px] leading-relaxed text-slate-800">
      <p>
        <TermText text={meta.explanation} seen={seen} />
      </p>
      {note && (
        <p className="rounded border-l-4 border-blue-600 bg-blue-50 px-3 py-2">
          <TermText text={note} seen={seen} />
        </p>
      )}
      <p className="flex flex-wrap items-center gap-1 text-xs text-slate-600">
        Spec: <SpecLinks ids={[...meta.refs, ...(meta.variantRefs?.[variantId] ?? [])]} />
      </p>
    </div>
  )
}

/** The step in words: what happens, why, what the client generated and what it checked. */
export function StepDetail({ step, index, variantId, intro, upNext }: Props) {
  if (!step) return <FlowIntro {...intro} />
  return (
    <div className="space-y-4">
      <div>
        <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">
          Step {index + 1} ·{' '}
          {step.meta.channel === 'front'
            ? 'front channel (browser)'
            : step.meta.channel === 'back'
              ? 'back channel (direct)'
              : 'inside the client'}
        </p>
        <h2 id="current-step-title" className="text-xl font-semibold">
          {step.meta.title}
        </h2>
      </div>
      {step.failure && (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">
          <p className="font-semibold">{step.failure.title}</p>
          <p className="mt-1">{step.failure.message}</p>
          {step.failure.hint && <p className="mt-1 text-red-800">What to do: {step.failure.hint}</p>}
          <p className="mt-2">
            <SpecLinks ids={step.failure.refs} />
          </p>
        </div>
      )}
      <Explanation meta={step.meta} variantId={variantId} />
      {step.values.length > 0 && (
        <section aria-label="Values the client generated">
          <h3 className="mb-1 text-sm font-semibold">Values the client generated</h3>
          <dl className="space-y-1.5 text-xs">
            {step.values.map((v) => (
              <div key={v.name} className="rounded border border-slate-200 bg-white p-2">
                <dt className="flex items-center justify-between font-mono font-semibold">
                  {v.name} <CopyButton value={v.value} />
                </dt>
                <dd className="font-mono break-all text-slate-700">{v.value}</dd>
                {v.note && <dd className="text-slate-600">{v.note}</dd>}
              </div>
            ))}
          </dl>
        </section>
      )}
      {step.checks.length > 0 && (
        <section>
          <h3 className="mb-1 text-sm font-semibold">What the client checked</h3>
          <CheckList entries={step.checks} label="Client checks" />
        </section>
      )}
      <UpNext title={upNext} />
    </div>
  )
}
