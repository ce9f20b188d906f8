import type { TraceEntry } from '@/protocol/trace.ts'
import { SpecLinks } from './spec-link.tsx'

const mark = { pass: '✔', fail: '✘', info: 'ℹ' } as const
const tone = { pass: 'text-emerald-700', fail: 'text-red-700', info: 'text-slate-600' } as const
const word = { pass: 'passed', fail: 'failed', info: 'note' } as const

/** A list of checks (the server's trace or the client's own) with their outcome and spec links. */
export function CheckList({ entries, label }: { entries: readonly TraceEntry[]; label: string }) {
  return (
    <ul aria-label={label} className="space-y-1.5">
      {entries.map((entry, i) => (
        <li key={`${entry.check}-${i}`} className="flex gap-2 text-sm leading-snug">
          <span aria-hidden className={`font-bold ${tone[entry.outcome]}`}>
            {mark[entry.outcome]}
          </span>
          <span className="sr-only">{word[entry.outcome]}:</span>
          <span className="min-w-0 flex-1">
            <span className={entry.outcome === 'fail' ? 'font-medium text-red-800' : ''}>
              {entry.summary}
            </span>{' '}
            <code className="text-xs text-slate-500">{entry.check}</code>
            {entry.detail && <span className="block text-xs text-slate-600">{entry.detail}</span>}{' '}
            <SpecLinks ids={entry.refs} />
          </span>
        </li>
      ))}
    </ul>
  )
}
