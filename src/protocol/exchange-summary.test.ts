import { describe, expect, it } from 'vitest'
import { responseSummary } from './exchange-summary.ts'
import type { HttpExchange, RecordedResponse } from './http-exchange.ts'

const json = { 'content-type': 'application/json' }
const html = { 'content-type': 'text/html; charset=utf-8' }

function answered(
  status: number,
  headers: Record<string, string>,
  body = '',
  url = 'https://as.example/as/token',
): HttpExchange {
  const response: RecordedResponse = {
    status,
    statusText: status === 401 ? 'Unauthorized' : '',
    headers: Object.entries(headers),
    body,
  }
  return { request: { method: 'GET', url, headers: [] }, response, trace: [], durationMs: 0 }
}

describe('responseSummary', () => {
  it('names what a redirect carries: code, error, or fragment tokens', () => {
    expect(
      responseSummary(answered(302, { location: 'https://app.example/callback?code=abc&state=s&iss=x' }, '')),
    ).toBe('302 + code')
    expect(responseSummary(answered(302, { location: '/callback?error=access_denied&state=s' }, ''))).toBe(
      '302 + access_denied',
    )
    expect(
      responseSummary(
        answered(302, { location: 'https://app.example/callback#access_token=t&id_token=i&state=s' }),
      ),
    ).toBe('302 + #access_token + id_token')
    expect(responseSummary(answered(303, { location: '/as/consent?interaction=1' }))).toBe(
      '303 → /as/consent',
    )
  })

  it('names a successful body by its members', () => {
    expect(responseSummary(answered(200, json, '{"access_token":"a","token_type":"Bearer"}'))).toBe(
      '200 tokens',
    )
    expect(responseSummary(answered(200, json, '{"keys":[{"kty":"RSA"}]}'))).toBe('200 keys (JWKS)')
    expect(
      responseSummary(
        answered(200, json, '{"issuer":"x","authorization_endpoint":"y","token_endpoint":"z"}'),
      ),
    ).toBe('200 metadata')
    expect(responseSummary(answered(200, json, '{"sub":"alice","name":"Alice","email_verified":true}'))).toBe(
      '200 claims',
    )
    expect(responseSummary(answered(200, json, '{"sub":"alice","friends":[{"name":"Bob"}]}'))).toBe(
      '200 data',
    )
    expect(responseSummary(answered(200, json, '{"device_code":"d","user_code":"U"}'))).toBe(
      '200 device_code + user_code',
    )
  })

  it('tells the authorization server’s pages apart', () => {
    expect(responseSummary(answered(200, html, '<input name="password" type="password">'))).toBe(
      '200 login page',
    )
    expect(responseSummary(answered(200, html, '<button name="decision" value="allow">'))).toBe(
      '200 consent page',
    )
    expect(responseSummary(answered(200, html, '<p>Hello</p>'))).toBe('200 page')
  })

  it('gives the OAuth error code of a failure, from the body or from WWW-Authenticate', () => {
    expect(responseSummary(answered(400, json, '{"error":"invalid_grant"}'))).toBe('400 invalid_grant')
    expect(
      responseSummary(answered(401, { 'www-authenticate': 'Bearer realm="api", error="invalid_token"' }, '')),
    ).toBe('401 invalid_token')
    expect(responseSummary(answered(400, html, '<h1>Unknown client</h1>'))).toBe('400 error page')
    expect(responseSummary(answered(401, {}, ''))).toBe('401 Unauthorized')
  })

  it('has nothing to say when nobody answered over HTTP', () => {
    const { response: _, ...requestOnly } = answered(200, json)
    expect(responseSummary(requestOnly)).toBeUndefined()
  })
})
