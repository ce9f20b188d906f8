import { describe, expect, it } from 'vitest'
import { runLesson } from '../lesson-test-utils.ts'

describe('lesson: authorization code injection', () => {
  it('vulnerable: MovieMatch redeems Alice’s code in Mallory’s session and signs Mallory in as Alice', async () => {
    const { state, verdict } = await runLesson('lesson-code-injection', 'vulnerable')
    expect(state).toMatchObject({ status: 'done', failed: false })
    expect(state.steps.map((s) => s.label)).toEqual([
      'GET /as/.well-known/openid-configuration',
      'redirect → /as/authorize',
      'GET /as/authorize',
      'POST /as/login',
      'POST /as/consent',
      'code leaked: code',
      'redirect → /as/authorize',
      'GET /callback?code=…',
      'POST /as/token',
      'GET /as/jwks',
      'GET /as/userinfo',
    ])
    // The callback Mallory sent carries Alice's code with Mallory's own state: the state check passes.
    const alicesCode = state.steps[5]!.values.find((v) => v.name === 'code')!.value
    const injected = new URL(state.steps[7]!.exchange!.request.url)
    expect(injected.searchParams.get('code')).toBe(alicesCode)
    expect(injected.searchParams.get('state')).toBe(
      new URL(state.steps[6]!.redirectTo!).searchParams.get('state'),
    )
    expect(state.steps[7]!.checks.find((c) => c.check === 'state-matches')?.outcome).toBe('pass')
    expect(state.steps[8]!.exchange!.response!.status).toBe(200)
    expect(state.steps[9]!.checks.find((c) => c.check === 'nonce')?.outcome).toBe('info')
    expect(JSON.parse(state.steps[10]!.exchange!.response!.body)).toMatchObject({ sub: 'alice-1865' })
    expect(verdict?.attacker).toBe('succeeded')
    expect(verdict?.got?.find((g) => g.name === 'sub')?.value).toBe('alice-1865')
  })

  it('hardened: PKCE — the server refuses the code with invalid_grant (check-pkce-verifier)', async () => {
    const { state, verdict } = await runLesson('lesson-code-injection', 'hardened')
    expect(state).toMatchObject({ status: 'done', failed: false })
    expect(state.steps.at(-1)!.key).toBe('tokenRequest')
    expect(state.steps.at(-1)!.exchange!.request.body).toContain('code_verifier=')
    expect(verdict).toMatchObject({
      attacker: 'stopped',
      stoppedBy: { who: 'server', check: 'check-pkce-verifier', error: 'invalid_grant' },
    })
  })

  it('PKCE off but the nonce checked: the client’s nonce check stops it (RFC 9700 §4.5.3.2)', async () => {
    const { state, verdict } = await runLesson('lesson-code-injection', 'vulnerable', {
      config: ({ misbehave: _skipped, ...config }) => config,
    })
    expect(state).toMatchObject({ status: 'done', failed: false })
    expect(state.steps.at(-1)!.key).toBe('idTokenValidation')
    expect(verdict).toMatchObject({ attacker: 'stopped', stoppedBy: { who: 'client', check: 'nonce' } })
  })
})
