import { describe, expect, it } from 'vitest'
import { lessons } from './lessons.ts'

describe('the lesson catalogue', () => {
  // The first screen shows the outline before the machine loads; it must be the machine's own plan.
  it.each(lessons.map((lesson) => [lesson.id, lesson] as const))(
    '%s: the outline is the machine’s derived plan, step for step',
    async (_id, lesson) => {
      const definition = await lesson.load()
      expect(lesson.outline).toEqual(definition.plan.map((meta) => meta.title))
    },
  )

  it.each(lessons.map((lesson) => [lesson.id, lesson] as const))(
    '%s: runs vulnerable and hardened, with the attacker as a lane and in the plan',
    async (_id, lesson) => {
      expect(lesson.variants.map((v) => v.id)).toEqual(['vulnerable', 'hardened'])
      expect(lesson.lanes.map((l) => l.id)).toContain('attacker')
      const { plan } = await lesson.load()
      expect(plan.some((meta) => meta.from === 'attacker' || meta.to === 'attacker')).toBe(true)
    },
  )

  it('is sorted by lesson number, each number once', () => {
    const numbers = lessons.map((lesson) => lesson.lesson?.number)
    expect(numbers).toEqual([...numbers].sort((a, b) => (a ?? 0) - (b ?? 0)))
    expect(new Set(numbers).size).toBe(numbers.length)
  })
})
