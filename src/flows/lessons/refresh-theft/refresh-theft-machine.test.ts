import { describe, expect, it } from 'vitest'
import type { Step } from '../../step.ts'
import { runLesson } from '../lesson-test-utils.ts'

const labels = [
  'GET /as/.well-known/openid-configuration',
  'redirect → /as/authorize',
  'GET /as/authorize',
  'POST /as/login',
  'POST /as/consent',
  'POST /as/token',
  'stolen: refresh_token',
  'POST /as/token',
  'POST /as/token',
  'POST /as/token',
  'GET /rs/me/friends/movies',
]
const body = (step: Step) => JSON.parse(step.exchange!.response!.body) as Record<string, unknown>
const status = (step: Step) => step.exchange!.response!.status

describe('lesson: refresh token theft', () => {
  it('vulnerable: without rotation the attacker and MovieMatch both keep refreshing, and the attacker reads Alice’s data', async () => {
    const { state, verdict } = await runLesson('lesson-refresh-theft', 'vulnerable')
    expect(state).toMatchObject({ status: 'done', failed: false })
    expect(state.steps.map((s) => s.label)).toEqual(labels)
    const [stolen, attacker1, client, attacker2, api] = state.steps.slice(6)
    const token = stolen!.values[0]!.value
    expect(new URLSearchParams(attacker1!.exchange!.request.body).get('refresh_token')).toBe(token)
    expect(status(attacker1!)).toBe(200)
    expect(body(attacker1!)).not.toHaveProperty('refresh_token')
    expect(new URLSearchParams(client!.exchange!.request.body).get('refresh_token')).toBe(token)
    expect(status(client!)).toBe(200)
    expect(new URLSearchParams(attacker2!.exchange!.request.body).get('refresh_token')).toBe(token)
    expect(status(attacker2!)).toBe(200)
    expect(body(attacker2!)['access_token']).not.toBe(body(attacker1!)['access_token'])
    expect(status(api!)).toBe(200)
    expect(verdict?.attacker).toBe('succeeded')
    expect(verdict?.got).toEqual([
      expect.objectContaining({ name: 'refresh_token', value: token }),
      expect.objectContaining({ name: 'access_token', value: body(attacker2!)['access_token'] }),
    ])
  })

  it('hardened: MovieMatch’s refresh reveals the reuse; the family is revoked and the attacker’s tokens die', async () => {
    const { state, verdict } = await runLesson('lesson-refresh-theft', 'hardened')
    expect(state).toMatchObject({ status: 'done', failed: false })
    expect(state.steps.map((s) => s.label)).toEqual(labels)
    const [, attacker1, client, attacker2, api] = state.steps.slice(6)
    expect(status(attacker1!)).toBe(200)
    expect(body(attacker1!)['refresh_token']).toEqual(expect.any(String))
    expect(status(client!)).toBe(400)
    expect(client!.exchange!.trace.find((e) => e.policy === 'refreshReuse')?.outcome).toBe('fail')
    expect(verdict).toMatchObject({
      attacker: 'stopped',
      stoppedBy: { who: 'server', check: 'check-refresh-token', error: 'invalid_grant' },
    })
    expect(client!.verdict).toBe(verdict)
    expect(new URLSearchParams(attacker2!.exchange!.request.body).get('refresh_token')).toBe(
      body(attacker1!)['refresh_token'],
    )
    expect(body(attacker2!)).toEqual({
      error: 'invalid_grant',
      error_description: 'The refresh token was revoked',
    })
    const bearer = api!.exchange!.request.headers.find(([n]) => n === 'authorization')![1]
    expect(bearer).toBe(`Bearer ${String(body(attacker1!)['access_token'])}`)
    expect(status(api!)).toBe(401)
    expect(body(api!)).toEqual({ error: 'invalid_token', error_description: 'The access token was revoked' })
    expect(api!.exchange!.response!.headers.find(([n]) => n === 'www-authenticate')![1]).toContain(
      'error="invalid_token"',
    )
  })
})
