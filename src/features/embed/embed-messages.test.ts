import { describe, expect, it } from 'vitest'
import { parseEmbedCommand } from './embed-messages.ts'

describe('parseEmbedCommand', () => {
  it('accepts the four commands', () => {
    expect(parseEmbedCommand({ type: 'next' })).toEqual({ type: 'next' })
    expect(parseEmbedCommand({ type: 'back', extra: 1 })).toEqual({ type: 'back' })
    expect(parseEmbedCommand({ type: 'restart' })).toEqual({ type: 'restart' })
    expect(parseEmbedCommand({ type: 'goto', step: 0 })).toEqual({ type: 'goto', step: 0 })
    expect(parseEmbedCommand({ type: 'goto', step: 7 })).toEqual({ type: 'goto', step: 7 })
  })

  it.each([
    ['a string', 'next'],
    ['null', null],
    ['an array', [{ type: 'next' }]],
    ['an unknown type', { type: 'eval', code: 'alert(1)' }],
    ['goto without a step', { type: 'goto' }],
    ['goto to a fraction', { type: 'goto', step: 2.5 }],
    ['goto to a string', { type: 'goto', step: '3' }],
    ['goto below zero', { type: 'goto', step: -1 }],
    ['goto past the last step', { type: 'goto', step: 51 }],
  ])('ignores %s', (_, data) => {
    expect(parseEmbedCommand(data)).toBeUndefined()
  })
})
