import { describe, expect, it } from 'vitest'
import { parameterGlossary, claimGlossary } from './glossary.ts'
import { specRefs } from './spec-refs.ts'

describe('spec references', () => {
  it.each(Object.entries(specRefs))('%s links its own section', (id, ref) => {
    const url = new URL(ref.url)
    expect(url.protocol).toBe('https:')
    const rfc = /^rfc(\d+)-(.+)$/.exec(id)
    if (rfc) {
      expect(ref.url).toBe(`https://www.rfc-editor.org/rfc/rfc${rfc[1]}#section-${rfc[2]}`)
      expect(ref.label).toBe(`RFC ${rfc[1]} §${rfc[2]}`)
    } else {
      expect(url.hostname).toBe('openid.net')
      expect(url.hash.length).toBeGreaterThan(1)
    }
    expect(ref.title.length).toBeGreaterThan(3)
  })

  it('every glossary entry cites a known section', () => {
    for (const entry of [...Object.values(parameterGlossary), ...Object.values(claimGlossary)])
      expect(specRefs).toHaveProperty(entry.ref)
  })
})
