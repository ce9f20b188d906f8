import { describe, expect, it } from 'vitest'
import {
  asciiText,
  base64urlDecode,
  base64urlEncode,
  base64urlEncodeInto,
  base64urlLength,
} from './base64url.ts'

describe('base64url', () => {
  it('encodes the RFC 4648 §10 test vectors, without padding', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'Zg'],
      ['fo', 'Zm8'],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg'],
      ['fooba', 'Zm9vYmE'],
      ['foobar', 'Zm9vYmFy'],
    ]
    for (const [text, encoded] of vectors)
      expect(base64urlEncode(new TextEncoder().encode(text))).toBe(encoded)
  })

  it('uses - and _ and matches Node for every length and byte, round trip included', () => {
    expect(base64urlEncode(new Uint8Array([0xfb, 0xff, 0xbf]))).toBe('-_-_')
    for (let length = 0; length < 70; length++) {
      const bytes = crypto.getRandomValues(new Uint8Array(length))
      const encoded = base64urlEncode(bytes)
      expect(encoded).toBe(Buffer.from(bytes).toString('base64url'))
      expect(base64urlDecode(encoded)).toEqual(bytes)
    }
  })

  it('writes into a buffer at an offset, exactly as long as base64urlLength says', () => {
    for (let length = 0; length < 40; length++) {
      const bytes = crypto.getRandomValues(new Uint8Array(length))
      const size = base64urlLength(length)
      const out = new Uint8Array(size + 4).fill(0x2e)
      expect(base64urlEncodeInto(bytes, out, 2)).toBe(2 + size)
      expect(asciiText(out)).toBe(`..${Buffer.from(bytes).toString('base64url')}..`)
    }
  })
})
