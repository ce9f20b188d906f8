import { describe, expect, it } from 'vitest'
import type { AnyStateMachine, StateNode } from 'xstate'
import { specRefs } from '@/protocol/spec-refs.ts'
import { authorizationCodeMachine } from './authorization-code/authorization-code-machine.ts'
import { flows } from './catalogue.ts'
import { clientCredentialsMachine } from './client-credentials/client-credentials-machine.ts'
import { deviceMachine } from './device/device-machine.ts'
import { implicitMachine } from './implicit/implicit-machine.ts'
import { codeInjectionMachine } from './lessons/code-injection/code-injection-machine.ts'
import { codeInterceptionMachine } from './lessons/code-interception/code-interception-machine.ts'
import { csrfMachine } from './lessons/csrf/csrf-machine.ts'
import { idTokenSubstitutionMachine } from './lessons/id-token-substitution/id-token-substitution-machine.ts'
import { implicitLeakMachine } from './lessons/implicit-leak/implicit-leak-machine.ts'
import { lessons } from './lessons/lessons.ts'
import { mixUpMachine } from './lessons/mix-up/mix-up-machine.ts'
import { redirectUriMachine } from './lessons/redirect-uri/redirect-uri-machine.ts'
import { refreshTheftMachine } from './lessons/refresh-theft/refresh-theft-machine.ts'
import { passwordMachine } from './password/password-machine.ts'
import { refreshTokenMachine } from './refresh-token/refresh-token-machine.ts'
import { revocationMachine } from './revocation/revocation-machine.ts'

/** Every grant machine; a new grant adds its machine here. */
const machines: readonly AnyStateMachine[] = [
  authorizationCodeMachine,
  clientCredentialsMachine,
  passwordMachine,
  implicitMachine,
  refreshTokenMachine,
  revocationMachine,
  deviceMachine,
]

/** Every attack lesson's machine; a new lesson adds its machine here. */
const lessonMachines: readonly AnyStateMachine[] = [
  csrfMachine,
  codeInterceptionMachine,
  codeInjectionMachine,
  idTokenSubstitutionMachine,
  implicitLeakMachine,
  mixUpMachine,
  redirectUriMachine,
  refreshTheftMachine,
]

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

describe.each([...machines, ...lessonMachines].map((m) => [m.id, m] as const))(
  '%s machine',
  (_id, machine) => {
    it('reaches every state it declares, both final states included', () => {
      const declared = Object.keys((machine.root as StateNode).states)
      expect([...reachable(machine)].sort()).toEqual([...declared].sort())
      expect(declared).toContain('complete')
      expect(declared).toContain('failed')
    })

    it('tags every state that waits, so the shell knows what it waits for', () => {
      const states = Object.values((machine.root as StateNode).states)
      for (const state of states) {
        const waitsForNext = state.on['step.next'] !== undefined
        const waitsForUser = state.on['browser.submit'] !== undefined || state.on['form.submit'] !== undefined
        expect(state.tags.includes('awaiting-next'), state.key).toBe(waitsForNext)
        expect(state.tags.includes('awaiting-user'), state.key).toBe(waitsForUser)
      }
    })
  },
)

describe('the catalogue', () => {
  it('names every machine it offers', () => {
    expect(flows.map((f) => f.id).sort()).toEqual(machines.map((m) => m.id).sort())
  })

  it('names every lesson machine it offers', () => {
    expect(lessons.map((l) => l.id).sort()).toEqual(lessonMachines.map((m) => m.id).sort())
  })

  it.each([...flows, ...lessons].map((f) => [f.id, f] as const))(
    '%s describes every step with a title, an explanation and known spec references',
    async (_id, flow) => {
      const { plan } = await flow.load()
      expect(plan.length).toBeGreaterThan(0)
      for (const meta of plan) {
        expect(meta.title.length).toBeGreaterThan(10)
        expect(meta.explanation.length).toBeGreaterThan(60)
        expect(meta.refs.length).toBeGreaterThan(0)
        for (const ref of [...meta.refs, ...Object.values(meta.variantRefs ?? {}).flat()])
          expect(specRefs).toHaveProperty(ref)
        for (const lane of [meta.from, meta.to]) expect(flow.lanes.map((l) => l.id)).toContain(lane)
      }
    },
  )
})
