import { describe, expect, it } from 'vitest'
import { findFlow, flows } from './catalogue.ts'

describe('the catalogue', () => {
  // The first screen shows the outline before the machine loads; it must be the machine's own plan.
  it.each(flows.map((flow) => [flow.id, flow] as const))(
    '%s: the outline is the machine’s derived plan, step for step',
    async (_id, flow) => {
      const definition = await flow.load()
      expect(flow.outline).toEqual(definition.plan.map((meta) => meta.title))
    },
  )

  it('names what a link asks for that it does not know', () => {
    expect(findFlow('nope', null).unknown).toEqual(['flow "nope"'])
    expect(findFlow('device', 'nope').unknown).toEqual(['variant "nope" of Device Authorization'])
  })
})
