import type { StepMeta } from '../step.ts'

/** Refresh tokens, step by step (RFC 6749 §6; rotation and reuse detection, RFC 9700 §4.14.2). */
export const refreshSteps = {
  discovery: {
    title: 'The client reads the server’s configuration',
    from: 'client',
    to: 'as',
    channel: 'back',
    explanation:
      'First the client gets tokens the usual way — authorization code with PKCE — shown compactly here. It reads the metadata to find the endpoints.',
    refs: ['oidc-discovery-4', 'rfc8414-3'],
  },
  authorizationRequest: {
    title: 'The client asks for offline access',
    from: 'client',
    to: 'browser',
    channel: 'front',
    explanation:
      'The authorization request asks for the offline_access scope: the client wants to keep access while the user is away, which is what a refresh token is for. PKCE protects the code as usual.',
    refs: ['rfc6749-4.1.1', 'rfc7636-4.3', 'rfc6749-6'],
  },
  redeem: {
    title: 'The client redeems the code: an access token and a refresh token',
    from: 'client',
    to: 'as',
    channel: 'back',
    explanation:
      'The client checks the response (state, iss) and redeems the code with its PKCE verifier. Besides the short-lived access token it gets a refresh token. This is a public client (a browser app), so the server rotates its refresh token on every use.',
    refs: ['rfc6749-4.1.3', 'rfc6749-5.1', 'rfc9700-2.2.2'],
  },
  readMovies: {
    title: 'MovieMatch reads the friends’ movies',
    from: 'client',
    to: 'rs',
    channel: 'back',
    explanation:
      'The fresh access token works: the resource server checks its signature, audience, expiry and scopes, and answers 200.',
    refs: ['rfc6750-2.1'],
  },
  expired: {
    title: 'An hour later, the access token has expired',
    from: 'client',
    to: 'rs',
    channel: 'back',
    explanation:
      'Time passes (Next moved the clock past the token’s expiry). The same call now gets 401 with WWW-Authenticate error="invalid_token": the token is expired. The user is not around to sign in again — this is the moment for the refresh token.',
    refs: ['rfc6750-3.1', 'rfc9068-4'],
  },
  refresh: {
    title: 'The client refreshes: new tokens, and the old refresh token retires',
    from: 'client',
    to: 'as',
    channel: 'back',
    explanation:
      'With grant_type=refresh_token the client gets a new access token — and, because it is a public client, a new refresh token too. The old refresh token is now used up: anyone presenting it again gives themselves away (rotation, RFC 9700 §4.14.2).',
    refs: ['rfc6749-6', 'rfc9700-2.2.2', 'rfc9700-4.14.2'],
  },
  readAgain: {
    title: 'MovieMatch reads the movies again',
    from: 'client',
    to: 'rs',
    channel: 'back',
    explanation:
      'The new access token works, and the user never noticed a thing: refreshing happens on the back channel, without the browser.',
    refs: ['rfc6750-2.1'],
  },
  replay: {
    title: 'An attacker replays the old refresh token',
    from: 'attacker',
    to: 'as',
    channel: 'back',
    explanation:
      'Suppose an attacker copied the refresh token MovieMatch used before (from a log, a backup, a script on the page). A browser app has no secret, so the attacker can present it as if they were the client. But that token was already rotated: the server sees it used twice, cannot tell who is the thief, and revokes the whole family — every refresh and access token of this grant.',
    refs: ['rfc9700-4.14.2', 'rfc6749-10.4'],
  },
  revokedAccess: {
    title: 'The client’s access token stops working',
    from: 'client',
    to: 'rs',
    channel: 'back',
    explanation:
      'The revocation reaches the access tokens of the grant too: the client’s current, unexpired access token is now refused with invalid_token.',
    refs: ['rfc9700-4.14.2', 'rfc6750-3.1'],
  },
  refused: {
    title: 'The client’s own refresh is refused',
    from: 'client',
    to: 'as',
    channel: 'back',
    explanation:
      'Even the legitimate client’s newest refresh token is dead: invalid_grant. The user has to sign in again — a small price: the attacker’s stolen token bought them nothing, and its use shut the door for everyone. The server’s reasoning shows which check refused it.',
    refs: ['rfc9700-4.14.2', 'rfc6749-5.2'],
  },
} as const satisfies Record<string, StepMeta>
