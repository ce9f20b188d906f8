import { describe, expect, it } from 'vitest'
import { header } from '@/protocol/http-exchange.ts'
import { findFlow } from '../catalogue.ts'
import { failedChecks, harness, runFlow, tamperResponse, testOrigin } from '../flow-test-utils.ts'
import { clientCredentialsFlow } from './client-credentials-machine.ts'

const configOf = (variant: string) => findFlow('client-credentials', variant).variant.config(testOrigin)

describe('client credentials flow', () => {
  it('gets an app-only token with HTTP Basic, reads the catalogue, and is refused at a user endpoint', async () => {
    const state = await runFlow(clientCredentialsFlow, configOf('basic'), 'basic', await harness())
    expect(state).toMatchObject({ status: 'done', failed: false })
    expect(state.steps.map((s) => s.label)).toEqual([
      'GET /as/.well-known/openid-configuration',
      'POST /as/token',
      'GET /rs/movies',
      'GET /rs/me/friends/movies',
    ])
    const token = state.steps[1]!
    expect(header(token.exchange!.request.headers, 'authorization')).toMatch(/^Basic /)
    expect(new URLSearchParams(token.exchange!.request.body).get('grant_type')).toBe('client_credentials')
    expect(token.tokens?.map((t) => t.name)).toEqual(['access_token'])
    const refused = state.steps[3]!
    expect(refused.exchange?.response?.status).toBe(403)
    expect(refused.checks).toEqual([expect.objectContaining({ check: 'api-refused', outcome: 'info' })])
    expect(refused.failure).toBeUndefined()
  })

  it('sends the secret in the body with client_secret_post', async () => {
    const state = await runFlow(clientCredentialsFlow, configOf('post'), 'post', await harness())
    const body = new URLSearchParams(state.steps[1]!.exchange!.request.body)
    expect(body.get('client_id')).toBe('service')
    expect(body.get('client_secret')).toBe('service-secret')
    expect(header(state.steps[1]!.exchange!.request.headers, 'authorization')).toBeUndefined()
  })

  it('explains a wrong secret: invalid_client from the server, and the flow stops', async () => {
    const state = await runFlow(
      clientCredentialsFlow,
      { ...configOf('basic'), clientSecret: 'wrong' },
      'basic',
      await harness(),
    )
    expect(state).toMatchObject({ status: 'done', failed: true })
    expect(state.steps.at(-1)!.failure?.title).toBe('The server answered invalid_client')
    expect(state.steps.at(-1)!.exchange?.response?.status).toBe(401)
  })

  it('fails the lesson when a user endpoint accepts the app-only token', async () => {
    const accepting = tamperResponse(
      '/rs/me/friends/movies',
      () => new Response('{"friends":[]}', { status: 200, headers: { 'content-type': 'application/json' } }),
    )
    const state = await runFlow(
      clientCredentialsFlow,
      configOf('basic'),
      'basic',
      await harness({ tamper: accepting }),
    )
    expect(state).toMatchObject({ status: 'done', failed: true })
    expect(state.steps.at(-1)!.failure?.title).toBe(
      'The API answered 200 where it should have refused with insufficient_scope',
    )
    expect(failedChecks(state)).toEqual([])
  })
})
