import { describe, expect, it } from 'vitest'
import { curlAdvice } from './curl-advice.ts'

const get = (url: string, headers: [string, string][] = []) => ({ method: 'GET', url, headers })

describe('curlAdvice', () => {
  it('calls discovery, JWKS and a new authorization request portable', () => {
    expect(curlAdvice(get('http://localhost/as/.well-known/openid-configuration')).portable).toBe(true)
    expect(curlAdvice(get('http://localhost/as/jwks')).portable).toBe(true)
    expect(
      curlAdvice(get('http://localhost/as/authorize?response_type=code&client_id=spa&state=x')).portable,
    ).toBe(true)
  })

  it('names what ties a request to the server that issued it', () => {
    const token = curlAdvice({
      method: 'POST',
      url: 'http://localhost/as/token',
      headers: [['content-type', 'application/x-www-form-urlencoded']],
      body: 'grant_type=authorization_code&code=abc&code_verifier=v',
    })
    expect(token).toEqual({ portable: false, ties: ['the authorization code'] })
    expect(curlAdvice(get('http://localhost/rs/me', [['authorization', 'Bearer x']])).ties).toEqual([
      'the access token',
    ])
    expect(curlAdvice(get('http://localhost/callback?code=1&state=2')).ties).toContain(
      'the client running in this page (it handles the callback)',
    )
    expect(curlAdvice(get('http://localhost/as/consent', [['cookie', 'sid=1']])).ties).toEqual([
      'the session cookie',
    ])
  })
})
