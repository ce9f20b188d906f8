import { describe, expect, it } from 'vitest'
import { runLesson } from '../lesson-test-utils.ts'

describe('lesson: CSRF on the redirect URI (login CSRF)', () => {
  it('vulnerable: MovieMatch signs Alice’s browser in to Mallory’s account (bob)', async () => {
    const { state, verdict } = await runLesson('lesson-csrf', 'vulnerable')
    expect(state).toMatchObject({ status: 'done', failed: false })
    expect(state.steps.map((s) => s.label)).toEqual([
      'GET /as/.well-known/openid-configuration',
      'redirect → /as/authorize',
      'GET /as/authorize',
      'POST /as/login',
      'POST /as/consent',
      'redirect → /as/authorize',
      'forged link → Alice’s browser',
      'GET /callback?code=…',
      'POST /as/token',
      'GET /as/jwks',
      'GET /as/userinfo',
    ])
    // Mallory's login and Alice's are two logins with two states; the callback carries Mallory's.
    const mallorys = new URL(state.steps[1]!.redirectTo!).searchParams.get('state')
    const alices = new URL(state.steps[5]!.redirectTo!).searchParams.get('state')
    expect(mallorys).not.toBe(alices)
    expect(new URL(state.steps[7]!.exchange!.request.url).searchParams.get('state')).toBe(mallorys)
    expect(state.steps[7]!.checks.find((c) => c.check === 'state-matches')?.outcome).toBe('info')
    expect(state.steps[9]!.checks.find((c) => c.check === 'nonce')?.outcome).toBe('info')
    // The server really issued tokens for Mallory's account, and UserInfo says so.
    expect(state.steps[8]!.exchange!.response!.status).toBe(200)
    expect(JSON.parse(state.steps[10]!.exchange!.response!.body)).toMatchObject({ sub: 'bob-1999' })
    expect(verdict?.attacker).toBe('succeeded')
    expect(verdict?.got?.find((g) => g.name === 'sub')?.value).toBe('bob-1999')
  })

  it('hardened: the state check refuses the forged callback (state-matches)', async () => {
    const { state, verdict } = await runLesson('lesson-csrf', 'hardened')
    expect(state).toMatchObject({ status: 'done', failed: false })
    expect(state.steps).toHaveLength(8)
    expect(state.steps.at(-1)!.key).toBe('callback')
    expect(verdict).toMatchObject({
      attacker: 'stopped',
      stoppedBy: { who: 'client', check: 'state-matches' },
    })
    // A client's own check answers no OAuth error: it simply does not use the response.
    expect(verdict?.stoppedBy?.error).toBeUndefined()
  })

  it('state skipped but nonce checked: the nonce check stops it instead', async () => {
    const { state, verdict } = await runLesson('lesson-csrf', 'vulnerable', {
      config: (config) => ({ ...config, misbehave: ['ignore-state'] }),
    })
    expect(state).toMatchObject({ status: 'done', failed: false })
    expect(state.steps.at(-1)!.key).toBe('idTokenValidation')
    expect(verdict).toMatchObject({ attacker: 'stopped', stoppedBy: { who: 'client', check: 'nonce' } })
  })
})
