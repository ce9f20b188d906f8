import { describe, expect, it } from 'vitest'
import { findFlow } from '../catalogue.ts'
import { harness, runFlow, testOrigin } from '../flow-test-utils.ts'
import { refreshTokenFlow } from './refresh-token-machine.ts'

const config = findFlow('refresh-token', 'rotation').variant.config(testOrigin)

describe('refresh token flow', () => {
  it('expires, refreshes with rotation, then a replay revokes the family and the client’s refresh fails', async () => {
    const h = await harness()
    const started = h.clock.ms
    const state = await runFlow(refreshTokenFlow, config, 'rotation', h)
    expect(state).toMatchObject({ status: 'done', failed: false })
    const byKey = Object.fromEntries(state.steps.map((s) => [s.key, s]))
    expect(state.steps.map((s) => `${s.label} ${s.exchange?.response?.status ?? ''}`.trim())).toEqual([
      'GET /as/.well-known/openid-configuration 200',
      'redirect → /as/authorize',
      'GET /as/authorize 200',
      'POST /as/login 200',
      'POST /as/consent 302',
      'POST /as/token 200',
      'GET /rs/me/friends/movies 200',
      'GET /rs/me/friends/movies 401',
      'POST /as/token 200',
      'GET /rs/me/friends/movies 200',
      'POST /as/token 400',
      'GET /rs/me/friends/movies 401',
      'POST /as/token 400',
    ])
    // Next moved the clock past the access token's expiry itself.
    expect(h.clock.ms - started).toBeGreaterThan(3600_000)
    const first = byKey['redeem']!.tokens!.find((t) => t.name === 'refresh_token')!.value
    const second = byKey['refresh']!.tokens!.find((t) => t.name === 'refresh_token')!.value
    expect(second).not.toBe(first)
    expect(new URLSearchParams(byKey['replay']!.exchange!.request.body).get('refresh_token')).toBe(first)
    expect(byKey['replay']!.meta.from).toBe('attacker')
    expect(new URLSearchParams(byKey['refused']!.exchange!.request.body).get('refresh_token')).toBe(second)
    expect(JSON.parse(byKey['refused']!.exchange!.response!.body)).toMatchObject({ error: 'invalid_grant' })
    expect(byKey['refused']!.exchange!.trace.some((t) => t.outcome === 'fail')).toBe(true)
    expect(byKey['refused']!.tokens!.every((t) => t.status !== undefined)).toBe(true)
  })
})
