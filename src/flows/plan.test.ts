import { describe, expect, it } from 'vitest'
import type { AnyStateMachine, StateNode } from 'xstate'
import { authorizationCodeMachine } from './authorization-code/authorization-code-machine.ts'
import { planOf } from './plan.ts'
import { specRefs } from '@/protocol/spec-refs.ts'

/** The states reachable from the initial state through any transition (events, done/error, always). */
function reachable(machine: AnyStateMachine): Set<string> {
  const root = machine.root as StateNode
  const seen = new Set<string>()
  const queue: StateNode[] = [root.states[root.initial.target[0]!.key]!]
  while (queue.length > 0) {
    const node = queue.shift()!
    if (seen.has(node.key)) continue
    seen.add(node.key)
    const transitions = [...node.transitions.values()].flat().concat(node.always ?? [])
    for (const t of transitions) for (const target of t.target ?? []) queue.push(target as StateNode)
  }
  return seen
}

describe.each([['authorization-code', authorizationCodeMachine]])('%s machine', (_id, machine) => {
  it('reaches every state it declares, both final states included', () => {
    const declared = Object.keys((machine.root as StateNode).states)
    expect([...reachable(machine)].sort()).toEqual([...declared].sort())
    expect(declared).toContain('complete')
    expect(declared).toContain('failed')
  })

  it('describes every step with a title, an explanation and known spec references', () => {
    for (const meta of planOf(machine)) {
      expect(meta.title.length).toBeGreaterThan(10)
      expect(meta.explanation.length).toBeGreaterThan(60)
      expect(meta.refs.length).toBeGreaterThan(0)
      for (const ref of meta.refs) expect(specRefs).toHaveProperty(ref)
    }
  })
})
