/**
 * node-oidc-provider (panva, OpenID Certified) configured like the demo world — the same clients,
 * scopes and users — for the differential suite. Test-only: it runs in Node, never in the page.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair } from 'jose'
import { Provider } from 'oidc-provider'

export interface RunningProvider {
  readonly issuer: string
  /** Where this provider's demo clients are sent back (its implicit client must use https). */
  redirectUri(clientId: string): string
  close(): Promise<void>
}

const scopes = ['openid', 'profile', 'email', 'offline_access', 'friends.read', 'movies.read']

/** Dev interactions sign in any login; the account id is the login itself. */
const users: Readonly<Record<string, { name: string; email: string }>> = {
  alice: { name: 'Alice Liddell', email: 'alice@wonderland.example' },
  bob: { name: 'Bob Builder', email: 'bob@builder.example' },
}

export async function startOidcProvider(): Promise<RunningProvider> {
  const server: Server = createServer()
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready))
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`
  const callback = `${origin}/callback`
  const implicitCallback = 'https://implicit.example/callback'
  const { privateKey } = await generateKeyPair('RS256', { extractable: true })
  const jwk = { ...(await exportJWK(privateKey)), kid: 'differential', alg: 'RS256', use: 'sig' }
  const provider = new Provider(origin, {
    clients: [
      {
        client_id: 'web-app',
        client_secret: 'web-app-secret',
        redirect_uris: [callback],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
      {
        client_id: 'spa',
        token_endpoint_auth_method: 'none',
        redirect_uris: [callback],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
      {
        client_id: 'implicit-app',
        token_endpoint_auth_method: 'none',
        redirect_uris: [implicitCallback],
        grant_types: ['implicit'],
        response_types: ['id_token token', 'id_token'],
      },
      {
        client_id: 'service',
        client_secret: 'service-secret',
        redirect_uris: [],
        grant_types: ['client_credentials'],
        response_types: [],
        scope: 'movies.read',
      },
      {
        client_id: 'tv',
        token_endpoint_auth_method: 'none',
        redirect_uris: [],
        grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
        response_types: [],
      },
    ],
    scopes,
    claims: { openid: ['sub'], profile: ['name'], email: ['email'] },
    responseTypes: ['code', 'id_token token', 'id_token', 'none'],
    jwks: { keys: [jwk] },
    cookies: { keys: ['differential-suite-cookie-key'] },
    findAccount: (_ctx: unknown, id: string) => {
      const user = users[id] ?? { name: id, email: `${id}@example.com` }
      return { accountId: id, claims: () => ({ sub: id, name: user.name, email: user.email }) }
    },
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      deviceFlow: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      registration: { enabled: true },
      registrationManagement: { enabled: true },
    },
    clientBasedCORS: () => true,
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      ClientCredentials: 3600,
      DeviceCode: 600,
      Grant: 14 * 24 * 3600,
      IdToken: 3600,
      Interaction: 3600,
      RefreshToken: 14 * 24 * 3600,
      Session: 8 * 3600,
    },
  })
  provider.on('server_error', (_ctx: unknown, error: unknown) => {
    console.error('oidc-provider server_error', error)
  })
  const handle = provider.callback()
  server.on('request', (req, res) => void handle(req, res))
  return {
    issuer: origin,
    redirectUri: (clientId) => (clientId === 'implicit-app' ? implicitCallback : callback),
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections()
        server.close(() => done())
      }),
  }
}
