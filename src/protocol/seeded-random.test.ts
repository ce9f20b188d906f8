import { describe, expect, it } from 'vitest'
import { seededRandom } from './seeded-random.ts'

describe('seededRandom', () => {
  it('gives the same bytes for the same seed and stream, and starts over on reset', () => {
    const a = seededRandom('workshop', 'server')
    const b = seededRandom('workshop', 'server')
    const first = a(37)
    expect(b(37)).toEqual(first)
    expect(a(37)).not.toEqual(first)
    a.reset()
    expect(a(37)).toEqual(first)
  })

  it('keeps seeds and streams apart', () => {
    const bytes = (seed: string, stream: string) => Array.from(seededRandom(seed, stream)(32))
    expect(bytes('workshop', 'server')).not.toEqual(bytes('workshop', 'client'))
    expect(bytes('workshop', 'server')).not.toEqual(bytes('workshop2', 'server'))
  })

  it('fills odd lengths and spreads its output over every byte value', () => {
    const out = seededRandom('x', 'y')(4096 + 3)
    expect(out).toHaveLength(4099)
    expect(new Set(out).size).toBe(256)
  })
})
