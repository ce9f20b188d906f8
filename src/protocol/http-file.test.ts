import { describe, expect, it } from 'vitest'
import { httpFile } from './http-file.ts'

describe('httpFile', () => {
  it('writes one request per ### block, against the {{origin}} variable', () => {
    const text = httpFile(
      [
        {
          title: '1. Discovery',
          exchange: {
            request: {
              method: 'GET',
              url: 'http://localhost:4100/as/.well-known/openid-configuration',
              headers: [['accept', 'application/json']],
            },
            trace: [],
            durationMs: 1,
          },
        },
        {
          title: '2. Token\nrequest',
          note: 'Only the server that issued this code accepts it.',
          exchange: {
            request: {
              method: 'POST',
              url: 'http://localhost:4100/as/token?x=1',
              headers: [
                ['content-type', 'application/x-www-form-urlencoded'],
                ['content-length', '10'],
              ],
              body: 'code=abc',
            },
            trace: [],
            durationMs: 1,
          },
        },
        {
          title: '3. Elsewhere',
          exchange: {
            request: { method: 'GET', url: 'https://provider.example/x', headers: [] },
            trace: [],
            durationMs: 1,
          },
        },
      ],
      { serverOrigin: 'http://localhost:4100', origin: 'http://localhost:8080', comments: ['Exported run'] },
    )
    expect(text).toBe(
      [
        '# Exported run',
        '',
        '@origin = http://localhost:8080',
        '',
        '### 1. Discovery',
        'GET {{origin}}/as/.well-known/openid-configuration HTTP/1.1',
        'accept: application/json',
        '',
        '### 2. Token request',
        '# Only the server that issued this code accepts it.',
        'POST {{origin}}/as/token?x=1 HTTP/1.1',
        'content-type: application/x-www-form-urlencoded',
        '',
        'code=abc',
        '',
        '### 3. Elsewhere',
        'GET https://provider.example/x HTTP/1.1',
        '',
      ].join('\n'),
    )
  })
})
