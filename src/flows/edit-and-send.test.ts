import { describe, expect, it } from 'vitest'
import { header } from '@/protocol/http-exchange.ts'
import { authorizationCodeFlow } from './authorization-code/authorization-code-machine.ts'
import { findFlow } from './catalogue.ts'
import { refreshTokenFlow } from './refresh-token/refresh-token-machine.ts'
import type { FlowDefinition, FlowRun, FlowState } from './flow-contract.ts'
import { demoAnswer, harness, testOrigin, type Harness } from './flow-test-utils.ts'
import { SimulatedUserAgent } from './user-agent.ts'

function start(definition: FlowDefinition, flow: string, variant: string, h: Harness): FlowRun {
  const config = findFlow(flow, variant).variant.config(testOrigin)
  return definition.start(
    { config, variant },
    { transport: h.transport, clock: h.clock, userAgent: new SimulatedUserAgent(h.transport) },
  )
}

/** Sends one event and waits until the run waits again (or ends). */
function settle(run: FlowRun, send: () => void): Promise<FlowState> {
  return new Promise((resolve) => {
    const off = run.subscribe(() => {
      const state = run.getState()
      if (state.waiting !== undefined || state.status === 'done') {
        off()
        resolve(state)
      }
    })
    send()
  })
}

async function advanceTo(run: FlowRun, steps: number): Promise<void> {
  while (run.getState().steps.length < steps) {
    const state = run.getState()
    const event = state.waiting === 'user' ? demoAnswer(state) : { type: 'step.next' as const }
    await settle(run, () => run.send(event!))
  }
}

describe('Edit and send', () => {
  it('previews the callback the browser will deliver, and the client refuses an edited state', async () => {
    const h = await harness()
    const run = start(authorizationCodeFlow, 'authorization-code', 'pkce', h)
    await advanceTo(run, 5)
    const original = await run.preview()
    expect(original).toMatchObject({ method: 'GET' })
    const url = new URL(original!.url)
    expect(url.pathname).toBe('/callback')
    expect([...url.searchParams.keys()]).toEqual(['code', 'state', 'iss'])
    url.searchParams.set('state', 'changed-by-hand')
    const state = await settle(run, () =>
      run.send({
        type: 'step.next',
        edit: { original: original!, request: { ...original!, url: url.href } },
      }),
    )
    const callback = state.steps.at(-1)!
    expect(callback.edited?.original.url).toBe(original!.url)
    expect(callback.exchange?.request.url).toBe(url.href)
    expect(callback.checks.find((c) => c.check === 'state-matches')?.outcome).toBe('fail')
    expect(state).toMatchObject({ status: 'done', failed: true })
    run.stop()
  })

  it('previews the token request without sending it, and the server refuses an edited code_verifier', async () => {
    const h = await harness()
    let sent = 0
    const counting: typeof h.transport = (request) => {
      sent++
      return h.transport(request)
    }
    const run = start(authorizationCodeFlow, 'authorization-code', 'pkce', { ...h, transport: counting })
    await advanceTo(run, 6)
    const before = sent
    const original = await run.preview()
    expect(sent).toBe(before)
    expect(original).toMatchObject({ method: 'POST', url: `${testOrigin}/as/token` })
    expect(header(original!.headers, 'content-type')).toMatch(/x-www-form-urlencoded/)
    const body = new URLSearchParams(original!.body)
    expect(body.get('grant_type')).toBe('authorization_code')
    body.set('code_verifier', 'x'.repeat(43))
    const state = await settle(run, () =>
      run.send({
        type: 'step.next',
        edit: { original: original!, request: { ...original!, body: body.toString() } },
      }),
    )
    const token = state.steps.at(-1)!
    expect(token.failure?.title).toBe('The server answered invalid_grant')
    expect(token.exchange?.trace.find((t) => t.outcome === 'fail')?.check).toBe('check-pkce-verifier')
    run.stop()
  })

  it('a dry run moves only its own clock, and a step that sends nothing previews as undefined', async () => {
    const h = await harness()
    const run = start(refreshTokenFlow, 'refresh-token', 'rotation', h)
    await advanceTo(run, 1)
    expect(await run.preview()).toBeUndefined() // the authorization request is built, not sent
    await advanceTo(run, 7)
    const before = h.clock.ms
    const expired = await run.preview()
    expect(expired).toMatchObject({ method: 'GET', url: `${testOrigin}/rs/me/friends/movies` })
    expect(h.clock.ms).toBe(before)
    run.stop()
  })
})
