import { describe, expect, it } from 'vitest'
import { runLesson } from '../lesson-test-utils.ts'
import { attackerRedirectUri } from './redirect-uri-machine.ts'

describe('lesson: redirect URI manipulation', () => {
  it('vulnerable: prefix matching sends the code to the attacker’s host, who redeems it', async () => {
    const { state, verdict } = await runLesson('lesson-redirect-uri', 'vulnerable')
    expect(state).toMatchObject({ status: 'done', failed: false })
    expect(state.steps.map((s) => s.label)).toEqual([
      'GET /as/.well-known/openid-configuration',
      'POST /as/register',
      'redirect → /as/authorize',
      'GET /as/authorize',
      'POST /as/login',
      'POST /as/consent',
      'GET /catch?code=…',
      'POST /as/token',
      'GET /rs/me/friends/movies',
    ])
    const consent = state.steps[5]!.exchange!
    const location = consent.response!.headers.find(([n]) => n === 'location')![1]
    expect(new URL(location).host).toBe('moviematch.example.attacker.example')
    expect(
      state.steps[3]!.exchange!.trace.find((e) => e.policy === 'redirectUriPrefixMatching'),
    ).toMatchObject({
      check: 'check-redirect-uri',
      outcome: 'info',
    })
    const delivered = state.steps[6]!.exchange!
    expect(delivered.request.url).toMatch(/^https:\/\/moviematch\.example\.attacker\.example\/catch\?code=/)
    expect(state.steps[7]!.exchange!.response!.status).toBe(200)
    expect(state.steps[8]!.exchange!.response!.status).toBe(200)
    const code = new URL(delivered.request.url).searchParams.get('code')
    expect(verdict?.attacker).toBe('succeeded')
    expect(verdict?.got).toEqual([
      expect.objectContaining({ name: 'code', value: code }),
      expect.objectContaining({ name: 'access_token' }),
    ])
  })

  it('hardened: exact matching refuses the URI with an error page, and the browser goes nowhere', async () => {
    const { state, verdict } = await runLesson('lesson-redirect-uri', 'hardened')
    expect(state).toMatchObject({ status: 'done', failed: false })
    expect(state.steps).toHaveLength(4)
    expect(new URL(state.steps[2]!.redirectTo!).searchParams.get('redirect_uri')).toBe(attackerRedirectUri)
    const page = state.steps[3]!.exchange!.response!
    expect(page.status).toBe(400)
    expect(page.headers.find(([n]) => n === 'location')).toBeUndefined()
    expect(verdict).toMatchObject({
      attacker: 'stopped',
      stoppedBy: { who: 'server', check: 'check-redirect-uri', error: 'invalid_request' },
    })
  })
})
