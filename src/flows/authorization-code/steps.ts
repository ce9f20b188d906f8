import type { StepMeta } from '../step.ts'

/**
 * The authorization code grant, step by step: the data behind the diagram, the step list and the
 * explanations. The machine's states point at these entries through their `meta`.
 */
export const authorizationCodeSteps = {
  discovery: {
    title: 'The client reads the server’s configuration',
    from: 'client',
    to: 'as',
    channel: 'back',
    explanation:
      'Before anything else the client (MovieMatch) fetches the authorization server’s discovery document. It lists the endpoints to use and what the server supports, and the client checks that the "issuer" in it is exactly the issuer it asked for.',
    refs: ['oidc-discovery-4', 'rfc8414-3'],
  },
  authorizationRequest: {
    title: 'The client sends the user to the authorization server',
    from: 'client',
    to: 'browser',
    channel: 'front',
    explanation:
      'The user clicked “Log in with Friendly Social”. The client builds an authorization request and sends the browser to the authorization endpoint. It generates a fresh random state (to recognise the answer) and, because it asks for openid, a nonce (to recognise the ID token). Nothing secret goes into this URL: the user, and anything in the browser, can see it.',
    variantNotes: {
      pkce: 'PKCE: the client also creates a random code_verifier and keeps it to itself. Only its SHA-256 hash, the code_challenge, goes into the URL. Later, only whoever knows the verifier can redeem the code — so a stolen code is useless.',
      'client-secret':
        'This confidential client will prove who it is with its secret at the token endpoint. RFC 9700 recommends PKCE for confidential clients too; this variant leaves it out so that you can compare.',
    },
    refs: ['rfc6749-4.1.1', 'oidc-3.1.2.1'],
    variantRefs: { pkce: ['rfc7636-4.3'], 'client-secret': ['rfc9700-2.1.1'] },
  },
  callback: {
    title: 'The browser brings the answer back to the client',
    from: 'browser',
    to: 'client',
    channel: 'front',
    explanation:
      'The browser follows the redirect to the client’s redirect URI. Before using anything in it the client checks that state is the value it sent (otherwise an attacker could inject their own code: CSRF), and that iss names the server it sent the user to (RFC 9207, against mix-up attacks).',
    refs: ['rfc6749-4.1.2', 'rfc6749-10.12', 'rfc9207-2.4'],
  },
  tokenRequest: {
    title: 'The client exchanges the code for tokens',
    from: 'client',
    to: 'as',
    channel: 'back',
    explanation:
      'Now the client talks to the authorization server directly, not through the browser. It sends the code with grant_type=authorization_code and the same redirect_uri. The server checks that the code is valid, unexpired, unused and was issued to this client, then answers with an access token, a refresh token and, for OpenID Connect, an ID token.',
    variantNotes: {
      pkce: 'A public client has no secret, so it proves it started this flow with the code_verifier. The server hashes it and compares it with the code_challenge it stored.',
      'client-secret':
        'The confidential client authenticates with its client_id and secret in the Authorization header (HTTP Basic, client_secret_basic).',
    },
    refs: ['rfc6749-4.1.3', 'rfc6749-4.1.4'],
    variantRefs: { pkce: ['rfc7636-4.5', 'rfc7636-4.6'], 'client-secret': ['rfc6749-2.3.1'] },
  },
  idTokenValidation: {
    title: 'The client verifies the ID token',
    from: 'client',
    to: 'as',
    channel: 'back',
    explanation:
      'The ID token is a signed statement about who logged in. The client fetches the server’s public keys (the JWKS), verifies the signature with the key named by kid, and checks each claim: iss is the server, aud is this client, it has not expired, it was issued just now, and nonce is the value the client sent.',
    refs: ['oidc-3.1.3.7', 'oidc-2', 'rfc7517-5'],
  },
  userinfo: {
    title: 'The client asks who the user is',
    from: 'client',
    to: 'as',
    channel: 'back',
    explanation:
      'With the access token as a Bearer token, the client calls the UserInfo endpoint to get the profile claims the user consented to (name, email). It checks that sub is the same user as in the ID token.',
    refs: ['oidc-5.3', 'rfc6750-2.1'],
  },
  resourceRequest: {
    title: 'MovieMatch reads the friends’ movies',
    from: 'client',
    to: 'rs',
    channel: 'back',
    explanation:
      'This is what the user allowed: MovieMatch calls the social network’s API with the access token and reads the movies Alice’s friends like. The resource server verifies the token’s signature, audience, expiry and scopes before answering.',
    refs: ['rfc6750-2.1', 'rfc6750-3'],
  },
} as const satisfies Record<string, StepMeta>
