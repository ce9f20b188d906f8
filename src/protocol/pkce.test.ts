import { describe, expect, it } from 'vitest'
import { computeS256Challenge, generateCodeVerifier, isValidCodeVerifier, timingSafeEqual } from './pkce.ts'

describe('PKCE', () => {
  it('matches the RFC 7636 Appendix B test vector', async () => {
    const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
    expect(await computeS256Challenge(verifier)).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM')
  })

  it('derives the RFC 7636 Appendix B verifier from its octets', () => {
    const octets = Uint8Array.from([
      116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214,
      191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
    ])
    expect(generateCodeVerifier(() => octets)).toBe('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')
  })

  it('generates verifiers in the RFC grammar', () => {
    const v = generateCodeVerifier()
    expect(v).toHaveLength(43)
    expect(isValidCodeVerifier(v)).toBe(true)
    expect(isValidCodeVerifier('short')).toBe(false)
    expect(isValidCodeVerifier('a'.repeat(129))).toBe(false)
    expect(isValidCodeVerifier('a'.repeat(42) + '!')).toBe(false)
  })

  it('compares in constant time but correctly', () => {
    expect(timingSafeEqual('abc', 'abc')).toBe(true)
    expect(timingSafeEqual('abc', 'abd')).toBe(false)
    expect(timingSafeEqual('abc', 'abcd')).toBe(false)
  })
})
