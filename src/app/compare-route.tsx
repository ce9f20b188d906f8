import { useEffect, useState, useSyncExternalStore } from 'react'
import { useQuery } from '@tanstack/react-query'
import { flows } from '@/flows/catalogue.ts'
import { CompareView, type ComparedRun } from '@/features/compare/compare-view.tsx'
import {
  allSides,
  parseCompare,
  sideId,
  suggestedPairs,
  type Side,
} from '@/features/compare/compare-pairs.ts'
import { FlowSession } from './flow-session.ts'
import { createInPageRuntime } from './runtime.ts'

/** As many steps as any flow may take: fast-forwarding stops at the end of the flow anyway. */
const allSteps = 50

const idle = () => () => {}
const noView = () => undefined

function useRun(side: Side, session: FlowSession | undefined): ComparedRun {
  const view = useSyncExternalStore(session?.subscribe ?? idle, session?.getView ?? noView)
  const state = view?.state
  return {
    side,
    steps: state?.steps ?? [],
    status: state === undefined || state.status === 'active' ? 'running' : state.failed ? 'failed' : 'done',
  }
}

/**
 * Wires a comparison: both flows run as two sessions against the one in-page server, each with its
 * own browser, the demo user answering every page, to the end.
 */
export function CompareRoute({ value }: { value: string }) {
  const { left, right, unknown } = parseCompare(value, flows)
  const runtime = useQuery({
    queryKey: ['in-page-runtime'],
    queryFn: () => createInPageRuntime(window.location.origin),
  })
  const leftDefinition = useQuery({ queryKey: ['flow-definition', left.flow.id], queryFn: left.flow.load })
  const rightDefinition = useQuery({ queryKey: ['flow-definition', right.flow.id], queryFn: right.flow.load })
  const [sessions, setSessions] = useState<readonly [FlowSession, FlowSession]>()
  useEffect(() => {
    if (!runtime.data || !leftDefinition.data || !rightDefinition.data) return
    const { transport, clock, origin } = runtime.data
    const start = (side: Side, definition: NonNullable<typeof leftDefinition.data>) => {
      const session = new FlowSession({
        definition,
        input: { config: side.variant.config(origin), variant: side.variant.id },
        transport,
        clock,
      })
      void session.fastForward(allSteps)
      return session
    }
    const pair = [start(left, leftDefinition.data), start(right, rightDefinition.data)] as const
    // eslint-disable-next-line react-hooks/set-state-in-effect -- publishing the sessions this effect owns
    setSessions(pair)
    return () => {
      pair[0].dispose()
      pair[1].dispose()
    }
    // The sides are recreated on every render; their ids say when they change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [runtime.data, leftDefinition.data, rightDefinition.data, sideId(left), sideId(right)])

  const leftRun = useRun(left, sessions?.[0])
  const rightRun = useRun(right, sessions?.[1])
  const error = runtime.error ?? leftDefinition.error ?? rightDefinition.error
  if (error)
    return (
      <div role="alert" className="m-6 rounded border border-red-300 bg-red-50 p-4 text-red-900">
        The comparison could not start: {String(error)}. Reload the page to try again.
      </div>
    )
  return (
    <CompareView
      left={leftRun}
      right={rightRun}
      sides={allSides(flows)}
      pairs={suggestedPairs(flows)}
      unknown={unknown}
    />
  )
}
