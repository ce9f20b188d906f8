import { describe, expect, it } from 'vitest'
import { runLesson } from '../lesson-test-utils.ts'
import { attackerIssuer } from './mix-up-machine.ts'

const issuer = 'http://localhost:4000/as'

describe('lesson: mix-up attack', () => {
  it('vulnerable: MovieMatch sends Alice’s code and verifier to Attacker AS, which redeems them', async () => {
    const { state, verdict } = await runLesson('lesson-mix-up', 'vulnerable')
    expect(state).toMatchObject({ status: 'done', failed: false })
    expect(state.steps.map((s) => s.label)).toEqual([
      'GET /as/.well-known/openid-configuration',
      'GET /.well-known/openid-configuration',
      'redirect → /authorize',
      'GET /authorize',
      'GET /as/authorize',
      'POST /as/login',
      'POST /as/consent',
      'GET /callback?code=…',
      'POST /token',
      'POST /as/token',
      'GET /rs/me/friends/movies',
    ])
    const [, discovery, request, hop, honest] = state.steps
    expect(discovery!.exchange!.request.url).toBe(`${attackerIssuer}/.well-known/openid-configuration`)
    expect(new URL(request!.redirectTo!).searchParams.get('client_id')).toBe('moviematch')
    expect(hop!.meta.title).toBe('Attacker AS sends Alice on to the honest server')
    expect(new URL(honest!.exchange!.request.url).searchParams.get('client_id')).toBe('spa')
    const callback = new URL(state.steps[7]!.exchange!.request.url)
    expect(callback.searchParams.get('iss')).toBe(issuer)
    expect(state.steps[7]!.checks.find((c) => c.check === 'iss-matches')).toMatchObject({
      outcome: 'info',
      summary: expect.stringContaining('Not checked') as string,
    })
    const leak = state.steps[8]!.exchange!
    expect(leak.request.url).toBe(`${attackerIssuer}/token`)
    const sent = new URLSearchParams(leak.request.body)
    expect(sent.get('code')).toBe(callback.searchParams.get('code'))
    expect(sent.get('code_verifier')).toBe(
      state.steps[2]!.values.find((v) => v.name === 'code_verifier')!.value,
    )
    expect(state.steps[9]!.exchange!.response!.status).toBe(200)
    expect(state.steps[10]!.exchange!.response!.status).toBe(200)
    expect(verdict?.attacker).toBe('succeeded')
    expect(verdict?.got).toEqual([
      expect.objectContaining({ name: 'code', value: callback.searchParams.get('code') }),
      expect.objectContaining({ name: 'access_token' }),
    ])
  })

  it('hardened: the iss check stops MovieMatch before the code leaves it', async () => {
    const { state, verdict } = await runLesson('lesson-mix-up', 'hardened')
    expect(state).toMatchObject({ status: 'done', failed: false })
    expect(state.steps).toHaveLength(8)
    expect(state.steps.some((s) => s.exchange?.request.url === `${attackerIssuer}/token`)).toBe(false)
    expect(verdict).toMatchObject({
      attacker: 'stopped',
      stoppedBy: { who: 'client', check: 'iss-matches' },
    })
    // A client check answers no OAuth error: the client simply drops the response.
    expect(verdict?.stoppedBy).not.toHaveProperty('error')
    expect(verdict?.stoppedBy?.summary).toBe(
      `iss is "${issuer}", expected ${attackerIssuer} (a mix-up attack?)`,
    )
  })
})
