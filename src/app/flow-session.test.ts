import { Window } from 'happy-dom'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createMockServer } from '@/server/index.ts'
import { authorizationCodeFlow } from '@/flows/authorization-code/authorization-code-machine.ts'
import { findFlow } from '@/flows/catalogue.ts'
import { PlaygroundClock } from './clock.ts'
import { FlowSession } from './flow-session.ts'

const origin = 'http://localhost:4100'

beforeAll(() => {
  // The autopilot reads the server's HTML the way the page does.
  globalThis.DOMParser = new Window().DOMParser as unknown as typeof DOMParser
})

let session: FlowSession | undefined
afterEach(() => session?.dispose())

function newSession(variant = 'pkce') {
  const clock = new PlaygroundClock()
  const server = createMockServer({ origin, clock: clock.now })
  const handle = vi.fn((request: Request) => server.handle(request))
  const resetServer = vi.fn(() => server.reset())
  const { variant: v } = findFlow('authorization-code', variant)
  session = new FlowSession({
    definition: authorizationCodeFlow,
    input: { config: v.config(origin), variant: v.id },
    transport: handle,
    clock,
    resetServer,
  })
  return { session, handle, resetServer }
}

const settle = (s: FlowSession) =>
  new Promise<void>((resolve) => {
    const check = () => !s.getView().busy && (resolve(), true)
    if (check()) return
    const off = s.subscribe(() => check() && off())
  })

describe('FlowSession', () => {
  it('starts at the introduction with the outline of the flow', () => {
    const { session } = newSession()
    expect(session.getView().cursor).toBe(-1)
    expect(session.plan).toHaveLength(10)
    expect(session.canGoBack).toBe(false)
    expect(session.canGoNext).toBe(true)
  })

  it('fast-forwards to a deep-linked step, letting the demo user sign in and allow', async () => {
    const { session } = newSession()
    await session.fastForward(7)
    const view = session.getView()
    expect(view.cursor).toBe(6)
    expect(view.state.steps.map((s) => s.label).slice(2, 7)).toEqual([
      'GET /as/authorize',
      'POST /as/login',
      'POST /as/consent',
      'GET /callback?code=…',
      'POST /as/token',
    ])
  })

  it('Back and then Next re-show recorded steps without sending anything again', async () => {
    const { session, handle } = newSession()
    await session.fastForward(7)
    const sent = handle.mock.calls.length
    session.back()
    session.back()
    expect(session.getView().cursor).toBe(4)
    session.next()
    session.next()
    expect(session.getView().cursor).toBe(6)
    expect(handle.mock.calls.length).toBe(sent)
    session.goTo(0)
    expect(session.getView().cursor).toBe(0)
  })

  it('Next on the last step asks the machine for a new one', async () => {
    const { session, handle } = newSession()
    session.next()
    await settle(session)
    expect(session.getView().cursor).toBe(0)
    expect(handle).toHaveBeenCalledTimes(1)
    expect(session.getView().state.steps[0]?.key).toBe('discovery')
  })

  it('Restart forgets the run and resets the server', async () => {
    const { session, resetServer } = newSession()
    await session.fastForward(3)
    session.restart()
    expect(resetServer).toHaveBeenCalledOnce()
    expect(session.getView().cursor).toBe(-1)
    expect(session.getView().state.steps).toHaveLength(0)
    await session.fastForward(2)
    expect(session.getView().cursor).toBe(1)
  })

  it('Back while a request is in flight keeps the user where they went', async () => {
    const { session } = newSession()
    await session.fastForward(2)
    session.next()
    expect(session.getView().busy).toBe(true)
    session.back()
    await settle(session)
    expect(session.getView().state.steps).toHaveLength(3)
    expect(session.getView().cursor).toBe(0)
  })

  it('Restart stops a fast-forward that was still running', async () => {
    const { session } = newSession()
    const running = session.fastForward(10)
    session.restart()
    await running
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(session.getView().state.steps).toHaveLength(0)
    expect(session.getView().cursor).toBe(-1)
  })

  it('changing the autoplay speed does not take a step', () => {
    const { session, handle } = newSession()
    session.setSpeed(600)
    expect(handle).not.toHaveBeenCalled()
    expect(session.getView().cursor).toBe(-1)
  })

  it('autoplay runs to the end and switches itself off', async () => {
    const { session } = newSession()
    session.setSpeed(1)
    session.setAutoplay(true)
    await new Promise<void>((resolve) => {
      const off = session.subscribe(() => {
        if (!session.getView().autoplay) {
          off()
          resolve()
        }
      })
    })
    expect(session.getView().state).toMatchObject({ status: 'done', failed: false })
    expect(session.getView().cursor).toBe(9)
  })

  it('completes the confidential variant', async () => {
    const { session } = newSession('client-secret')
    await session.fastForward(20)
    expect(session.getView().state).toMatchObject({ status: 'done', failed: false })
    expect(session.canGoNext).toBe(false)
  })
})
