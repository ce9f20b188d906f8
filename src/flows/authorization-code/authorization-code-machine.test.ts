import { describe, expect, it } from 'vitest'
import { exportJWK, generateKeyPair } from 'jose'
import { header } from '@/protocol/http-exchange.ts'
import { findFlow } from '../catalogue.ts'
import {
  failedChecks,
  harness,
  resign,
  runFlow,
  tamperJson,
  tamperResponse,
  testOrigin,
  type Harness,
} from '../flow-test-utils.ts'
import type { Transport } from '@/protocol/http-exchange.ts'
import { authorizationCodeFlow } from './authorization-code-machine.ts'

const configOf = (variant: string) => findFlow('authorization-code', variant).variant.config(testOrigin)

async function run(
  variant: 'pkce' | 'client-secret',
  options: { decision?: 'allow' | 'deny'; tamper?: (t: Transport) => Transport } = {},
) {
  const h: Harness = await harness(options.tamper ? { tamper: options.tamper } : {})
  return runFlow(authorizationCodeFlow, configOf(variant), variant, h, options)
}

describe('authorization code flow', () => {
  it('runs the PKCE variant end to end, every step labelled from its exchange', async () => {
    const state = await run('pkce')
    expect(state).toMatchObject({ status: 'done', failed: false })
    expect(state.steps.map((s) => s.label)).toEqual([
      'GET /as/.well-known/openid-configuration',
      'redirect → /as/authorize',
      'GET /as/authorize',
      'POST /as/login',
      'POST /as/consent',
      'GET /callback?code=…',
      'POST /as/token',
      'GET /as/jwks',
      'GET /as/userinfo',
      'GET /rs/me/friends/movies',
    ])
    const token = state.steps[6]!
    const verifier = state.steps[1]!.values.find((v) => v.name === 'code_verifier')?.value
    expect(new URLSearchParams(token.exchange!.request.body).get('code_verifier')).toBe(verifier)
    expect(header(token.exchange!.request.headers, 'authorization')).toBeUndefined()
    expect(state.steps.every((s) => s.checks.every((c) => c.outcome !== 'fail'))).toBe(true)
    expect(state.steps[6]!.tokens?.map((t) => t.name)).toEqual(['access_token', 'id_token', 'refresh_token'])
    expect(state.steps[7]!.jwks?.keys).toHaveLength(1)
    expect(state.steps.at(-1)!.exchange!.response!.status).toBe(200)
  })

  it('authenticates the confidential client with HTTP Basic and sends no verifier', async () => {
    const state = await run('client-secret')
    expect(state).toMatchObject({ status: 'done', failed: false })
    const token = state.steps[6]!
    const basic = header(token.exchange!.request.headers, 'authorization')!
    expect(basic).toMatch(/^Basic /)
    // RFC 6749 §2.3.1: each part is form-urlencoded before base64.
    expect(atob(basic.slice(6)).split(':').map(decodeURIComponent)).toEqual(['web-app', 'web-app-secret'])
    expect(new URLSearchParams(token.exchange!.request.body).has('code_verifier')).toBe(false)
    expect(state.steps[1]!.values.map((v) => v.name)).not.toContain('code_verifier')
  })

  it('explains a denial: access_denied with state and iss, and no token request', async () => {
    const state = await run('pkce', { decision: 'deny' })
    expect(state).toMatchObject({ status: 'done', failed: true })
    const callback = state.steps.at(-1)!
    expect(callback.label).toBe('GET /callback?error=…')
    expect(callback.failure?.title).toBe('The user denied access (access_denied)')
    expect(callback.checks.find((c) => c.check === 'state-matches')?.outcome).toBe('pass')
    expect(callback.checks.find((c) => c.check === 'iss-matches')?.outcome).toBe('pass')
    expect(state.steps.some((s) => s.label.includes('/token'))).toBe(false)
  })

  it('stops with a clear failure when the issuer is unreachable', async () => {
    const h = await harness({ tamper: () => () => Promise.reject(new TypeError('Failed to fetch')) })
    const state = await runFlow(
      authorizationCodeFlow,
      { ...configOf('pkce'), issuer: 'https://idp.example/realms/demo' },
      'pkce',
      h,
    )
    const failed = state.steps.at(-1)
    expect(failed?.key).toBe('discovery')
    expect(failed?.failure?.title).toBe('The discovery document could not be reached')
    expect(failed?.failure?.hint).toMatch(/CORS/)
  })

  it('derives its outline from state meta', () => {
    expect(authorizationCodeFlow.plan.map((m) => m.title)).toEqual([
      'The client reads the server’s configuration',
      'The client sends the user to the authorization server',
      'The browser asks the authorization server',
      'The user signs in at the authorization server',
      'The user decides what the client may do',
      'The browser brings the answer back to the client',
      'The client exchanges the code for tokens',
      'The client verifies the ID token',
      'The client asks who the user is',
      'MovieMatch reads the friends’ movies',
    ])
  })
})

/** Rewrites the Location of the consent redirect (what the browser brings back to the client). */
const tamperCallback = (edit: (url: URL) => void) =>
  tamperResponse('/as/consent', (response) => {
    const location = new URL(response.headers.get('location')!)
    edit(location)
    const headers = new Headers(response.headers)
    headers.set('location', location.href)
    return new Response(null, { status: response.status, headers })
  })

const tamperIdToken = (edit: (claims: Record<string, unknown>) => Record<string, unknown>) =>
  tamperJson('/as/token', async (body) => ({
    ...body,
    id_token: await resign(body['id_token'] as string, edit),
  }))

/**
 * Each of the client's own checks fails on a response tampered with in just that way — and the
 * step says so. Forcing any one of these checks to pass makes its row fail.
 */
describe('the client’s checks catch tampered responses', () => {
  const cases: [string, string, (t: Transport) => Transport][] = [
    ['state-matches', 'callback', tamperCallback((u) => u.searchParams.set('state', 'attacker-state'))],
    ['iss-matches', 'callback', tamperCallback((u) => u.searchParams.set('iss', 'https://evil.example/as'))],
    [
      'issuer-matches',
      'discovery',
      tamperJson('/as/.well-known/openid-configuration', (b) => ({ ...b, issuer: `${testOrigin}/as/` })),
    ],
    ['token-type', 'tokenRequest', tamperJson('/as/token', (b) => ({ ...b, token_type: 'mac' }))],
    ['expires-in', 'tokenRequest', tamperJson('/as/token', (b) => ({ ...b, expires_in: '3600' }))],
    [
      'no-store',
      'tokenRequest',
      tamperResponse('/as/token', async (r) => {
        const headers = new Headers(r.headers)
        headers.delete('cache-control')
        return new Response(await r.text(), { status: r.status, headers })
      }),
    ],
    ['aud', 'idTokenValidation', tamperIdToken((c) => ({ ...c, aud: 'web-app', azp: undefined }))],
    [
      'azp',
      'idTokenValidation',
      tamperIdToken((c) => ({ ...c, aud: ['spa', 'other-app'], azp: 'other-app' })),
    ],
    ['iss', 'idTokenValidation', tamperIdToken((c) => ({ ...c, iss: 'https://evil.example/as' }))],
    ['exp', 'idTokenValidation', tamperIdToken((c) => ({ ...c, exp: (c['iat'] as number) - 10 }))],
    [
      'iat',
      'idTokenValidation',
      tamperIdToken((c) => ({ ...c, iat: (c['iat'] as number) + 3600, exp: (c['exp'] as number) + 3600 })),
    ],
    ['nonce', 'idTokenValidation', tamperIdToken((c) => ({ ...c, nonce: 'replayed-nonce' }))],
    ['at_hash', 'idTokenValidation', tamperIdToken((c) => ({ ...c, at_hash: 'AAAAAAAAAAAAAAAAAAAAAA' }))],
    [
      'signature',
      'idTokenValidation',
      tamperJson('/as/token', async (body) => {
        const { privateKey } = await generateKeyPair('RS256', { extractable: true })
        const otherKey = { ...(await exportJWK(privateKey)), kid: 'flow-test-key' }
        return { ...body, id_token: await resign(body['id_token'] as string, (c) => c, otherKey) }
      }),
    ],
    ['sub-matches', 'userinfo', tamperJson('/as/userinfo', (b) => ({ ...b, sub: 'bob-1999' }))],
  ]

  it.each(cases)('%s fails at the %s step', async (check, stepKey, tamper) => {
    const state = await run('pkce', { tamper })
    expect(state).toMatchObject({ status: 'done', failed: true })
    expect(state.steps.at(-1)!.key).toBe(stepKey)
    expect(failedChecks(state)).toEqual([check])
    expect(state.steps.at(-1)!.failure).toBeDefined()
  })
})
