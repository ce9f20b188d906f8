import type { StepMeta } from '../step.ts'

/**
 * Revocation (RFC 7009) and introspection (RFC 7662), step by step: tokens from the code grant, the
 * server asked about the access token, the refresh token revoked when the user signs out — then the
 * same questions again, and every door the revocation closed.
 */
export const revocationSteps = {
  discovery: {
    title: 'The client reads the server’s configuration',
    from: 'client',
    to: 'as',
    channel: 'back',
    explanation:
      'Besides the authorization and token endpoints, the metadata names a revocation_endpoint (RFC 7009) and an introspection_endpoint (RFC 7662). The client needs both for what follows, so it checks they are there.',
    refs: ['rfc8414-2', 'rfc7009-2', 'rfc7662-2'],
  },
  authorizationRequest: {
    title: 'The client asks for offline access',
    from: 'client',
    to: 'browser',
    channel: 'front',
    explanation:
      'MovieMatch’s web app (a confidential client with a secret, and PKCE as well) asks for offline_access: it wants a refresh token, to keep access while Alice is away. Tokens obtained this way are what the rest of the flow inspects and revokes.',
    refs: ['rfc6749-4.1.1', 'rfc7636-4.3', 'rfc6749-6'],
  },
  redeem: {
    title: 'The client redeems the code: an access token and a refresh token',
    from: 'client',
    to: 'as',
    channel: 'back',
    explanation:
      'The client checks the response (state, iss), then redeems the code with its secret and its PKCE verifier. It now holds a short-lived access token and a refresh token.',
    refs: ['rfc6749-4.1.3', 'rfc6749-5.1'],
  },
  introspect: {
    title: 'The client asks the server about its access token',
    from: 'client',
    to: 'as',
    channel: 'back',
    explanation:
      'Token introspection: the client (or a resource server) posts the token, authenticated with its own credentials, and the server says whether it is active — and if so, for whom, which client, which scopes, until when. This is how an opaque token is checked; the server answers only authenticated callers, and only about their own tokens.',
    refs: ['rfc7662-2.1', 'rfc7662-2.2', 'rfc7662-4'],
  },
  readMovies: {
    title: 'MovieMatch reads the friends’ movies',
    from: 'client',
    to: 'rs',
    channel: 'back',
    explanation:
      'The access token works at the API: the resource server checks its signature, audience, expiry and scopes — and asks the server’s store whether it was revoked.',
    refs: ['rfc6750-2.1'],
  },
  revoke: {
    title: 'Alice signs out: the client revokes its refresh token',
    from: 'client',
    to: 'as',
    channel: 'back',
    explanation:
      'Signing out properly means telling the server the tokens are no longer needed, not just forgetting them. The client posts its refresh token with token_type_hint=refresh_token. Revoking a refresh token should also end the access tokens of the same grant. The answer is 200 with no body — the same answer a token the server never knew would get, so a 200 proves nothing about the token by itself.',
    refs: ['rfc7009-2.1', 'rfc7009-2.2'],
  },
  introspectAgain: {
    title: 'The client asks about the access token again',
    from: 'client',
    to: 'as',
    channel: 'back',
    explanation:
      'The same introspection request as before. The access token has not expired, but its grant was revoked with the refresh token, so the answer is exactly {"active": false} — nothing more: an inactive token gets no details, whether it expired, was revoked or never existed.',
    refs: ['rfc7662-2.2', 'rfc7009-2.1'],
  },
  refreshRefused: {
    title: 'The revoked refresh token is refused',
    from: 'client',
    to: 'as',
    channel: 'back',
    explanation:
      'Had the client kept the refresh token (a bug, or a copy that leaked), it would no longer work: the token endpoint answers invalid_grant, and the server’s reasoning says the grant was revoked. To get tokens again, Alice has to sign in again.',
    refs: ['rfc7009-2.1', 'rfc6749-5.2'],
  },
  readRefused: {
    title: 'The API refuses the access token too',
    from: 'client',
    to: 'rs',
    channel: 'back',
    explanation:
      'A self-contained JWT access token would still verify — its signature and expiry are fine. It is refused with 401 invalid_token because this resource server also consults the authorization server’s state. A resource server that only checks signatures would accept it until it expires: one reason access tokens are kept short-lived.',
    refs: ['rfc6750-3.1', 'rfc9068-4', 'rfc7009-2.1'],
  },
} as const satisfies Record<string, StepMeta>
