import { describe, expect, it } from 'vitest'
import { findFlow } from '../catalogue.ts'
import { failedChecks, harness, resign, runFlow, tamperResponse, testOrigin } from '../flow-test-utils.ts'
import { implicitFlow } from './implicit-machine.ts'

const configOf = (variant: string) => findFlow('implicit', variant).variant.config(testOrigin)

/** Rewrites the fragment of the consent redirect. */
const tamperFragment = (edit: (fragment: URLSearchParams) => Promise<void> | void) =>
  tamperResponse('/as/consent', async (response) => {
    const location = new URL(response.headers.get('location')!)
    const fragment = new URLSearchParams(location.hash.slice(1))
    await edit(fragment)
    location.hash = fragment.toString()
    const headers = new Headers(response.headers)
    headers.set('location', location.href)
    return new Response(null, { status: response.status, headers })
  })

describe('implicit flow', () => {
  it('receives the access token in the URL fragment, with no refresh token', async () => {
    const state = await runFlow(implicitFlow, configOf('token'), 'token', await harness())
    expect(state).toMatchObject({ status: 'done', failed: false })
    expect(state.steps.map((s) => s.label)).toEqual([
      'GET /as/.well-known/openid-configuration',
      'redirect → /as/authorize',
      'GET /as/authorize',
      'POST /as/login',
      'POST /as/consent',
      'GET /callback#access_token=…',
      'GET /rs/me/friends/movies',
    ])
    expect(new URL(state.steps[1]!.redirectTo!).searchParams.get('response_type')).toBe('token')
    const callback = state.steps[5]!
    expect(callback.tokens?.map((t) => t.name)).toEqual(['access_token'])
    expect(callback.checks.map((c) => [c.check, c.outcome])).toContainEqual(['no-refresh-token', 'pass'])
  })

  it('verifies the ID token of id_token token, at_hash included', async () => {
    const state = await runFlow(implicitFlow, configOf('id-token'), 'id-token', await harness())
    expect(state).toMatchObject({ status: 'done', failed: false })
    const verify = state.steps.find((s) => s.key === 'idTokenValidation')!
    expect(verify.checks.map((c) => c.check)).toEqual([
      'signature',
      'iss',
      'aud',
      'azp',
      'exp',
      'iat',
      'nonce',
      'at_hash',
    ])
    expect(new URL(state.steps[1]!.redirectTo!).searchParams.get('nonce')).toBeTruthy()
  })

  it('refuses an ID token whose at_hash does not match the access token beside it', async () => {
    const swap = tamperFragment(async (f) =>
      f.set(
        'id_token',
        await resign(f.get('id_token')!, (c) => ({ ...c, at_hash: 'AAAAAAAAAAAAAAAAAAAAAA' })),
      ),
    )
    const state = await runFlow(
      implicitFlow,
      configOf('id-token'),
      'id-token',
      await harness({ tamper: swap }),
    )
    expect(state).toMatchObject({ status: 'done', failed: true })
    expect(failedChecks(state)).toEqual(['at_hash'])
  })

  it('refuses a refresh token that arrives in the fragment', async () => {
    const leak = tamperFragment((f) => f.set('refresh_token', 'should-never-be-here'))
    const state = await runFlow(implicitFlow, configOf('token'), 'token', await harness({ tamper: leak }))
    expect(state).toMatchObject({ status: 'done', failed: true })
    expect(failedChecks(state)).toEqual(['no-refresh-token'])
  })
})
