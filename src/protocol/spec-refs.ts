/**
 * Spec references as data: every protocol function, server check and explanation cites one of these,
 * and the UI links them. Keys are stable ids; `spec-refs.test.ts` checks that each one is well formed.
 */
export interface SpecRef {
  /** Short label shown in the UI, e.g. "RFC 6749 §4.1.2". */
  readonly label: string
  /** What the section is about, in a few words. */
  readonly title: string
  readonly url: string
}

const rfc = (n: number, section: string, title: string): SpecRef => ({
  label: `RFC ${n} §${section}`,
  title,
  url: `https://www.rfc-editor.org/rfc/rfc${n}#section-${section}`,
})
const oidc = (section: string, anchor: string, title: string): SpecRef => ({
  label: `OIDC Core §${section}`,
  title,
  url: `https://openid.net/specs/openid-connect-core-1_0.html#${anchor}`,
})
const discovery = (section: string, anchor: string, title: string): SpecRef => ({
  label: `OIDC Discovery §${section}`,
  title,
  url: `https://openid.net/specs/openid-connect-discovery-1_0.html#${anchor}`,
})

export const specRefs = {
  'rfc6749-1.3.1': rfc(6749, '1.3.1', 'Authorization code'),
  'rfc6749-4.2': rfc(6749, '4.2', 'Implicit grant'),
  'rfc6749-4.2.2': rfc(6749, '4.2.2', 'Implicit grant: access token response'),
  'oidc-3.2.2.5': oidc(
    '3.2.2.5',
    'ImplicitAuthResponse',
    'Implicit flow: successful authentication response',
  ),
  'oidc-3.2.2.9': oidc(
    '3.2.2.9',
    'ImplicitTokenValidation',
    'Implicit flow: access token validation (at_hash)',
  ),
  'rfc6749-2.1': rfc(6749, '2.1', 'Client types'),
  'rfc6749-2.3.1': rfc(6749, '2.3.1', 'Client password authentication'),
  'rfc6749-3.1': rfc(6749, '3.1', 'Authorization endpoint'),
  'rfc6749-3.1.2': rfc(6749, '3.1.2', 'Redirection endpoint'),
  'rfc6749-3.1.2.3': rfc(6749, '3.1.2.3', 'Dynamic configuration of the redirect URI'),
  'rfc6749-3.2': rfc(6749, '3.2', 'Token endpoint'),
  'rfc6749-3.3': rfc(6749, '3.3', 'Access token scope'),
  'rfc6749-4.1': rfc(6749, '4.1', 'Authorization code grant'),
  'rfc6749-4.1.1': rfc(6749, '4.1.1', 'Authorization request'),
  'rfc6749-4.1.2': rfc(6749, '4.1.2', 'Authorization response'),
  'rfc6749-4.1.2.1': rfc(6749, '4.1.2.1', 'Authorization error response'),
  'rfc6749-4.1.3': rfc(6749, '4.1.3', 'Access token request'),
  'rfc6749-4.1.4': rfc(6749, '4.1.4', 'Access token response'),
  'rfc6749-5.1': rfc(6749, '5.1', 'Successful token response'),
  'rfc6749-5.2': rfc(6749, '5.2', 'Token error response'),
  'rfc6749-10.12': rfc(6749, '10.12', 'Cross-site request forgery'),
  'rfc6750-2.1': rfc(6750, '2.1', 'Bearer token in the Authorization header'),
  'rfc6750-3': rfc(6750, '3', 'The WWW-Authenticate response header'),
  'rfc6750-3.1': rfc(6750, '3.1', 'Bearer token error codes'),
  'rfc7636-4.1': rfc(7636, '4.1', 'Client creates a code verifier'),
  'rfc7636-4.2': rfc(7636, '4.2', 'Client creates the code challenge'),
  'rfc7636-4.3': rfc(7636, '4.3', 'Client sends the code challenge'),
  'rfc7636-4.4.1': rfc(7636, '4.4.1', 'PKCE error response'),
  'rfc7636-4.5': rfc(7636, '4.5', 'Client sends the code verifier'),
  'rfc7636-4.6': rfc(7636, '4.6', 'Server verifies the code verifier'),
  'rfc7517-5': rfc(7517, '5', 'JWK Set format'),
  'rfc7519-4.1': rfc(7519, '4.1', 'Registered JWT claims'),
  'rfc7515-5.2': rfc(7515, '5.2', 'Validating a JWS'),
  'rfc8414-2': rfc(8414, '2', 'Authorization server metadata'),
  'rfc8414-3': rfc(8414, '3', 'Obtaining authorization server metadata'),
  'rfc9207-2': rfc(9207, '2', 'The iss response parameter'),
  'rfc9207-2.4': rfc(9207, '2.4', 'Validating the iss parameter'),
  'rfc9700-2.1': rfc(9700, '2.1', 'Protecting redirect-based flows'),
  'rfc9700-2.1.1': rfc(9700, '2.1.1', 'Authorization code grant (PKCE)'),
  'rfc9700-2.6': rfc(9700, '2.6', 'Client authentication'),
  'rfc9700-4.1.3': rfc(9700, '4.1.3', 'Redirect URI: exact matching'),
  'rfc9700-4.5': rfc(9700, '4.5', 'Authorization code injection'),
  'rfc9700-4.7': rfc(9700, '4.7', 'Cross-site request forgery'),
  'rfc9700-4.16': rfc(9700, '4.16', 'Clickjacking'),
  'oidc-2': oidc('2', 'IDToken', 'The ID token'),
  'oidc-3.1.2.1': oidc('3.1.2.1', 'AuthRequest', 'Authentication request'),
  'oidc-3.1.2.4': oidc('3.1.2.4', 'Authenticates', 'Authenticating the end-user'),
  'oidc-3.1.2.6': oidc('3.1.2.6', 'AuthError', 'Authentication error response'),
  'oidc-3.1.3.3': oidc('3.1.3.3', 'TokenResponse', 'Successful token response'),
  'oidc-3.1.3.7': oidc('3.1.3.7', 'IDTokenValidation', 'ID token validation'),
  'oidc-5.1': oidc('5.1', 'StandardClaims', 'Standard claims'),
  'oidc-5.3': oidc('5.3', 'UserInfo', 'UserInfo endpoint'),
  'oidc-5.4': oidc('5.4', 'ScopeClaims', 'Requesting claims using scope values'),
  'oidc-10.1': oidc('10.1', 'Signing', 'Signing'),
  'oidc-discovery-3': discovery('3', 'ProviderMetadata', 'OpenID provider metadata'),
  'oidc-discovery-4': discovery('4', 'ProviderConfig', 'Obtaining the provider configuration'),
  'rfc6749-2.3': rfc(6749, '2.3', 'Client authentication'),
  'rfc6749-3.1.1': rfc(6749, '3.1.1', 'Response type'),
  'rfc6749-3.2.1': rfc(6749, '3.2.1', 'Client authentication at the token endpoint'),
  'rfc6749-6': rfc(6749, '6', 'Refreshing an access token'),
  'rfc6749-10.10': rfc(6749, '10.10', 'Credentials-guessing attacks'),
  'rfc9068-2.1': rfc(9068, '2.1', 'JWT access token header (typ at+jwt)'),
  'rfc9068-2.2': rfc(9068, '2.2', 'JWT access token claims'),
  'rfc9068-4': rfc(9068, '4', 'Validating JWT access tokens'),
  'rfc9110-15.5.6': rfc(9110, '15.5.6', '405 Method Not Allowed'),
  'rfc9700-2.2.2': rfc(9700, '2.2.2', 'Refresh tokens'),
  'rfc9700-4.8': rfc(9700, '4.8', 'PKCE downgrade attack'),
  'rfc9700-4.14': rfc(9700, '4.14', 'Refresh token protection'),
  'oidc-3.1.3.6': oidc('3.1.3.6', 'CodeIDToken', 'ID token (at_hash)'),
  'oidc-discovery-4.3': discovery(
    '4.3',
    'ProviderConfigurationValidation',
    'Provider configuration validation',
  ),
  'rfc8414-3.3': rfc(8414, '3.3', 'Authorization server metadata validation'),
  'rfc9207-3': rfc(9207, '3', 'Authorization server metadata (iss support)'),
  'rfc7009-2': rfc(7009, '2', 'Token revocation'),
  'rfc7662-2': rfc(7662, '2', 'Token introspection endpoint'),
  'rfc6749-2.2': rfc(6749, '2.2', 'Client identifier'),
} as const satisfies Record<string, SpecRef>

export type SpecRefId = keyof typeof specRefs

export function specRef(id: SpecRefId): SpecRef {
  return specRefs[id]
}
