import { TermText } from '@/components/term-text.tsx'

export interface FlowIntroProps {
  readonly title: string
  readonly summary: string
  /** The step titles on the flow's main path (the catalogue's outline, equal to the machine's plan). */
  readonly outline: readonly string[]
  /** One sentence on which server answers the requests. */
  readonly server: string
}

/**
 * What the flow is and what will happen, before the first step. Light on purpose: the first screen
 * paints it from the catalogue at once, while the machine and the server load.
 */
export function FlowIntro({ title, summary, outline, server }: FlowIntroProps) {
  return (
    <div className="space-y-3">
      <h2 id="current-step-title" className="text-xl font-semibold">
        {title}
      </h2>
      <p className="text-[15px] leading-relaxed">
        <TermText text={summary} />
      </p>
      <p className="text-sm text-slate-700">What will happen:</p>
      <ol className="list-decimal space-y-1 pl-6 text-sm text-slate-800">
        {outline.map((stepTitle) => (
          <li key={stepTitle}>{stepTitle}</li>
        ))}
      </ol>
      <p className="text-sm text-slate-700">
        Press <kbd className="rounded border border-slate-300 bg-white px-1">Next</kbd> (or the → key) to send
        the first request. Every request is real: {server}
      </p>
    </div>
  )
}
