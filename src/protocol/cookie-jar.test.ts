import { describe, expect, it } from 'vitest'
import { CookieJar, cookieHeaderOf, setCookiesOf, withCookieHeader, withSetCookies } from './cookie-jar.ts'

describe('CookieJar', () => {
  it('sends a cookie back only to its origin and path', () => {
    const jar = new CookieJar()
    jar.store('http://localhost/as/login', ['gs_session=abc; Path=/as; HttpOnly; SameSite=Lax'])
    expect(jar.headerFor('http://localhost/as/authorize')).toBe('gs_session=abc')
    expect(jar.headerFor('http://localhost/rs/me')).toBeUndefined()
    expect(jar.headerFor('http://evil.example/as/authorize')).toBeUndefined()
  })

  it('forgets a cookie that is expired by Max-Age=0', () => {
    const jar = new CookieJar()
    jar.store('http://localhost/', ['a=1; Path=/'])
    jar.store('http://localhost/', ['a=; Path=/; Max-Age=0'])
    expect(jar.headerFor('http://localhost/')).toBeUndefined()
  })
})

describe('cookie side channel', () => {
  it('carries Cookie and Set-Cookie beside messages whose headers may not hold them', () => {
    const request = withCookieHeader(new Request('http://localhost/as/consent'), 'gs_session=abc')
    expect(cookieHeaderOf(request)).toBe('gs_session=abc')
    expect(cookieHeaderOf(new Request('http://localhost/', { headers: { cookie: 'real=1' } }))).toBe('real=1')
    const response = withSetCookies(new Response('ok'), ['a=1; Path=/'])
    expect(setCookiesOf(response)).toEqual(['a=1; Path=/'])
  })
})
