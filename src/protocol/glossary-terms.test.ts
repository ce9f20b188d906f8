import { describe, expect, it } from 'vitest'
import { findTerms, glossaryTerm, glossaryTerms } from './glossary-terms.ts'
import { specRefs } from './spec-refs.ts'

const linked = (text: string, seen?: Set<string>) =>
  findTerms(text, glossaryTerms, seen).flatMap((s) => (s.kind === 'term' ? [`${s.text}→${s.term.id}`] : []))

describe('glossary terms', () => {
  it('has every term the issue names, each with a known spec reference', () => {
    const wanted = [
      'resource-owner',
      'client',
      'confidential-client',
      'public-client',
      'authorization-server',
      'resource-server',
      'scope',
      'redirect-uri',
      'access-token',
      'refresh-token',
      'id-token',
      'grant',
      'pkce',
      'state',
      'nonce',
      'front-channel',
      'back-channel',
      'bearer-token',
      'jwt',
      'jwks',
      'consent',
      'discovery',
    ]
    for (const id of wanted) expect(glossaryTerm(id), id).toBeDefined()
    for (const term of glossaryTerms) expect(specRefs, term.id).toHaveProperty(term.ref)
    for (const term of glossaryTerms)
      for (const id of term.related ?? []) expect(glossaryTerm(id), `${term.id} → ${id}`).toBeDefined()
    expect(new Set(glossaryTerms.map((t) => t.id)).size).toBe(glossaryTerms.length)
  })

  it('finds terms whole-word, longest first, and keeps the text intact', () => {
    const text =
      'A public client has no secret, so it proves it started this flow with the code_verifier. The access token is a Bearer token.'
    expect(linked(text)).toEqual([
      'public client→public-client',
      'code_verifier→pkce',
      'access token→access-token',
      'Bearer token→bearer-token',
    ])
    expect(
      findTerms(text)
        .map((s) => s.text)
        .join(''),
    ).toBe(text)
  })

  it('does not link inside wire names or URLs, and respects acronyms’ case', () => {
    expect(
      linked('It sends grant_type=authorization_code and client_id to https://x.example/client'),
    ).toEqual([])
    expect(linked('a jwt in lower case is not the acronym; a JWT is')).toEqual(['JWT→jwt'])
  })

  it('links a term once per explanation, across its paragraphs', () => {
    const seen = new Set<string>()
    expect(linked('The client asks. The client asks again.', seen)).toEqual(['client→client'])
    expect(linked('Then the client gets a scope.', seen)).toEqual(['scope→scope'])
  })
})
