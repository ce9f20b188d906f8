import { describe, expect, it } from 'vitest'
import { specRefs } from '@/protocol/spec-refs.ts'
import { diagnose, diagnosisCatalogue, type Evidence } from './diagnoses.ts'
import { presetById, presets } from './presets.ts'

const context = { redirectUri: 'http://localhost:8080/callback', origin: 'http://localhost:8080' }
const custom = presetById('custom')

describe('diagnosis catalogue', () => {
  it('has unique ids, and every entry has an example and cites known sections', () => {
    const ids = diagnosisCatalogue.map((d) => d.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const entry of diagnosisCatalogue) {
      expect(entry.examples.length, entry.id).toBeGreaterThan(0)
      for (const ref of entry.refs) expect(specRefs, entry.id).toHaveProperty(ref)
    }
  })

  // One test per entry: each real answer it lists is explained by that entry and no earlier one.
  it.each(diagnosisCatalogue.map((entry) => [entry.id, entry] as const))('%s', (id, entry) => {
    for (const example of entry.examples) {
      const diagnosis = diagnose(example, custom, context)
      expect(diagnosis.id, JSON.stringify(example)).toBe(id)
      expect(diagnosis.cause.length).toBeGreaterThan(20)
      expect(diagnosis.fix.length).toBeGreaterThan(10)
    }
  })

  it('never says "Failed to fetch": a CORS failure is named and offers the relay', () => {
    const d = diagnose({ stage: 'token', network: 'cors' }, presetById('keycloak'), context)
    expect(d.title).toContain('CORS')
    expect(d.hint).toContain('Web origins')
    expect(d.hint).toContain(context.origin)
    expect(d.action).toBe('use-relay')
    expect(JSON.stringify(d)).not.toMatch(/failed to fetch/i)
  })

  it('names where each preset registers the redirect URI, with the exact URI', () => {
    const evidence: Evidence = {
      stage: 'callback',
      error: 'invalid_request',
      description: 'Invalid parameter: redirect_uri',
    }
    for (const preset of presets) {
      const d = diagnose(evidence, preset, context)
      expect(d.id).toBe('redirect-uri-mismatch')
      expect(d.hint).toContain(context.redirectUri)
    }
    expect(diagnose(evidence, presetById('auth0'), context).hint).toContain('Allowed Callback URLs')
  })

  it('tells a wrong secret from a secret that needed form-encoding', () => {
    const base: Evidence = { stage: 'token', status: 401, error: 'invalid_client' }
    expect(diagnose({ ...base, client: { authMethod: 'client_secret_basic' } }, custom, context).id).toBe(
      'invalid-client-secret',
    )
    expect(
      diagnose(
        { ...base, client: { authMethod: 'client_secret_basic', secretNeedsEncoding: true } },
        custom,
        context,
      ).id,
    ).toBe('invalid-client-encoding')
    expect(
      diagnose(
        {
          ...base,
          client: { authMethod: 'client_secret_post', offeredAuthMethods: ['client_secret_basic', 'none'] },
        },
        custom,
        context,
      ).id,
    ).toBe('invalid-client-auth-method')
  })

  it('says what it cannot explain, quoting what the provider returned', () => {
    const d = diagnose(
      { stage: 'token', status: 418, error: 'teapot', description: 'short and stout' },
      custom,
      context,
    )
    expect(d.id).toBe('unrecognised')
    expect(d.evidence).toContain('error=teapot')
    expect(d.evidence).toContain('short and stout')
  })
})
