import { describe, expect, it } from 'vitest'
import { toServed } from '../../node/recording-server.ts'
import { jsonTextResponse } from './responses.ts'
import { bodyText, knownBody, withKnownBody } from './known-body.ts'

describe('known bodies', () => {
  it('gives back the recorded text without reading the stream, and reads the stream when none was recorded', async () => {
    const recorded = withKnownBody(new Request('http://x/', { method: 'POST', body: 'a=1' }), 'a=1')
    expect(await bodyText(recorded)).toBe('a=1')
    expect(recorded.bodyUsed).toBe(false)
    const plain = new Request('http://x/', { method: 'POST', body: 'b=2' })
    expect(knownBody(plain)).toBeUndefined()
    expect(await bodyText(plain)).toBe('b=2')
  })

  it('a served response is byte for byte what its stream holds, also for text that is not valid UTF-16', async () => {
    for (const text of ['{"a":1}', '{"name":"Zoë 🔑"}', `{"odd":"\ud800"}`]) {
      const served = await toServed(jsonTextResponse(text), [])
      const streamed = Buffer.from(await jsonTextResponse(text).arrayBuffer())
      expect(served.body.equals(streamed)).toBe(true)
    }
  })
})
