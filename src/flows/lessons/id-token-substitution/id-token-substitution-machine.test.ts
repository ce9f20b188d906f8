import { describe, expect, it } from 'vitest'
import { decodeJwt } from 'jose'
import { runLesson } from '../lesson-test-utils.ts'

describe('lesson: ID token substitution', () => {
  it('vulnerable: MovieMatch accepts the ID token issued to Mallory’s app and signs Mallory in as Alice', async () => {
    const { state, verdict } = await runLesson('lesson-id-token-substitution', 'vulnerable')
    expect(state).toMatchObject({ status: 'done', failed: false })
    expect(state.steps.map((s) => s.label)).toEqual([
      'GET /as/.well-known/openid-configuration',
      'POST /as/register',
      'redirect → /as/authorize',
      'redirect → /as/authorize',
      'GET /as/authorize',
      'POST /as/login',
      'POST /as/consent',
      'id_token for Movie Quiz',
      'GET /callback#access_token=…',
      'GET /as/jwks',
    ])
    const quiz = JSON.parse(state.steps[1]!.exchange!.response!.body) as { client_id: string }
    // The ID token MovieMatch verified is the one the server issued to Mallory's app, about Alice.
    const delivered = new URLSearchParams(new URL(state.steps[8]!.exchange!.request.url).hash.slice(1))
    const claims = decodeJwt(delivered.get('id_token')!)
    expect(claims).toMatchObject({ sub: 'alice-1865', aud: quiz.client_id })
    expect(claims.aud).not.toBe('implicit-app')
    const checks = state.steps[9]!.checks
    expect(checks.find((c) => c.check === 'aud')?.outcome).toBe('info')
    // Only aud is skipped: the nonce and at_hash checks ran and passed.
    expect(checks.find((c) => c.check === 'nonce')?.outcome).toBe('pass')
    expect(checks.find((c) => c.check === 'at_hash')?.outcome).toBe('pass')
    expect(checks.find((c) => c.check === 'signature')?.outcome).toBe('pass')
    expect(verdict?.attacker).toBe('succeeded')
    expect(verdict?.got?.find((g) => g.name === 'sub')?.value).toBe('alice-1865')
  })

  it('hardened: the client’s aud check refuses a token issued to another client', async () => {
    const { state, verdict } = await runLesson('lesson-id-token-substitution', 'hardened')
    expect(state).toMatchObject({ status: 'done', failed: false })
    expect(state.steps.at(-1)!.key).toBe('idTokenValidation')
    expect(state.steps.at(-1)!.checks.find((c) => c.check === 'nonce')?.outcome).toBe('pass')
    expect(verdict).toMatchObject({ attacker: 'stopped', stoppedBy: { who: 'client', check: 'aud' } })
    // A client's own check answers no OAuth error: it simply does not sign anyone in.
    expect(verdict?.stoppedBy?.error).toBeUndefined()
  })
})
