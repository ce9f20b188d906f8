import { describe, expect, it } from 'vitest'
import { formatUserCode, generateUserCode, normaliseUserCode, userCodeAlphabet } from './user-code.ts'

describe('user codes (RFC 8628 §6.1)', () => {
  it('are 8 letters of the base-20 consonant alphabet', () => {
    for (let i = 0; i < 50; i++)
      expect(generateUserCode((n) => crypto.getRandomValues(new Uint8Array(n)))).toMatch(
        /^[BCDFGHJKLMNPQRSTVWXZ]{8}$/,
      )
  })

  it('skip bytes that would bias the letters (rejection sampling)', () => {
    const bytes = [255, 240, 0, 19, 20, 239, 1, 2, 3, 4, 5, 6]
    let i = 0
    const random = (n: number) => Uint8Array.from({ length: n }, () => bytes[i++ % bytes.length] ?? 0)
    expect(generateUserCode(random)).toBe(`B${userCodeAlphabet[19]}B${userCodeAlphabet[19]}CDFG`)
  })

  it.each([
    ['bcdf-ghjk', 'BCDFGHJK'],
    ['BCDFGHJK', 'BCDFGHJK'],
    [' bcdf ghjk ', 'BCDFGHJK'],
    ['BCDF–GHJK', 'BCDFGHJK'],
    ['b.c.d.f.g.h.j.k', 'BCDFGHJK'],
    ['AEIOU 0123', ''],
  ])('normalises %j to %j', (input, expected) => {
    expect(normaliseUserCode(input)).toBe(expected)
  })

  it('formats with a dash in the middle', () => {
    expect(formatUserCode('BCDFGHJK')).toBe('BCDF-GHJK')
  })
})
