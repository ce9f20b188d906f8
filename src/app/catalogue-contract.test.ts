import { Window } from 'happy-dom'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createMockServer } from '@/server/index.ts'
import { flows } from '@/flows/catalogue.ts'
import { PlaygroundClock } from './clock.ts'
import { FlowSession } from './flow-session.ts'

const origin = 'http://localhost:4200'

beforeAll(() => {
  globalThis.DOMParser = new Window().DOMParser as unknown as typeof DOMParser
})

let session: FlowSession | undefined
afterEach(() => session?.dispose())

const cases = flows.flatMap((flow) =>
  flow.variants.map((variant) => [`${flow.id} / ${variant.id}`, flow, variant] as const),
)

/** The contract: every flow of the catalogue, every variant, runs through the shell's runner to its end. */
describe('every catalogue flow runs to its end through the runner', () => {
  it.each(cases)('%s', async (_name, flow, variant) => {
    const clock = new PlaygroundClock()
    const server = createMockServer({ origin, clock: clock.now })
    session = new FlowSession({
      definition: await flow.load(),
      input: { config: variant.config(origin), variant: variant.id },
      transport: (request) => server.handle(request),
      clock,
      resetServer: () => server.reset(),
    })
    await session.fastForward(60)
    const { state } = session.getView()
    const failure = state.steps.find((s) => s.failure)?.failure
    expect(failure).toBeUndefined()
    expect(state).toMatchObject({ status: 'done', failed: false })
    expect(state.steps.length).toBeGreaterThanOrEqual(flow.variants.length > 0 ? 2 : 0)
  })
})
