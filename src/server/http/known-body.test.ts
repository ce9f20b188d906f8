import { createServer, request as httpRequest, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { toWebRequest } from '../../node/http-adapter.ts'
import { toServed } from '../../node/recording-server.ts'
import { jsonTextResponse } from './responses.ts'
import { bodyText, knownBody, withKnownBody } from './known-body.ts'

/** Bodies where a shortcut could differ from the stream: a BOM, invalid UTF-8, a lone surrogate. */
const awkwardBytes = [
  Buffer.from('grant_type=client_credentials&scope=a%20b'),
  Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('grant_type=x')]),
  Buffer.from([0x67, 0xc3, 0x28, 0xff, 0x3d, 0x31]),
  Buffer.from('name=Zoë&emoji=🔑'),
]

/** The Node request a socket delivers for `body`, read by the adapter. */
async function throughAdapter(body: Buffer): Promise<Request> {
  const received = new Promise<IncomingMessage>((resolve) => {
    const server = createServer((req, res) => {
      resolve(req)
      req.on('end', () => res.end())
    })
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      const req = httpRequest({
        port,
        method: 'POST',
        path: '/as/token',
        headers: { 'content-type': 'text/plain' },
      })
      req.on('response', (res) => {
        res.resume()
        server.close()
      })
      req.end(body)
    })
  })
  return toWebRequest(await received, 'http://localhost:1')
}

describe('known bodies', () => {
  it('gives back the recorded text without reading the stream, and reads the stream when none was recorded', async () => {
    const recorded = withKnownBody(new Request('http://x/', { method: 'POST', body: 'a=1' }), 'a=1')
    expect(await bodyText(recorded)).toBe('a=1')
    expect(recorded.bodyUsed).toBe(false)
    const plain = new Request('http://x/', { method: 'POST', body: 'b=2' })
    expect(knownBody(plain)).toBeUndefined()
    expect(await bodyText(plain)).toBe('b=2')
  })

  it('the Node adapter records exactly what text() would read, whatever the bytes', async () => {
    for (const bytes of awkwardBytes) {
      const request = await throughAdapter(bytes)
      const recorded = knownBody(request)
      expect(recorded).toBeDefined()
      expect(recorded).toBe(await request.clone().text())
    }
  })

  it('a served response is byte for byte what its stream holds, also for text that is not valid UTF-16', async () => {
    for (const text of ['{"a":1}', '{"name":"Zoë 🔑"}', `{"odd":"\ud800"}`]) {
      const served = await toServed(jsonTextResponse(text), [])
      const streamed = Buffer.from(await jsonTextResponse(text).arrayBuffer())
      expect(served.body.equals(streamed)).toBe(true)
    }
  })
})
