import { flows } from '@/flows/catalogue.ts'
import { describe, expect, it } from 'vitest'
import { specRefs } from '@/protocol/spec-refs.ts'
import { encodeAnswers, questions, recommendations, walk } from './guide-logic.ts'

const outcome = (answers: string) => {
  const { next } = walk(answers)
  return next.kind === 'recommendation' ? next.recommendation.id : `ask ${next.question.id}`
}

describe('the grant guide', () => {
  it('starts by asking whether a user is present', () => {
    expect(outcome('')).toBe('ask user')
  })

  it.each([
    ['user:no', 'client-credentials'],
    ['user:yes,browser:yes,secret:no', 'code-pkce'],
    ['user:yes,browser:yes,secret:yes', 'code-secret'],
    ['user:yes,browser:no,constrained:yes', 'device'],
    ['user:yes,browser:no,constrained:no,firstParty:yes', 'device-not-password'],
    ['user:yes,browser:no,constrained:no,firstParty:no', 'device'],
  ])('%s → %s', (answers, expected) => {
    expect(outcome(answers)).toBe(expected)
  })

  it('never recommends the implicit or the password grant, runs a real catalogue flow, and cites RFC 9700', () => {
    for (const recommendation of Object.values(recommendations)) {
      expect(['implicit', 'password']).not.toContain(recommendation.run.flow)
      const flow = flows.find((f) => f.id === recommendation.run.flow)
      expect(flow, recommendation.run.flow).toBeDefined()
      if (recommendation.run.variant !== undefined)
        expect(flow?.variants.map((v) => v.id)).toContain(recommendation.run.variant)
      const refs = recommendation.reasons.flatMap((r) => r.refs)
      expect(refs.some((ref) => ref.startsWith('rfc9700'))).toBe(true)
      for (const ref of refs) expect(specRefs).toHaveProperty(ref)
    }
  })

  it('ignores answers off the path and malformed parts, and asks what is still open', () => {
    expect(outcome('secret:yes,user:yes,bogus,browser:maybe')).toBe('ask browser')
    expect(walk('user:no,browser:yes').answered).toHaveLength(1)
  })

  it('writes the answers back in the order they were asked', () => {
    const { answered } = walk('secret:no,browser:yes,user:yes')
    expect(encodeAnswers(answered)).toBe('user:yes,browser:yes,secret:no')
  })

  it('reaches every question and every recommendation', () => {
    const reached = new Set<string>()
    const visit = (answers: string) => {
      const { next } = walk(answers)
      if (next.kind === 'recommendation') return void reached.add(next.recommendation.id)
      reached.add(next.question.id)
      for (const a of ['yes', 'no']) visit([answers, `${next.question.id}:${a}`].filter(Boolean).join(','))
    }
    visit('')
    expect([...reached].sort()).toEqual([...Object.keys(questions), ...Object.keys(recommendations)].sort())
  })
})
