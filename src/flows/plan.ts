import type { AnyStateMachine, StateNode } from 'xstate'
import type { StepMeta } from './step.ts'

/**
 * The outline of a flow — every step it can take on its main path — read from the machine's state
 * `meta`, in the order the states are declared. The step list is derived from this, never written twice.
 */
export function planOf(machine: AnyStateMachine): StepMeta[] {
  const plan: StepMeta[] = []
  const visit = (node: StateNode) => {
    const meta = node.meta as { step?: StepMeta; browserSteps?: readonly StepMeta[] } | undefined
    if (meta?.step) plan.push(meta.step)
    if (meta?.browserSteps) plan.push(...meta.browserSteps)
    for (const child of Object.values(node.states)) visit(child)
  }
  visit(machine.root as StateNode)
  return plan
}
