import { describe, expect, it } from 'vitest'
import { harLog } from './har.ts'

describe('harLog', () => {
  const har = harLog(
    [
      {
        comment: '6. Callback',
        exchange: {
          request: {
            method: 'GET',
            url: 'http://localhost/callback?code=c1&state=s1',
            headers: [['cookie', 'sid=abc; theme=dark']],
          },
          trace: [],
          durationMs: 0,
          startedAt: Date.UTC(2026, 0, 5, 9),
        },
      },
      {
        comment: '7. Token',
        exchange: {
          request: {
            method: 'POST',
            url: 'http://localhost/as/token',
            headers: [['content-type', 'application/x-www-form-urlencoded']],
            body: 'code=c1',
          },
          response: {
            status: 302,
            statusText: 'Found',
            headers: [
              ['location', '/as/consent'],
              ['set-cookie', 'sid=xyz; Path=/as; HttpOnly'],
              ['content-type', 'application/json'],
            ],
            body: '{"é":1}',
          },
          trace: [],
          durationMs: 2.5,
        },
      },
    ],
    { creatorVersion: '0.1.0', comment: 'run', now: Date.UTC(2026, 0, 5, 10) },
  )
  const [callback, token] = har.log.entries

  it('is HAR 1.2 with one entry per exchange, in order', () => {
    expect(har.log.version).toBe('1.2')
    expect(har.log.creator.name).toBe('Grantscope')
    expect(har.log.entries.map((e) => e.comment)).toEqual(['6. Callback', '7. Token'])
    expect(JSON.parse(JSON.stringify(har))).toEqual(har)
  })

  it('fills query strings, cookies, post data, sizes in bytes and redirects', () => {
    expect(callback?.startedDateTime).toBe('2026-01-05T09:00:00.000Z')
    expect(callback?.request.queryString).toEqual([
      { name: 'code', value: 'c1' },
      { name: 'state', value: 's1' },
    ])
    expect(callback?.request.cookies).toEqual([
      { name: 'sid', value: 'abc' },
      { name: 'theme', value: 'dark' },
    ])
    expect(token?.request.postData).toEqual({
      mimeType: 'application/x-www-form-urlencoded',
      text: 'code=c1',
    })
    expect(token?.response.content.size).toBe(8) // "é" is two bytes
    expect(token?.response.redirectURL).toBe('/as/consent')
    expect(token?.response.cookies).toEqual([{ name: 'sid', value: 'xyz' }])
    expect(token?.startedDateTime).toBe('2026-01-05T10:00:00.000Z')
  })

  it('says so when a request got no HTTP response', () => {
    expect(callback?.response.status).toBe(0)
    expect(callback?.response.comment).toMatch(/No HTTP response/)
  })
})
