import type { Reply } from '../http/reply.ts'
import { signingAlgorithms } from '../../protocol/server-policies.ts'
import { grantTypes } from '../demo-world.ts'
import { corsHeaders, JsonOnce, jsonTextResponse } from '../http/responses.ts'
import type { RequestContext, ServerContext } from '../server-context.ts'
import { tokenGrantTypes } from './token.ts'

/**
 * The server's metadata. It advertises only what is enforced: `authorization_response_iss_parameter_supported`
 * because every authorization response carries `iss` (RFC 9207 §3), `plain` PKCE only under that
 * setting. Every signing algorithm is listed — registered clients may choose one — the
 * `signingAlgorithm` setting first, RS256 always ("RS256 MUST be included", Discovery §3).
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2
 */
export function metadata(server: ServerContext): Record<string, unknown> {
  const { issuer } = server
  const current = server.policies.signingAlgorithm
  const algorithms = [current, ...signingAlgorithms.filter((a) => a !== current)]
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    device_authorization_endpoint: `${issuer}/device_authorization`,
    userinfo_endpoint: `${issuer}/userinfo`,
    jwks_uri: `${issuer}/jwks`,
    scopes_supported: Object.keys(server.scopes),
    response_types_supported: ['code', 'token', 'id_token token', 'id_token'],
    response_modes_supported: ['query', 'fragment'],
    grant_types_supported: [...tokenGrantTypes, grantTypes.implicit],
    code_challenge_methods_supported: server.policies.allowPlainPkce ? ['S256', 'plain'] : ['S256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    revocation_endpoint: `${issuer}/revoke`,
    revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    introspection_endpoint: `${issuer}/introspect`,
    // Public clients cannot introspect (RFC 7662 §2.1): only methods that authenticate.
    introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    registration_endpoint: `${issuer}/register`,
    id_token_signing_alg_values_supported: algorithms,
    subject_types_supported: ['public'],
    authorization_response_iss_parameter_supported: true,
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'nonce',
      'azp',
      'at_hash',
      'name',
      'given_name',
      'family_name',
      'preferred_username',
      'email',
      'email_verified',
    ],
  }
}

/**
 * GET `/as/.well-known/openid-configuration` (OIDC Discovery §4) and
 * `/.well-known/oauth-authorization-server/as` (RFC 8414 §3: the well-known segment is inserted
 * before the issuer's path). The same document; `issuer` byte-identical to the one in tokens.
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig
 */
export function discoveryEndpoint(ctx: RequestContext): Reply {
  ctx.trace.pass(
    'serve-metadata',
    `Metadata for issuer ${ctx.server.issuer}, identical to the iss of every token and response`,
    ['oidc-discovery-4', 'rfc8414-3'],
  )
  const text = metadataJson.text(ctx.server, ctx.server.policies)
  return jsonTextResponse(text, 200, { ...corsHeaders, 'Cache-Control': 'max-age=60' })
}

/**
 * The metadata depends on the issuer and scopes (fixed per server) and on the settings, which
 * `setPolicies` replaces as a whole: serialised again only when they are replaced.
 */
const metadataJson = new JsonOnce(metadata)
