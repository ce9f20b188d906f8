import { describe, expect, it } from 'vitest'
import { runLesson } from '../lesson-test-utils.ts'

describe('lesson: token leakage in the implicit grant', () => {
  it('vulnerable: the token in the fragment is read by a script and works for the attacker', async () => {
    const { state, verdict } = await runLesson('lesson-implicit-leak', 'vulnerable')
    expect(state).toMatchObject({ status: 'done', failed: false })
    expect(state.steps.map((s) => s.label)).toEqual([
      'GET /as/.well-known/openid-configuration',
      'redirect → /as/authorize',
      'GET /as/authorize',
      'POST /as/login',
      'POST /as/consent',
      'location read by a script',
      'GET /rs/me/friends/movies',
    ])
    expect(state.steps[1]!.redirectTo).toContain('response_type=token')
    const leaked = state.steps[5]!.values.find((v) => v.name === 'access_token')!.value
    expect(state.steps[4]!.exchange!.response!.headers.find(([n]) => n === 'location')?.[1]).toContain(
      `#access_token=${leaked}`,
    )
    expect(state.steps[6]!.exchange!.response!.status).toBe(200)
    expect(verdict).toMatchObject({ attacker: 'succeeded', got: [{ name: 'access_token', value: leaked }] })
  })

  it('hardened: only a code leaks, and the server refuses it without the PKCE verifier', async () => {
    const { state, verdict } = await runLesson('lesson-implicit-leak', 'hardened')
    expect(state).toMatchObject({ status: 'done', failed: false })
    expect(state.steps.map((s) => s.label).slice(5)).toEqual(['location read by a script', 'POST /as/token'])
    expect(state.steps[5]!.values.map((v) => v.name)).toEqual(['code'])
    expect(verdict).toMatchObject({
      attacker: 'stopped',
      stoppedBy: { who: 'server', check: 'check-pkce-verifier', error: 'invalid_grant' },
    })
  })
})
