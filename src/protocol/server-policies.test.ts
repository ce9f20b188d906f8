import { describe, expect, it } from 'vitest'
import {
  defaultPolicies,
  policyCatalogue,
  policyNames,
  validatePolicies,
  wellKnownServers,
} from './server-policies.ts'
import { specRefs } from './spec-refs.ts'

describe('the settings catalogue', () => {
  it.each(policyNames)('%s: a valid default, a quoted rationale with known refs, every server', (name) => {
    const policy = policyCatalogue[name]
    expect(validatePolicies({ [name]: policy.default })).toEqual({
      ok: true,
      value: { [name]: policy.default },
    })
    expect(policy.rationale.quote.length).toBeGreaterThan(20)
    expect(policy.rationale.refs.length).toBeGreaterThan(0)
    for (const ref of policy.rationale.refs) expect(specRefs).toHaveProperty(ref)
    expect(Object.keys(policy.servers).sort()).toEqual(Object.keys(wellKnownServers).sort())
    expect(policy.description.length).toBeGreaterThan(40)
  })

  it('marks misbehave settings insecure, off by default', () => {
    for (const name of policyNames) {
      const policy = policyCatalogue[name]
      if (policy.group === 'Misbehave') expect(policy).toMatchObject({ insecure: true, default: false })
      else expect(policy).not.toHaveProperty('insecure')
    }
  })

  it('has the RFC 9700 defaults the README documents', () => {
    expect(defaultPolicies).toMatchObject({
      allowPlainPkce: false,
      requirePkceForConfidentialClients: false,
      refreshRotation: 'public-clients',
      refreshReuse: 'revoke-family',
      accessTokenFormat: 'jwt',
      signingAlgorithm: 'RS256',
      codeTtlSeconds: 60,
      accessTokenTtlSeconds: 3600,
      refreshTokenTtlSeconds: 1209600,
      deviceIntervalSeconds: 5,
      deviceSlowDown: true,
      publicClientsWithoutPkce: false,
    })
  })
})

describe('validatePolicies', () => {
  it.each([
    [null, 'settings must be a JSON object of setting names to values'],
    [[], 'settings must be a JSON object of setting names to values'],
    [{ codeTtlSeconds: '60' }, 'codeTtlSeconds must be a whole number of seconds'],
    [{ codeTtlSeconds: 1.5 }, 'codeTtlSeconds must be a whole number of seconds'],
    [{ codeTtlSeconds: 601 }, 'codeTtlSeconds must be between 1 and 600 seconds'],
    [{ maxFailedSignIns: 0 }, 'maxFailedSignIns must be between 1 and 1000 attempts'],
    [{ deviceSlowDown: 'yes' }, 'deviceSlowDown must be true or false'],
    [{ signingAlgorithm: 'HS256' }, 'signingAlgorithm must be one of RS256, ES256, EdDSA'],
    [{ __proto__: 1, toString: 1 }, 'toString is not a setting of this server'],
  ])('refuses %j: %s', (input, problem) => {
    expect(validatePolicies(input)).toEqual({ ok: false, problems: [problem] })
  })

  it('reports every problem at once', () => {
    const result = validatePolicies({ codeTtlSeconds: 0, refreshReuse: 'all', x: 1 })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.problems).toHaveLength(3)
  })
})
