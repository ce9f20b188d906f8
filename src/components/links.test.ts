import { describe, expect, it } from 'vitest'
import { compareHref, flowHref, glossaryHref, guideHref } from './links.ts'

describe('links', () => {
  it('are relative query strings that keep commas and colons readable', () => {
    expect(flowHref('authorization-code', 'pkce', 3)).toBe('?flow=authorization-code&variant=pkce&step=3')
    expect(compareHref('implicit', 'authorization-code:pkce')).toBe(
      '?compare=implicit,authorization-code:pkce',
    )
    expect(compareHref()).toBe('?compare')
    expect(guideHref('user:yes,browser:no')).toBe('?guide=user:yes,browser:no')
    expect(glossaryHref('redirect-uri')).toBe('?glossary=redirect-uri')
  })
})
