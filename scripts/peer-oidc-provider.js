// The peer in `npm run bench`: panva's oidc-provider (OpenID Certified), configured as in
// research/performance-anchors.md — production mode, one confidential client with
// client_secret_basic, the client credentials grant, JWT access tokens (resourceIndicators with
// accessTokenFormat 'jwt') signed with the algorithm named by ALG (RS256 by default, as ours).
// Plain JavaScript run by plain node, so neither side pays for a TypeScript loader.
//
//   PORT=4500 ALG=RS256 node scripts/peer-oidc-provider.js
import { exportJWK, generateKeyPair } from 'jose'
import Provider from 'oidc-provider'

const port = Number(process.env.PORT ?? 4500)
const alg = process.env.ALG ?? 'RS256'
const audience = 'https://api.example'

const { privateKey } = await generateKeyPair(alg, { extractable: true })
const jwk = { ...(await exportJWK(privateKey)), alg, use: 'sig', kid: 'bench' }

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [
    {
      client_id: 'service',
      client_secret: 'service-secret',
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
      token_endpoint_auth_method: 'client_secret_basic',
      // The client's ID-token algorithm defaults to RS256, which oidc-provider refuses to register
      // (invalid_client_metadata, every token request a 400) when the only key is another algorithm.
      id_token_signed_response_alg: alg,
    },
  ],
  jwks: { keys: [jwk] },
  scopes: ['movies.read'],
  features: {
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => audience,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: 'movies.read',
        audience,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg } },
      }),
    },
  },
})
provider.proxy = false
provider.listen(port, '127.0.0.1', () => console.log(`oidc-provider listening on http://127.0.0.1:${port}`))
