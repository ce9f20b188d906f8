import { describe, expect, it } from 'vitest'
import { findFlow } from '../catalogue.ts'
import { harness, runFlow, testOrigin } from '../flow-test-utils.ts'
import { deviceFlow } from './device-machine.ts'

const configOf = (variant: string) => findFlow('device', variant).variant.config(testOrigin)
const summary = (state: Awaited<ReturnType<typeof runFlow>>) =>
  state.steps.map((s) => {
    const body = s.exchange?.response?.body ?? ''
    const error = body.startsWith('{') ? (JSON.parse(body) as { error?: string }).error : undefined
    return `${s.label}${error === undefined ? '' : ` ${error}`}`
  })

describe('device flow', () => {
  it('shows the code, polls, lets the user allow on the phone, and gets tokens', async () => {
    const h = await harness()
    const state = await runFlow(deviceFlow, configOf('default'), 'default', h)
    expect(state).toMatchObject({ status: 'done', failed: false })
    expect(summary(state)).toEqual([
      'GET /as/.well-known/openid-configuration',
      'POST /as/device_authorization',
      'POST /as/token authorization_pending',
      'GET /as/device',
      'POST /as/device',
      'POST /as/login',
      'POST /as/consent',
      'POST /as/token',
      'GET /rs/me/friends/movies',
    ])
    const shown = state.steps[1]!.screens[0]
    expect(shown).toMatchObject({ kind: 'device', lane: 'client' })
    expect(shown?.kind === 'device' && shown.verificationUriComplete).toContain('user_code=')
    expect(state.steps[3]!.screens.map((s) => s.kind)).toEqual(['device', 'browser'])
    expect(state.steps[7]!.tokens?.map((t) => t.name)).toEqual(['access_token', 'refresh_token'])
  })

  it('slows down when told to: the first poll never gets slow_down, the second does, then +5 s', async () => {
    const state = await runFlow(deviceFlow, configOf('slow-down'), 'slow-down', await harness())
    expect(state).toMatchObject({ status: 'done', failed: false })
    const polls = summary(state).filter((s) => s.startsWith('POST /as/token'))
    expect(polls).toEqual([
      'POST /as/token authorization_pending',
      'POST /as/token slow_down',
      'POST /as/token',
    ])
    const waits = state.steps.filter((s) => s.key === 'poll').map((s) => s.checks[0]?.summary)
    expect(waits).toEqual([
      'The TV waited 1 s before this poll (its interval is 5 s)',
      'The TV waited 1 s before this poll (its interval is 5 s)',
      'The TV waited 10 s before this poll (its interval is 10 s)',
    ])
  })

  it('ends with access_denied when the user presses Deny on the phone', async () => {
    const state = await runFlow(deviceFlow, configOf('default'), 'default', await harness(), {
      decision: 'deny',
    })
    expect(state).toMatchObject({ status: 'done', failed: true })
    expect(summary(state).at(-1)).toBe('POST /as/token access_denied')
    expect(state.steps.at(-1)!.failure?.title).toBe('The server answered access_denied')
  })

  it('ends with expired_token when nobody enters the code in time', async () => {
    const h = await harness()
    const state = await runFlow(deviceFlow, configOf('default'), 'default', h, {
      at: { steps: 2, then: () => h.clock.advance(10 * 60 * 1000) },
    })
    expect(state).toMatchObject({ status: 'done', failed: true })
    expect(summary(state).at(-1)).toBe('POST /as/token expired_token')
    expect(state.steps.at(-1)!.failure?.hint).toContain('new code')
  })
})
