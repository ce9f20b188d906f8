import type { StateNode } from 'xstate'
import type { FlowStateMeta } from './flow-contract.ts'
import type { StepMeta } from './step.ts'

/** A state node as far as the outline needs it: its typed meta and its children. */
interface OutlineNode {
  readonly meta?: FlowStateMeta | undefined
  readonly states: Readonly<Record<string, OutlineNode>>
}

/**
 * The outline of a flow — every step it can take on its main path — read from the machines' state
 * `meta`, in the order the states are declared. The step list is derived from this, never written twice.
 */
export function planOf(root: OutlineNode | StateNode): StepMeta[] {
  const plan: StepMeta[] = []
  const visit = (node: OutlineNode) => {
    if (node.meta?.step) plan.push(node.meta.step)
    if (node.meta?.steps) plan.push(...node.meta.steps)
    for (const child of Object.values(node.states)) visit(child)
  }
  visit(root)
  return plan
}
