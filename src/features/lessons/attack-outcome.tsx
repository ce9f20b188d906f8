import type { AttackVerdict } from '@/flows/step.ts'
import { SpecLinks } from '@/components/spec-link.tsx'

/**
 * The end of an attack lesson: what the attacker got, or which check stopped them with its
 * `error`, and the spec text that requires the defence. Read from the verdict the run computed.
 */
export function AttackOutcome({ verdict, variantTitle }: { verdict: AttackVerdict; variantTitle: string }) {
  const won = verdict.attacker === 'succeeded'
  return (
    <section
      aria-label="Outcome"
      data-testid="attack-outcome"
      data-attacker={verdict.attacker}
      className={`mt-4 rounded-md border-2 p-3 text-sm ${won ? 'border-red-700 bg-red-50 text-red-950' : 'border-emerald-700 bg-emerald-50 text-emerald-950'}`}
    >
      <h3 className="text-base font-bold">
        {won ? 'The attacker got in' : 'The attack was stopped'}{' '}
        <span className="font-normal">({variantTitle} run)</span>
      </h3>
      <p className="mt-1">{verdict.summary}</p>
      {verdict.got !== undefined && verdict.got.length > 0 && (
        <dl className="mt-2 space-y-1">
          {verdict.got.map((item) => (
            <div key={item.name} className="min-w-0">
              <dt className="font-semibold">What the attacker holds: {item.name}</dt>
              <dd className="font-mono text-xs break-all">{item.value}</dd>
              {item.note !== undefined && <dd className="text-xs">{item.note}</dd>}
            </div>
          ))}
        </dl>
      )}
      {verdict.stoppedBy !== undefined && (
        <p className="mt-2">
          Stopped by the {verdict.stoppedBy.who === 'server' ? 'authorization server' : 'client'}’s check{' '}
          <code className="rounded bg-white/70 px-1">{verdict.stoppedBy.check}</code>
          {verdict.stoppedBy.error !== undefined && (
            <>
              {' '}
              with <code className="rounded bg-white/70 px-1">error={verdict.stoppedBy.error}</code>
            </>
          )}
          : {verdict.stoppedBy.summary}
        </p>
      )}
      <blockquote className="mt-2 border-l-4 border-current/40 pl-3 italic">
        “{verdict.rule.quote}”
      </blockquote>
      <p className="mt-1 flex flex-wrap gap-1 text-xs">
        <SpecLinks ids={verdict.rule.refs} />
      </p>
    </section>
  )
}
