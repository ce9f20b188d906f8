import { describe, expect, it } from 'vitest'
import { setCookiesOf } from '@/protocol/cookie-jar.ts'
import { reply, toResponse } from './reply.ts'

/** What `new Response()` does with the same arguments: the reply must refuse exactly these. */
function webResponse(status: number, headers: Record<string, string>, body: string | null): Response {
  return new Response(body, { status, headers })
}

const refused: [string, number, Record<string, string>, string | null][] = [
  [
    'a CR LF in a value (header injection)',
    401,
    { 'WWW-Authenticate': 'Bearer error="x"\r\nSet-Cookie: a=1' },
    '{}',
  ],
  ['a lone LF in a value', 200, { Location: 'https://a.example/\nx' }, null],
  ['a NUL in a value', 200, { 'X-A': 'a\0b' }, null],
  ['a character above U+00FF', 400, { 'WWW-Authenticate': 'Bearer error_description="🔑"' }, '{}'],
  ['a header name that is not a token', 200, { 'Bad Name': 'x' }, '{}'],
  ['a status below 200', 199, {}, null],
  ['a status above 599', 600, {}, null],
  ['a body on a 204', 204, {}, ''],
]

describe('replies', () => {
  it.each(refused)('are refused where new Response() throws: %s', (_, status, headers, body) => {
    expect(() => webResponse(status, headers, body)).toThrow()
    expect(() => reply(status, headers, body)).toThrow()
  })

  it('hold headers as a Response holds them: surrounding whitespace trimmed, other bytes kept', async () => {
    const headers = { 'X-Spaces': ' \t a b \t ', 'X-Latin1': 'Zo\u00eb', 'Cache-Control': 'no-store' }
    const made = reply(200, headers, 'x')
    const web = webResponse(200, headers, 'x')
    for (const [name, value] of Object.entries(made.headers)) expect(value).toBe(web.headers.get(name))
    expect(await toResponse(made).text()).toBe('x')
  })

  it('becomes a Response with the same status, headers and body, its Set-Cookie also carried beside', async () => {
    const made = reply(
      200,
      { 'Content-Type': 'text/html', 'Set-Cookie': 'gs_session=abc; Path=/as' },
      '<p>é</p>',
    )
    const response = toResponse(made)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html')
    expect(await response.text()).toBe('<p>é</p>')
    expect(setCookiesOf(response)).toEqual(['gs_session=abc; Path=/as'])
    expect(toResponse(reply(302, { Location: '/x' }, null)).body).toBeNull()
  })

  it('checks a frozen header set once, and answers with it exactly as with a fresh copy', () => {
    for (const [, status, headers, body] of refused) {
      const frozen = Object.freeze({ ...headers })
      expect(() => reply(status, frozen, body)).toThrow()
      expect(() => reply(status, frozen, body)).toThrow()
    }
    const constant = Object.freeze({ 'Cache-Control': ' no-store ', Pragma: 'no-cache' })
    for (const body of ['x', null, 'y']) {
      const first = reply(200, constant, body)
      expect(first).toEqual(reply(200, { ...constant }, body))
      expect(reply(200, constant, body)).toEqual(first)
    }
    expect(reply(200, constant, 'x').headers['Content-Type']).toBe('text/plain;charset=UTF-8')
    expect(reply(200, constant, null).headers['Content-Type']).toBeUndefined()
    expect(reply(200, constant, null).headers).toBe(reply(200, constant, null).headers)
  })
})
