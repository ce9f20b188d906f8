import type { SpecRefId } from '@/protocol/spec-refs.ts'

/** What a metadata field means to this client, in one sentence, and where it is defined. */
export interface MetadataField {
  readonly meaning: string
  readonly ref: SpecRefId
}

/**
 * The provider metadata fields a developer meets, explained (RFC 8414 §2, OIDC Discovery §3).
 * Fields not listed are shown as they are, without an explanation.
 */
export const metadataFields: Readonly<Record<string, MetadataField>> = {
  issuer: {
    meaning:
      'The provider’s identifier. Must equal the URL you asked for, character for character; tokens and the iss parameter carry it.',
    ref: 'oidc-discovery-4.3',
  },
  authorization_endpoint: {
    meaning: 'Where the browser is sent to sign in and consent (the front channel).',
    ref: 'rfc6749-3.1',
  },
  token_endpoint: {
    meaning: 'Where the client redeems the code and refreshes tokens, directly (the back channel).',
    ref: 'rfc6749-3.2',
  },
  userinfo_endpoint: {
    meaning: 'Returns claims about the signed-in user for an access token with the openid scope.',
    ref: 'oidc-5.3',
  },
  jwks_uri: {
    meaning: 'The provider’s public keys; the client verifies ID token signatures with them.',
    ref: 'rfc7517-5',
  },
  registration_endpoint: { meaning: 'Dynamic client registration, if offered.', ref: 'rfc8414-2' },
  revocation_endpoint: {
    meaning: 'Where a client revokes a token it no longer needs (RFC 7009).',
    ref: 'rfc7009-2',
  },
  introspection_endpoint: {
    meaning: 'Where an authenticated client asks whether a token is active and what it grants (RFC 7662).',
    ref: 'rfc7662-2',
  },
  end_session_endpoint: { meaning: 'RP-initiated logout.', ref: 'rfc8414-2' },
  scopes_supported: {
    meaning: 'Scopes the provider knows. Providers may accept others and often list only some.',
    ref: 'rfc8414-2',
  },
  response_types_supported: {
    meaning: 'Must contain "code" for the authorization code grant.',
    ref: 'rfc6749-3.1.1',
  },
  response_modes_supported: {
    meaning: 'How the authorization response travels back: query, fragment or form_post.',
    ref: 'rfc8414-2',
  },
  grant_types_supported: {
    meaning:
      'Grants the provider accepts at its token endpoint; absent means authorization_code and implicit.',
    ref: 'rfc8414-2',
  },
  code_challenge_methods_supported: {
    meaning:
      'PKCE methods. S256 must be listed for PKCE to be trusted; absent means the provider does not say.',
    ref: 'rfc7636-4.3',
  },
  token_endpoint_auth_methods_supported: {
    meaning:
      'How clients may authenticate at the token endpoint: none (public clients), client_secret_basic, client_secret_post … Absent means client_secret_basic only.',
    ref: 'rfc6749-2.3.1',
  },
  id_token_signing_alg_values_supported: {
    meaning: 'Algorithms the provider signs ID tokens with; the client accepts only the one it registered.',
    ref: 'oidc-3.1.3.7',
  },
  subject_types_supported: {
    meaning: 'public: one sub for every client; pairwise: a different sub per client.',
    ref: 'oidc-discovery-3',
  },
  claims_supported: { meaning: 'Claims the provider may return about the user.', ref: 'oidc-5.1' },
  authorization_response_iss_parameter_supported: {
    meaning:
      'The provider adds iss to every authorization response (RFC 9207), so the client can detect mix-up attacks.',
    ref: 'rfc9207-3',
  },
  pushed_authorization_request_endpoint: {
    meaning: 'Pushed authorization requests (RFC 9126), if offered.',
    ref: 'rfc8414-2',
  },
  device_authorization_endpoint: {
    meaning: 'Starts the device grant (RFC 8628), if offered.',
    ref: 'rfc8414-2',
  },
}
