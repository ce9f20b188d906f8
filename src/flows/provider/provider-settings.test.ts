import { describe, expect, it } from 'vitest'
import {
  applyPreset,
  defaultSettings,
  extraParams,
  loadSettings,
  redirectUriFor,
  relayAllowList,
  saveSettings,
  secretNeedsEncoding,
  settingsFromQuery,
  shareQuery,
  toClientConfig,
  type ProviderSettings,
} from './provider-settings.ts'
import { memoryStorage } from './provider-test-utils.ts'

const secret = 'p@ss:w0rd+&=/% s3cret'
const settings: ProviderSettings = {
  ...defaultSettings,
  preset: 'keycloak',
  issuer: 'https://id.example/realms/demo',
  clientId: 'web',
  clientSecret: secret,
  authMethod: 'client_secret_basic',
  scope: 'openid  profile',
  params: { ...defaultSettings.params, audience: 'https://api.example', prompt: 'consent' },
  customParams: 'access_type=offline\nbroken line\n=novalue',
  connection: 'relay',
}

describe('provider settings', () => {
  it('share links carry the setup and never the secret', () => {
    const query = shareQuery(settings)
    expect(query.startsWith('?provider&')).toBe(true)
    expect(query).not.toContain('p%40ss')
    expect(query).not.toContain(encodeURIComponent(secret))
    const back = settingsFromQuery(query)!
    expect(back).toMatchObject({
      issuer: settings.issuer,
      clientId: 'web',
      clientSecret: '',
      authMethod: 'client_secret_basic',
      connection: 'relay',
      usePkce: true,
    })
    expect(back.params.audience).toBe('https://api.example')
    expect(settingsFromQuery('?provider')).toBeUndefined()
  })

  it('keeps the secret out of storage unless the user opts in', () => {
    const storage = memoryStorage()
    saveSettings(storage, settings)
    expect(storage.contents()).not.toContain('s3cret')
    expect(loadSettings(storage)?.clientSecret).toBe('')
    saveSettings(storage, { ...settings, rememberSecret: true })
    expect(loadSettings(storage)?.clientSecret).toBe(secret)
    saveSettings(storage, { ...settings, rememberSecret: false })
    expect(storage.contents()).not.toContain('s3cret')
  })

  it('knows which secrets client_secret_basic changes (RFC 6749 Appendix B)', () => {
    expect(secretNeedsEncoding(secret)).toBe(true)
    expect(secretNeedsEncoding('Abc-123_x.y*z')).toBe(false)
  })

  it('builds the client configuration the machines read', () => {
    const config = toClientConfig(settings, 'http://localhost:8080/callback', {
      userinfo_endpoint: 'https://id.example/userinfo',
      id_token_signing_alg_values_supported: ['ES256'],
    })
    expect(config).toMatchObject({
      clientSecret: secret,
      scope: 'openid profile',
      resourceUrl: 'https://id.example/userinfo',
      idTokenSigningAlg: 'ES256',
      usePkce: true,
    })
    expect(config.extraParams).toEqual({
      audience: 'https://api.example',
      prompt: 'consent',
      access_type: 'offline',
    })
    expect(toClientConfig({ ...settings, authMethod: 'none' }, 'x', {}).clientSecret).toBeUndefined()
    expect(extraParams(defaultSettings)).toEqual({})
  })

  it('puts the redirect URI next to the page, wherever the page is hosted', () => {
    expect(redirectUriFor('http://localhost:8080/?provider&issuer=x')).toBe('http://localhost:8080/callback')
    expect(redirectUriFor('https://static.example/some/folder/?provider')).toBe(
      'https://static.example/some/folder/callback',
    )
  })

  it('lets the relay reach the back-channel endpoints and the API, never the authorization endpoint', () => {
    const list = relayAllowList(
      {
        authorization_endpoint: 'https://id.example/auth',
        token_endpoint: 'https://id.example/token',
        jwks_uri: 'https://id.example/certs',
        issuer: 'https://id.example',
      },
      'https://api.example/me',
    )
    expect(list.sort()).toEqual([
      'https://api.example/me',
      'https://id.example/certs',
      'https://id.example/token',
    ])
  })

  it('fills in GitHub’s endpoints, which it publishes no metadata for', () => {
    const github = applyPreset(defaultSettings, 'github', 'http://localhost:8080')
    expect(github).toMatchObject({
      metadata: 'manual',
      issuer: 'https://github.com',
      apiUrl: 'https://api.github.com/user',
    })
    expect(github.endpoints.token_endpoint).toBe('https://github.com/login/oauth/access_token')
    const google = applyPreset(defaultSettings, 'google', 'http://localhost:8080')
    expect(google.params.prompt).toBe('consent')
    expect(google.customParams).toBe('access_type=offline')
    const local = applyPreset(defaultSettings, 'grantscope', 'http://localhost:8080')
    expect(local).toMatchObject({ issuer: 'http://localhost:8080/as', clientId: 'spa', authMethod: 'none' })
  })
})
