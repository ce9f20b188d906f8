import { createServer, type IncomingMessage } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { toServerRequest } from './http-adapter.ts'

const origin = 'http://localhost:1'

/** The Node request a socket delivers, and a Web `Request` built from the same bytes as a reference. */
async function received(
  method: string,
  path: string,
  headers: readonly [string, string][],
  body?: Buffer,
): Promise<{ req: IncomingMessage; reference: Request }> {
  const req = await new Promise<IncomingMessage>((resolve, reject) => {
    const server = createServer((incoming, res) => {
      resolve(incoming)
      incoming.on('end', () => res.end())
    })
    server.on('clientError', (error) => reject(error))
    server.listen(0, '127.0.0.1', () => {
      // A raw socket, so repeated fields, their case and the request target arrive exactly as written.
      const socket = connect((server.address() as AddressInfo).port, '127.0.0.1', () => {
        const lines = [`${method} ${path} HTTP/1.1`, 'Host: localhost', 'Connection: close']
        for (const [name, value] of headers) lines.push(`${name}: ${value}`)
        if (body !== undefined) lines.push(`Content-Length: ${body.length}`)
        socket.end(
          Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body ?? Buffer.alloc(0)]),
        )
      })
      socket.on('data', () => undefined)
      socket.on('close', () => server.close())
    })
  })
  const webHeaders = new Headers()
  for (let i = 0; i < req.rawHeaders.length; i += 2)
    webHeaders.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!)
  const hasBody = method !== 'GET' && method !== 'HEAD'
  const reference = new Request(origin + path, {
    method,
    headers: webHeaders,
    ...(hasBody ? { body: new Uint8Array(body ?? []) } : {}),
  })
  return { req, reference }
}

/** Bodies where a shortcut could differ from the stream: a BOM, invalid UTF-8, a lone surrogate. */
const awkwardBytes = [
  Buffer.from('grant_type=client_credentials&scope=a%20b'),
  Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('grant_type=x')]),
  Buffer.from([0x67, 0xc3, 0x28, 0xff, 0x3d, 0x31]),
  Buffer.from('name=Zoë&emoji=🔑'),
  Buffer.alloc(0),
]

describe('the Node adapter request', () => {
  it('holds the body text exactly as Request.text() reads it, whatever the bytes', async () => {
    for (const bytes of awkwardBytes) {
      const { req, reference } = await received('POST', '/as/token', [['content-type', 'text/plain']], bytes)
      const request = await toServerRequest(req, origin)
      const text = await reference.text()
      expect(request.bodyText).toBe(text)
      expect(await request.text()).toBe(text)
    }
  })

  it('holds the URL, method and headers as a Web Request holds them', async () => {
    const paths = [
      '/as/token?a=1&a=2',
      '/as/../as/jwks',
      '/as/%2e%2e/jwks',
      '/as\\x/../jwks',
      '/as/x%2Fy?q=%zz',
      '/as/%7e"<>`{}',
      '/as/token#fragment',
    ]
    const headers: [string, string][] = [
      ['Cookie', 'a=1'],
      ['cookie', 'b=2'],
      ['X-Twice', 'one'],
      ['x-twice', 'two'],
      ['Authorization', 'Basic abc'],
      ['Set-Cookie', 'z=1'],
      ['A-First', 'before the rest'],
      ['set-cookie', 'y=2'],
      ['X-Padded', ' \t padded value \t '],
      ['X-Empty', ''],
      ['X-Latin1', 'caf\u00e9'],
    ]
    for (const path of paths) {
      for (const method of ['GET', 'PUT', 'DELETE', 'OPTIONS']) {
        const { req, reference } = await received(method, path, headers)
        const request = await toServerRequest(req, origin)
        expect(request.url).toBe(reference.url)
        expect(request.method).toBe(reference.method)
        expect([...request.headers]).toEqual([...reference.headers])
        for (const name of ['cookie', 'X-TWICE', 'set-cookie', 'x-padded', 'x-empty', 'x-latin1', 'absent'])
          expect(request.headers.get(name)).toBe(reference.headers.get(name))
      }
    }
  })

  it('has no body for GET, and text() is then empty like a Web Request', async () => {
    const { req, reference } = await received('GET', '/as/jwks', [])
    const request = await toServerRequest(req, origin)
    expect(request.bodyText).toBeUndefined()
    expect(await request.text()).toBe(await reference.text())
  })
})
