import { describe, expect, it } from 'vitest'
import { lessons } from './lessons.ts'

describe('the lesson catalogue', () => {
  // The lesson list shows the outline before the machine loads; it must be the machine's own plan.
  it.each(lessons.map((lesson) => [lesson.id, lesson] as const))(
    '%s: the outline is the machine’s derived plan, step for step',
    async (_id, lesson) => {
      const definition = await lesson.load()
      expect(lesson.outline).toEqual(definition.plan.map((meta) => meta.title))
    },
  )

  it('is sorted by lesson number, each lesson run Vulnerable and Hardened, with the attacker lane', () => {
    const numbers = lessons.map((l) => l.lesson?.number ?? NaN)
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b))
    expect(new Set(numbers).size).toBe(numbers.length)
    for (const lesson of lessons) {
      expect(lesson.variants.map((v) => v.id)).toEqual(['vulnerable', 'hardened'])
      expect(lesson.lanes.map((l) => l.id)).toContain('attacker')
    }
  })
})
