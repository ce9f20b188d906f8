import type { TraceEntry } from '@/protocol/trace.ts'
import { CheckList } from '@/components/check-list.tsx'

/** The server's reasoning for one request: every check it ran, in order, with spec references. */
export function ServerTrace({
  trace,
  emptyNote,
}: {
  trace: readonly TraceEntry[]
  emptyNote?: string | undefined
}) {
  if (trace.length === 0)
    return (
      <p className="text-sm text-slate-600">
        {emptyNote ?? 'No server took part in this step, so there is no server reasoning to show.'}
      </p>
    )
  return <CheckList entries={trace} label="Server decisions" />
}
