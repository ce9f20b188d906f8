import type { StepMeta } from '../step.ts'

/** The client credentials grant, step by step (RFC 6749 §4.4): no user anywhere. */
export const clientCredentialsSteps = {
  discovery: {
    title: 'The job reads the server’s configuration',
    from: 'client',
    to: 'as',
    channel: 'back',
    explanation:
      'MovieMatch’s nightly recommender is a back-end job: no user, no browser. It reads the authorization server’s metadata to find the token endpoint, and checks that the issuer is exactly the one it expects.',
    refs: ['rfc8414-3', 'oidc-discovery-4'],
  },
  tokenRequest: {
    title: 'The job asks for a token for itself',
    from: 'client',
    to: 'as',
    channel: 'back',
    explanation:
      'With grant_type=client_credentials the client asks for a token on its own behalf, proving who it is with its secret. Nobody signs in and nobody consents: the client may only get what it was registered for. The token has no user — its subject is the client itself — and there is no refresh token: the job can simply ask again.',
    variantNotes: {
      basic:
        'client_secret_basic: the client_id and secret travel in the Authorization header (HTTP Basic), each form-encoded first.',
      post: 'client_secret_post: the client_id and secret travel in the form body. Servers must support Basic; many also take this.',
    },
    refs: ['rfc6749-4.4', 'rfc6749-4.4.2', 'rfc6749-2.3.1'],
  },
  catalogueRequest: {
    title: 'The job reads the public movie catalogue',
    from: 'client',
    to: 'rs',
    channel: 'back',
    explanation:
      'The job calls the social network’s catalogue API with its token. The resource server checks the signature, audience, expiry and the movies.read scope — and does not need a user for this endpoint.',
    refs: ['rfc6750-2.1', 'rfc9068-4'],
  },
  userEndpoint: {
    title: 'A user’s data stays closed to the job',
    from: 'client',
    to: 'rs',
    channel: 'back',
    explanation:
      'The same token sent to an endpoint that reads a user’s data (Alice’s friends’ movies) is refused with 403 insufficient_scope: the token was issued to a client acting for itself, so it carries no user who could have agreed. For user data, a client needs a grant with a user: the authorization code grant.',
    refs: ['rfc6750-3.1', 'rfc6749-4.4'],
  },
} as const satisfies Record<string, StepMeta>
