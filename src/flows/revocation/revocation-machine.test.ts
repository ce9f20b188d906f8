import { describe, expect, it } from 'vitest'
import { findFlow } from '../catalogue.ts'
import { harness, runFlow, tamperJson, testOrigin } from '../flow-test-utils.ts'
import { revocationFlow } from './revocation-machine.ts'

const header = (list: readonly (readonly [string, string])[], name: string) =>
  list.find(([k]) => k.toLowerCase() === name)?.[1]

const config = findFlow('revocation', 'refresh-token').variant.config(testOrigin)

describe('revocation and introspection flow', () => {
  it('introspects an active token, revokes the refresh token, then finds the grant’s tokens dead everywhere', async () => {
    const h = await harness()
    const state = await runFlow(revocationFlow, config, 'refresh-token', h)
    expect(state).toMatchObject({ status: 'done', failed: false })
    expect(state.steps.map((s) => `${s.label} ${s.exchange?.response?.status ?? ''}`.trim())).toEqual([
      'GET /as/.well-known/openid-configuration 200',
      'redirect → /as/authorize',
      'GET /as/authorize 200',
      'POST /as/login 200',
      'POST /as/consent 302',
      'POST /as/token 200',
      'POST /as/introspect 200',
      'GET /rs/me/friends/movies 200',
      'POST /as/revoke 200',
      'POST /as/introspect 200',
      'POST /as/token 400',
      'GET /rs/me/friends/movies 401',
    ])
    const byKey = Object.fromEntries(state.steps.map((s) => [s.key, s]))
    const held = byKey['redeem']!.tokens!
    const access = held.find((t) => t.name === 'access_token')!.value
    const refresh = held.find((t) => t.name === 'refresh_token')!.value

    const before = byKey['introspect']!.exchange!
    expect(new URLSearchParams(before.request.body).get('token')).toBe(access)
    expect(header(before.request.headers, 'authorization')).toMatch(/^Basic /)
    const described = JSON.parse(before.response!.body) as Record<string, unknown>
    expect(described).toMatchObject({ active: true, client_id: 'web-app', token_type: 'Bearer' })
    expect(described['sub']).toMatch(/^alice/)

    const revoke = new URLSearchParams(byKey['revoke']!.exchange!.request.body)
    expect([revoke.get('token'), revoke.get('token_type_hint')]).toEqual([refresh, 'refresh_token'])
    expect(byKey['revoke']!.exchange!.response!.body).toBe('')
    expect(byKey['revoke']!.exchange!.trace.map((t) => `${t.outcome} ${t.check}`)).toContain(
      'pass revoke-token',
    )

    const after = byKey['introspectAgain']!.exchange!
    expect(new URLSearchParams(after.request.body).get('token')).toBe(access)
    expect(JSON.parse(after.response!.body)).toStrictEqual({ active: false })
    expect(byKey['introspectAgain']!.tokens!.find((t) => t.name === 'access_token')!.status).toMatch(
      /inactive/,
    )

    const refused = byKey['refreshRefused']!.exchange!
    expect(new URLSearchParams(refused.request.body).get('refresh_token')).toBe(refresh)
    expect(JSON.parse(refused.response!.body)).toMatchObject({ error: 'invalid_grant' })
    expect(refused.trace.some((t) => t.outcome === 'fail')).toBe(true)
    expect(header(byKey['readRefused']!.exchange!.response!.headers, 'www-authenticate')).toMatch(
      /invalid_token/,
    )
  })

  it('fails the step, naming the server’s fault, when revocation does not reach the access token', async () => {
    // The revocation request loses its token on the way: the server answers 200 and revokes
    // nothing (RFC 7009 §2.2), exactly like a server that ignores revocation. The client must notice.
    const h = await harness({
      tamper: (transport) => async (request) =>
        transport(
          new URL(request.url).pathname === '/as/revoke'
            ? new Request(request.url, {
                method: 'POST',
                headers: request.headers,
                body: 'token=not-a-token-of-this-server&token_type_hint=refresh_token',
              })
            : request,
        ),
    })
    const state = await runFlow(revocationFlow, config, 'refresh-token', h)
    expect(state).toMatchObject({ status: 'done', failed: true })
    const last = state.steps.at(-1)!
    expect(last.key).toBe('introspectAgain')
    expect(last.failure?.title).toBe('The revoked grant’s access token is still described as active')
    expect(JSON.parse(last.exchange!.response!.body)).toMatchObject({ active: true })
    expect(last.checks.filter((c) => c.outcome === 'fail').map((c) => c.check)).toEqual([
      'inactive',
      'inactive-no-details',
    ])
    expect(last.failure?.message).toMatch(/^active: true — the access token still works/)
  })

  it('stops at the first introspection when the server calls a fresh token inactive', async () => {
    const h = await harness({ tamper: tamperJson('/as/introspect', () => ({ active: false })) })
    const state = await runFlow(revocationFlow, config, 'refresh-token', h)
    expect(state).toMatchObject({ status: 'done', failed: true })
    const last = state.steps.at(-1)!
    expect([last.key, last.failure?.title]).toEqual([
      'introspect',
      'The introspection response does not describe the token',
    ])
    expect(last.checks.filter((c) => c.outcome === 'fail').map((c) => c.check)).toEqual([
      'active',
      'introspected-client',
    ])
  })

  it('stops at the redemption, saying why, when no refresh token comes', async () => {
    const withoutRefresh = tamperJson('/as/token', ({ refresh_token: _dropped, ...rest }) => rest)
    const state = await runFlow(
      revocationFlow,
      config,
      'refresh-token',
      await harness({ tamper: withoutRefresh }),
    )
    const last = state.steps.at(-1)!
    expect([state.failed, last.key, last.failure?.title]).toEqual([true, 'redeem', 'No refresh token came'])
  })
})
