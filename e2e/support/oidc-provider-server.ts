/**
 * An independently written OpenID provider for the e2e tests: panva's oidc-provider (OpenID
 * Certified), configured the way a third party would run it — an issuer with a path, PKCE required
 * for public clients, client_secret_basic for confidential ones, a secret that needs form-encoding.
 * Grantscope's code never talks to it except over HTTP, as it would to Keycloak or Auth0.
 */
import { createServer } from 'node:http'
import { exportJWK, generateKeyPair } from 'jose'
import { Provider, type ClientMetadata } from 'oidc-provider'

import { appOrigin, oidcPort, thirdParty } from './third-party.ts'

const mountPath = new URL(thirdParty.issuer).pathname

const callback = `${appOrigin}/callback`
const clients: ClientMetadata[] = [
  {
    client_id: thirdParty.publicClient,
    token_endpoint_auth_method: 'none',
    redirect_uris: [callback],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
  },
  {
    client_id: thirdParty.confidentialClient,
    client_secret: thirdParty.confidentialSecret,
    token_endpoint_auth_method: 'client_secret_basic',
    redirect_uris: [callback],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
  },
  {
    client_id: thirdParty.misconfiguredClient,
    token_endpoint_auth_method: 'none',
    redirect_uris: [`${appOrigin}/auth/callback`],
    grant_types: ['authorization_code'],
    response_types: ['code'],
  },
]

async function main(): Promise<void> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true })
  const jwk = { ...(await exportJWK(privateKey)), kid: 'e2e-rs256', use: 'sig', alg: 'RS256' }
  const provider = new Provider(thirdParty.issuer, {
    clients,
    jwks: { keys: [jwk] },
    cookies: { keys: ['grantscope-e2e-cookie-key'] },
    features: {
      devInteractions: { enabled: true },
      revocation: { enabled: true },
      introspection: { enabled: true },
    },
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    claims: { openid: ['sub'], profile: ['name', 'given_name', 'family_name'], email: ['email'] },
    findAccount: (_ctx, id) =>
      Promise.resolve({
        accountId: id,
        claims: () =>
          Promise.resolve({
            sub: id,
            name: 'Ada Lovelace',
            given_name: 'Ada',
            family_name: 'Lovelace',
            email: `${id}@example.test`,
          }),
      }),
  })
  const app = provider.callback()
  const server = createServer((req, res) => {
    const url = req.url ?? '/'
    if (url === mountPath || url.startsWith(`${mountPath}/`) || url.startsWith(`${mountPath}?`)) {
      // Mounted under a path, as behind a reverse proxy: oidc-provider reads the mount from originalUrl.
      Object.assign(req, { originalUrl: url })
      req.url = url.slice(mountPath.length) || '/'
      void app(req, res)
      return
    }
    res.statusCode = 404
    res.setHeader('content-type', 'text/plain')
    res.end('not found')
  })
  server.listen(oidcPort, '127.0.0.1', () => console.log(`oidc-provider listening at ${thirdParty.issuer}`))
}

void main()
