import { describe, expect, it } from 'vitest'
import { findFlow, flows } from './catalogue.ts'
import { lessons } from './lessons/lessons.ts'

describe('the catalogue', () => {
  // The first screen shows the outline before the machine loads; it must be the machine's own plan.
  it.each([...flows, ...lessons].map((flow) => [flow.id, flow] as const))(
    '%s: the outline is the machine’s derived plan, step for step',
    async (_id, flow) => {
      const definition = await flow.load()
      expect(flow.outline).toEqual(definition.plan.map((meta) => meta.title))
    },
  )

  it('lessons: numbered once each and in order, ids unique, a Vulnerable and a Hardened run, the attacker drawn', () => {
    const numbers = lessons.map((l) => l.lesson?.number ?? NaN)
    expect(new Set(numbers).size).toBe(lessons.length)
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b))
    expect(new Set([...flows, ...lessons].map((f) => f.id)).size).toBe(flows.length + lessons.length)
    for (const lesson of lessons) {
      expect(lesson.variants.map((v) => v.title)).toEqual(['Vulnerable', 'Hardened'])
      expect(lesson.lanes.map((l) => l.id)).toContain('attacker')
      expect(findFlow(lesson.id, 'hardened')).toMatchObject({ flow: lesson, unknown: [] })
    }
  })

  it.each(lessons.map((lesson) => [lesson.id, lesson] as const))(
    '%s: the attacker acts in the plan, not only as a lane',
    async (_id, lesson) => {
      const { plan } = await lesson.load()
      expect(plan.some((meta) => meta.from === 'attacker' || meta.to === 'attacker')).toBe(true)
    },
  )

  it('names what a link asks for that it does not know', () => {
    expect(findFlow('nope', null).unknown).toEqual(['flow "nope"'])
    expect(findFlow('device', 'nope').unknown).toEqual(['variant "nope" of Device Authorization'])
  })
})
