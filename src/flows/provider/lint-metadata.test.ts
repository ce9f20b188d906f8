import { describe, expect, it } from 'vitest'
import { idTokenAlgorithm, lintMetadata, type LintInput } from './lint-metadata.ts'

const issuer = 'https://id.example/realms/demo'
const good = {
  issuer,
  authorization_endpoint: `${issuer}/auth`,
  token_endpoint: `${issuer}/token`,
  jwks_uri: `${issuer}/certs`,
  userinfo_endpoint: `${issuer}/userinfo`,
  revocation_endpoint: `${issuer}/revoke`,
  introspection_endpoint: `${issuer}/introspect`,
  response_types_supported: ['code'],
  code_challenge_methods_supported: ['S256'],
  authorization_response_iss_parameter_supported: true,
  token_endpoint_auth_methods_supported: ['client_secret_basic', 'none'],
  scopes_supported: ['openid', 'profile', 'email'],
  id_token_signing_alg_values_supported: ['RS256'],
}
const base: LintInput = {
  issuer,
  document: good,
  source: 'openid',
  authMethod: 'none',
  usePkce: true,
  scope: 'openid profile',
}
const lint = (patch: Partial<LintInput> = {}, doc: Record<string, unknown> = {}) =>
  lintMetadata({ ...base, ...patch, document: { ...good, ...doc } })
const finding = (findings: ReturnType<typeof lint>, id: string) => findings.filter((f) => f.id === id)

describe('metadata lint', () => {
  it('finds nothing wrong with a well-configured provider', () => {
    expect(lint().filter((f) => f.severity === 'error' || f.severity === 'warning')).toEqual([])
  })

  it('refuses an issuer that differs by a trailing slash, either way', () => {
    const [theirs] = finding(lint({ issuer: `${issuer}/` }), 'issuer-match')
    expect(theirs).toMatchObject({ severity: 'error', fix: `Use ${issuer} as the issuer URL, exactly.` })
    expect(theirs!.message).toContain('trailing slash (you have one, the provider does not)')
    const [ours] = finding(lint({}, { issuer: `${issuer}/` }), 'issuer-match')
    expect(ours!.message).toContain('the provider has one')
  })

  it('refuses an issuer whose host differs in letter case', () => {
    const [f] = finding(lint({ issuer: 'https://ID.example/realms/demo' }), 'issuer-match')
    expect(f!.message).toContain('letter case of the host')
  })

  it('allows http on loopback with one warning, and refuses it anywhere else', () => {
    const local = 'http://localhost:8080/realms/demo'
    const loopback = lint({ issuer: local }, { issuer: local, token_endpoint: `${local}/token` })
    expect(finding(loopback, 'https')).toEqual([expect.objectContaining({ severity: 'warning' })])
    expect(finding(loopback, 'https')[0]!.message).toContain('issuer, token_endpoint')
    const remote = lint({}, { token_endpoint: 'http://id.example/token' })
    expect(finding(remote, 'https')).toEqual([
      expect.objectContaining({ severity: 'error', field: 'token_endpoint' }),
    ])
  })

  it('names missing endpoints, and the jwks_uri only for OpenID Connect', () => {
    const findings = lint({}, { token_endpoint: undefined, jwks_uri: undefined })
    expect(finding(findings, 'missing-endpoint').map((f) => f.field)).toEqual(['token_endpoint', 'jwks_uri'])
    const oauthOnly = lint({ scope: 'read:user' }, { jwks_uri: undefined })
    expect(finding(oauthOnly, 'missing-endpoint')).toEqual([])
  })

  it('warns when PKCE is not advertised and refuses a provider without S256', () => {
    expect(finding(lint({}, { code_challenge_methods_supported: undefined }), 'pkce-s256')[0]!.severity).toBe(
      'warning',
    )
    expect(finding(lint({}, { code_challenge_methods_supported: ['plain'] }), 'pkce-s256')[0]!.severity).toBe(
      'error',
    )
  })

  it('warns when the provider does not send iss (RFC 9207)', () => {
    const [f] = finding(
      lint({}, { authorization_response_iss_parameter_supported: undefined }),
      'iss-parameter',
    )
    expect(f!.severity).toBe('warning')
  })

  it('refuses an authentication method the provider does not list, for the client type chosen', () => {
    const post = finding(lint({ authMethod: 'client_secret_post' }), 'auth-method')[0]!
    expect(post).toMatchObject({ severity: 'error', fix: 'Choose client_secret_basic.' })
    const publicClient = finding(
      lint({}, { token_endpoint_auth_methods_supported: ['client_secret_basic'] }),
      'auth-method',
    )[0]!
    expect(publicClient.severity).toBe('error')
    expect(publicClient.message).toContain('a public client')
    // Absent means client_secret_basic only (RFC 8414 §2).
    const absent = finding(
      lint({ authMethod: 'client_secret_basic' }, { token_endpoint_auth_methods_supported: undefined }),
      'auth-method',
    )[0]!
    expect(absent.severity).toBe('ok')
  })

  it('warns about scopes the provider does not list', () => {
    expect(finding(lint({ scope: 'openid offline_access' }), 'scopes')[0]!.message).toContain(
      'offline_access',
    )
  })

  it('expects RS256 unless the provider signs with something else only', () => {
    expect(idTokenAlgorithm(good)).toBe('RS256')
    expect(idTokenAlgorithm({ id_token_signing_alg_values_supported: ['none', 'ES256'] })).toBe('ES256')
    expect(idTokenAlgorithm({})).toBe('RS256')
  })

  it('does not compare issuers for endpoints the user typed', () => {
    expect(
      finding(
        lintMetadata({ ...base, source: 'manual', document: { issuer: 'https://github.com' } }),
        'issuer-match',
      ),
    ).toEqual([])
  })
})
