import { describe, expect, it } from 'vitest'
import type { HttpExchange } from './http-exchange.ts'
import { masked, redactExchange } from './redact.ts'

const exchange: HttpExchange = {
  request: {
    method: 'POST',
    url: 'http://localhost/as/token',
    headers: [['authorization', `Basic ${btoa('legacy-app:legacy-app-secret')}`]],
    body: 'grant_type=password&username=alice&password=wonderland&scope=profile',
  },
  response: {
    status: 200,
    statusText: 'OK',
    headers: [['content-type', 'text/html']],
    body: '<p>Demo users: alice / wonderland, bob / builder</p><p>wonderlands stay</p>',
  },
  trace: [{ check: 'check-credentials', outcome: 'pass', summary: 'password wonderland ok', refs: [] }],
  durationMs: 1,
}

describe('redactExchange', () => {
  const redacted = redactExchange(exchange, { values: ['wonderland', 'builder', 'legacy-app-secret'] })

  it('masks passwords in bodies and traces, whole words only', () => {
    expect(redacted.request.body).toBe(`grant_type=password&username=alice&password=${masked}&scope=profile`)
    expect(redacted.response?.body).toBe(
      `<p>Demo users: alice / ${masked}, bob / ${masked}</p><p>wonderlands stay</p>`,
    )
    expect(redacted.trace[0]?.summary).toBe(`password ${masked} ok`)
  })

  it('masks a client secret inside HTTP Basic credentials, keeping the client_id', () => {
    const [, value = ''] = redacted.request.headers[0] ?? []
    expect(atob(value.replace('Basic ', ''))).toBe(`legacy-app:${masked}`)
  })

  it('masks a secret sent form-urlencoded inside Basic credentials (RFC 6749 §2.3.1)', () => {
    const request = {
      ...exchange.request,
      headers: [['authorization', `Basic ${btoa('web%2Dapp:web%2Dapp%2Dsecret')}`]] as const,
    }
    const [, value = ''] =
      redactExchange({ ...exchange, request }, { values: ['web-app-secret'] }).request.headers[0] ?? []
    expect(atob(value.replace('Basic ', ''))).toBe(`web%2Dapp:${masked}`)
  })

  it('masks strictly percent-encoded values in bodies', () => {
    const request = { ...exchange.request, body: 'client_secret=web%2Dapp%2Dsecret' }
    expect(redactExchange({ ...exchange, request }, { values: ['web-app-secret'] }).request.body).toBe(
      `client_secret=${masked}`,
    )
  })

  it('changes nothing without values to mask', () => {
    expect(redactExchange(exchange, { values: [] })).toBe(exchange)
  })
})
