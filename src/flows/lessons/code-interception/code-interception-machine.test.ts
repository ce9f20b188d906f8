import { describe, expect, it } from 'vitest'
import { runLesson } from '../lesson-test-utils.ts'

describe('lesson: authorization code interception', () => {
  it('vulnerable: the attacker redeems the stolen code and reads Alice’s data', async () => {
    const { state, verdict } = await runLesson('lesson-code-interception', 'vulnerable')
    expect(state).toMatchObject({ status: 'done', failed: false })
    expect(state.steps.map((s) => s.label)).toEqual([
      'GET /as/.well-known/openid-configuration',
      'redirect → /as/authorize',
      'GET /as/authorize',
      'POST /as/login',
      'POST /as/consent',
      'redirect caught: code',
      'POST /as/token',
      'GET /rs/me/friends/movies',
    ])
    expect(state.steps[1]!.redirectTo).not.toContain('code_challenge')
    expect(state.steps[6]!.exchange!.response!.status).toBe(200)
    expect(state.steps[7]!.exchange!.response!.status).toBe(200)
    expect(verdict?.attacker).toBe('succeeded')
    expect(verdict?.got?.map((g) => g.name)).toEqual(['access_token'])
  })

  it('hardened: PKCE makes the server refuse the stolen code with invalid_grant', async () => {
    const { state, verdict } = await runLesson('lesson-code-interception', 'hardened')
    expect(state).toMatchObject({ status: 'done', failed: false })
    expect(state.steps).toHaveLength(7)
    expect(state.steps[1]!.redirectTo).toContain('code_challenge_method=S256')
    expect(verdict).toMatchObject({
      attacker: 'stopped',
      stoppedBy: { who: 'server', check: 'check-pkce-verifier', error: 'invalid_grant' },
    })
  })

  it('the vulnerable run needs its misbehave setting: without it the server refuses the request', async () => {
    const { findFlow } = await import('../../catalogue.ts')
    const { harness, runFlow, testOrigin } = await import('../../flow-test-utils.ts')
    const { flow, variant } = findFlow('lesson-code-interception', 'vulnerable')
    const state = await runFlow(await flow.load(), variant.config(testOrigin), 'vulnerable', await harness())
    expect(state.failed).toBe(true)
    expect(state.steps.at(-1)!.failure?.title).toMatch(/refused/)
    expect(state.steps.some((s) => s.verdict !== undefined)).toBe(false)
  })
})
