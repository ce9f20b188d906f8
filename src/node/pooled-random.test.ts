import { describe, expect, it } from 'vitest'
import { pooledRandom } from './pooled-random.ts'

describe('pooled random bytes', () => {
  it('never hands out the same bytes twice, across refills and for sizes above the pool', () => {
    const random = pooledRandom(64)
    const seen = new Set<string>()
    for (const n of [16, 32, 16, 8, 32, 64, 100, 16, 16, 16, 16, 32]) {
      const bytes = random(n)
      expect(bytes.length).toBe(n)
      const hex = Buffer.from(bytes).toString('hex')
      expect(seen.has(hex)).toBe(false)
      seen.add(hex)
    }
  })

  it('gives copies: changing one leaves the next ones random', () => {
    const random = pooledRandom(64)
    const first = random(16)
    first.fill(0)
    const next = random(16)
    expect(next.some((b) => b !== 0)).toBe(true)
  })
})
