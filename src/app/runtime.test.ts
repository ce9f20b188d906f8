import { Window } from 'happy-dom'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { authorizationCodeFlow } from '@/flows/authorization-code/authorization-code-machine.ts'
import { findFlow } from '@/flows/catalogue.ts'
import { FlowSession } from './flow-session.ts'
import { createInPageRuntime, demoStartTime, type Runtime } from './runtime.ts'

const origin = 'http://localhost:4100'

beforeAll(() => {
  globalThis.DOMParser = new Window().DOMParser as unknown as typeof DOMParser
})

const sessions: FlowSession[] = []
afterEach(() => sessions.splice(0).forEach((s) => s.dispose()))

function sessionOn(runtime: Runtime) {
  const { variant } = findFlow('authorization-code', 'pkce')
  const session = new FlowSession({
    definition: authorizationCodeFlow,
    input: { config: variant.config(runtime.origin), variant: variant.id },
    transport: runtime.transport,
    clock: runtime.clock,
    resetServer: runtime.resetServer,
    ...(runtime.random === undefined ? {} : { random: runtime.random }),
  })
  sessions.push(session)
  return session
}

/** Everything on the wire of a whole run, except how long it took. */
async function wholeRun(session: FlowSession): Promise<string> {
  await session.fastForward(10)
  const steps = session.getView().state.steps
  expect(steps).toHaveLength(10)
  return JSON.stringify(steps.map((s) => [s.exchange?.request, s.exchange?.response, s.redirectTo, s.tokens]))
}

describe('the in-page runtime with a demo seed', () => {
  it('gives the same codes, tokens and keys on every run, from Restart and from a fresh page', async () => {
    const runtime = await createInPageRuntime(origin, 'workshop')
    expect(runtime.clock.now()).toBe(demoStartTime)
    const session = sessionOn(runtime)
    const first = await wholeRun(session)
    expect(first).toContain('"access_token"')
    session.restart()
    expect(await wholeRun(session)).toBe(first)

    const again = sessionOn(await createInPageRuntime(origin, 'workshop'))
    expect(await wholeRun(again)).toBe(first)

    const other = sessionOn(await createInPageRuntime(origin, 'another-room'))
    expect(await wholeRun(other)).not.toBe(first)
  }, 30_000)

  it('without a seed, two runs differ', async () => {
    const runtime = await createInPageRuntime(origin)
    const session = sessionOn(runtime)
    const first = await wholeRun(session)
    session.restart()
    expect(await wholeRun(session)).not.toBe(first)
  })
})
