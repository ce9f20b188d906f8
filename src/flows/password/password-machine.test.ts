import { describe, expect, it } from 'vitest'
import { header } from '@/protocol/http-exchange.ts'
import { findFlow } from '../catalogue.ts'
import { harness, runFlow, testOrigin } from '../flow-test-utils.ts'
import type { FlowState } from '../flow-contract.ts'
import { SimulatedUserAgent } from '../user-agent.ts'
import { passwordFlow } from './password-machine.ts'

const configOf = (variant: string) => findFlow('password', variant).variant.config(testOrigin)

describe('password flow', () => {
  it('shows the client’s own form, sends the password with the client’s secret, reads, and refreshes', async () => {
    const state = await runFlow(passwordFlow, configOf('basic'), 'basic', await harness())
    expect(state).toMatchObject({ status: 'done', failed: false })
    expect(state.steps.map((s) => s.label)).toEqual([
      'GET /as/.well-known/openid-configuration',
      'MovieMatch’s own login form',
      'username + password → MovieMatch',
      'POST /as/token',
      'GET /rs/me/friends/movies',
      'POST /as/token',
    ])
    const [, form, typed, token] = state.steps
    expect(form!.screens).toEqual([
      expect.objectContaining({ kind: 'form', lane: 'client', submitLabel: 'Sign in' }),
    ])
    expect(typed!.values.map((v) => [v.name, v.value])).toEqual([
      ['username', 'alice'],
      ['password', 'wonderland'],
    ])
    const body = new URLSearchParams(token!.exchange!.request.body)
    expect([body.get('grant_type'), body.get('username'), body.get('password')]).toEqual([
      'password',
      'alice',
      'wonderland',
    ])
    expect(header(token!.exchange!.request.headers, 'authorization')).toMatch(/^Basic /)
    expect(state.steps[5]!.tokens?.find((t) => t.name === 'refresh_token')?.value).toBe(
      token!.tokens?.find((t) => t.name === 'refresh_token')?.value,
    )
  })

  it('refuses a wrong password with invalid_grant', async () => {
    const h = await harness()
    const run = passwordFlow.start(
      { config: configOf('post'), variant: 'post' },
      { transport: h.transport, clock: h.clock, userAgent: new SimulatedUserAgent(h.transport) },
    )
    const settle = () =>
      new Promise<FlowState>((resolve) => {
        const off = run.subscribe(() => {
          const s = run.getState()
          if (s.waiting !== undefined || s.status === 'done') {
            off()
            resolve(s)
          }
        })
      })
    for (let i = 0; i < 2; i++) {
      const next = settle()
      run.send({ type: 'step.next' })
      await next
    }
    expect(run.getState()).toMatchObject({ waiting: 'user', prompt: { kind: 'form' } })
    let next = settle()
    run.send({ type: 'form.submit', values: { username: 'alice', password: 'not-the-password' } })
    await next
    next = settle()
    run.send({ type: 'step.next' })
    const state = await next
    expect(state).toMatchObject({ status: 'done', failed: true })
    const failed = state.steps.at(-1)!
    expect(failed.failure).toMatchObject({
      title: 'The server answered invalid_grant',
      message: 'Wrong username or password',
    })
    expect(failed.exchange?.trace.some((t) => t.outcome === 'fail')).toBe(true)
    run.stop()
  })
})
