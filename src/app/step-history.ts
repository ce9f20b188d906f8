import { useEffect, useRef } from 'react'
import { findFlow } from '@/flows/catalogue.ts'
import type { FlowSession, SessionView } from './flow-session.ts'
import { readRoute, urlFor, writeUrl } from './url-state.ts'

/**
 * One history entry per step, so the browser's Back and Forward buttons move between steps instead
 * of leaving the playground; the address always names the step shown, so it can be shared.
 */
export function useStepHistory(
  session: FlowSession,
  flowId: string,
  variantId: string,
  view: Pick<SessionView, 'cursor' | 'seeking'>,
  /** Off where the address is not the playground's (the provider page keeps its own). */
  enabled = true,
): void {
  const written = useRef(false)
  useEffect(() => {
    if (!enabled) return
    // Fast-forwarding to a deep-linked step passes steps the user never looked at: no entries for those.
    if (view.seeking) return
    // The first address only corrects the one the page opened with; later steps are places to go back to.
    writeUrl(
      urlFor({ flow: flowId, variant: variantId, step: view.cursor + 1 }),
      written.current ? 'push' : 'replace',
    )
    written.current = true
  }, [flowId, variantId, view.cursor, view.seeking, enabled])

  useEffect(() => {
    if (!enabled) return
    const onPop = () => {
      const route = readRoute()
      if (route.view !== 'playground') return
      const { flow, variant } = findFlow(route.flow, route.variant)
      // Another flow: the shell opens it.
      if (flow.id !== flowId || variant.id !== variantId) return
      const index = route.step - 1
      if (index < session.getView().state.steps.length) session.goTo(index)
      else void session.fastForward(route.step)
    }
    window.addEventListener('popstate', onPop)
    return () => window.removeEventListener('popstate', onPop)
  }, [session, flowId, variantId, enabled])
}
