import type { SpecRefId } from './spec-refs.ts'

/** What a wire parameter, header or claim means, in plain language, and where the spec defines it. */
export interface GlossaryEntry {
  readonly meaning: string
  readonly ref: SpecRefId
}

/** Query and form parameters of the authorization and token endpoints and their responses. */
export const parameterGlossary: Readonly<Record<string, GlossaryEntry>> = {
  response_type: {
    meaning: '"code" asks for an authorization code (the authorization code grant).',
    ref: 'rfc6749-4.1.1',
  },
  client_id: { meaning: 'Which registered application is asking.', ref: 'rfc6749-2.1' },
  redirect_uri: {
    meaning: 'Where the browser is sent back. Must exactly match a URI registered for the client.',
    ref: 'rfc9700-2.1',
  },
  scope: { meaning: 'The permissions asked for, space-separated.', ref: 'rfc6749-3.3' },
  state: {
    meaning: 'A one-time random value the client checks on return, so a forged callback is refused (CSRF).',
    ref: 'rfc6749-10.12',
  },
  nonce: {
    meaning: 'A random value the ID token must echo, binding the token to this login (replay protection).',
    ref: 'oidc-3.1.2.1',
  },
  code_challenge: {
    meaning: 'BASE64URL(SHA-256(code_verifier)). The server keeps it and checks the verifier later.',
    ref: 'rfc7636-4.3',
  },
  code_challenge_method: {
    meaning: 'How the challenge was derived; S256 is the only method to use.',
    ref: 'rfc7636-4.3',
  },
  code: {
    meaning: 'The authorization code: short-lived, single-use, exchangeable only by this client.',
    ref: 'rfc6749-4.1.2',
  },
  iss: {
    meaning:
      'The issuer that sent this response. The client compares it with the server it used (mix-up defence).',
    ref: 'rfc9207-2',
  },
  error: { meaning: 'An OAuth error code saying why the request failed.', ref: 'rfc6749-4.1.2.1' },
  error_description: {
    meaning: 'Human-readable detail for the developer; never shown as HTML.',
    ref: 'rfc6749-4.1.2.1',
  },
  grant_type: { meaning: 'Which grant the client is using at the token endpoint.', ref: 'rfc6749-4.1.3' },
  code_verifier: {
    meaning: 'The secret behind the code_challenge. Only the client that started the flow knows it.',
    ref: 'rfc7636-4.5',
  },
  client_secret: {
    meaning: 'The confidential client’s password (prefer the Authorization header).',
    ref: 'rfc6749-2.3.1',
  },
  access_token: { meaning: 'The credential the client presents to the resource server.', ref: 'rfc6749-5.1' },
  token_type: {
    meaning: 'How to use the access token: "Bearer" means whoever holds it may use it.',
    ref: 'rfc6750-2.1',
  },
  expires_in: { meaning: 'Seconds until the access token expires.', ref: 'rfc6749-5.1' },
  refresh_token: {
    meaning: 'Gets new access tokens later without the user. Keep it secret.',
    ref: 'rfc6749-5.1',
  },
  id_token: {
    meaning: 'A signed JWT saying who the user is and how they logged in (OpenID Connect).',
    ref: 'oidc-2',
  },
  interaction: {
    meaning: 'The server’s id for this login in progress (its own, not OAuth).',
    ref: 'oidc-3.1.2.4',
  },
  username: {
    meaning: 'The user’s login name, typed on the authorization server’s own page.',
    ref: 'oidc-3.1.2.4',
  },
  password: {
    meaning:
      'The user’s password: typed only on the authorization server’s page — except in the legacy password grant, where the client sees it.',
    ref: 'oidc-3.1.2.4',
  },
  decision: { meaning: 'The user’s answer on the consent page: allow or deny.', ref: 'rfc6749-4.1.2.1' },
  response_mode: {
    meaning:
      'Where the response parameters go: the query (default for code) or the fragment (default for tokens).',
    ref: 'oauth-responses-2.1',
  },
  device_code: {
    meaning: 'The device’s secret handle on this authorization: it polls the token endpoint with it.',
    ref: 'rfc8628-3.2',
  },
  user_code: {
    meaning: 'The short code the user types on the verification page, on another device.',
    ref: 'rfc8628-3.2',
  },
  verification_uri: {
    meaning: 'Where the user goes, on a phone or computer, to type the user code.',
    ref: 'rfc8628-3.2',
  },
  verification_uri_complete: {
    meaning: 'The verification page with the user code already filled in (for a QR code).',
    ref: 'rfc8628-3.3.1',
  },
  interval: {
    meaning: 'Seconds the device waits between polls; slow_down adds 5.',
    ref: 'rfc8628-3.5',
  },
  token: {
    meaning: 'The token to revoke or introspect.',
    ref: 'rfc7009-2.1',
  },
  token_type_hint: {
    meaning: 'access_token or refresh_token: where the server should look first. Only a hint.',
    ref: 'rfc7009-2.1',
  },
  active: {
    meaning: 'Whether the token is valid right now. An inactive answer says nothing else.',
    ref: 'rfc7662-2.2',
  },
}

/** HTTP headers that carry protocol meaning in these exchanges (lower-case names). */
export const headerGlossary: Readonly<Record<string, GlossaryEntry>> = {
  authorization: {
    meaning: 'Client credentials (Basic) or the access token (Bearer).',
    ref: 'rfc6749-2.3.1',
  },
  'cache-control': {
    meaning: 'no-store: responses with tokens or secrets must never be cached.',
    ref: 'rfc6749-5.1',
  },
  pragma: { meaning: 'no-cache, for old HTTP/1.0 caches, next to Cache-Control.', ref: 'rfc6749-5.1' },
  location: {
    meaning: 'Where the browser goes next: the redirect that carries the front channel.',
    ref: 'rfc6749-4.1.2',
  },
  'www-authenticate': {
    meaning: 'How to authenticate, and the OAuth error when it failed.',
    ref: 'rfc6750-3',
  },
  'set-cookie': {
    meaning: 'The authorization server’s session with the browser (not OAuth itself).',
    ref: 'oidc-3.1.2.4',
  },
  cookie: {
    meaning: 'The browser sends the authorization server’s session cookie back.',
    ref: 'oidc-3.1.2.4',
  },
  'content-type': {
    meaning: 'Token requests are form-encoded; token responses are JSON.',
    ref: 'rfc6749-4.1.3',
  },
}

/** JWT claims (ID token and JWT access token). */
export const claimGlossary: Readonly<Record<string, GlossaryEntry>> = {
  iss: { meaning: 'Issuer: who created and signed the token.', ref: 'rfc7519-4.1' },
  sub: { meaning: 'Subject: the user’s stable identifier at this issuer.', ref: 'rfc7519-4.1' },
  aud: {
    meaning: 'Audience: who the token is for. An ID token is for the client; an access token for the API.',
    ref: 'rfc7519-4.1',
  },
  exp: { meaning: 'Expiry time: reject the token after this.', ref: 'rfc7519-4.1' },
  iat: { meaning: 'Issued at.', ref: 'rfc7519-4.1' },
  nbf: { meaning: 'Not valid before this time.', ref: 'rfc7519-4.1' },
  jti: { meaning: 'A unique id for this token (lets the server revoke it).', ref: 'rfc7519-4.1' },
  auth_time: { meaning: 'When the user actually authenticated.', ref: 'oidc-2' },
  nonce: { meaning: 'Echo of the client’s nonce: proves the token belongs to this login.', ref: 'oidc-2' },
  azp: { meaning: 'Authorized party: the client the token was issued to.', ref: 'oidc-2' },
  at_hash: { meaning: 'Hash of the access token, binding it to this ID token.', ref: 'oidc-3.1.3.7' },
  scope: { meaning: 'The permissions this access token carries.', ref: 'rfc6749-3.3' },
  client_id: { meaning: 'The client the access token was issued to.', ref: 'rfc6749-2.1' },
  name: { meaning: 'The user’s full name.', ref: 'oidc-5.1' },
  email: { meaning: 'The user’s email address.', ref: 'oidc-5.1' },
  email_verified: { meaning: 'Whether the provider verified the email address.', ref: 'oidc-5.1' },
  alg: { meaning: 'Header: the signature algorithm.', ref: 'rfc7515-5.2' },
  kid: { meaning: 'Header: which key in the JWKS signed this token.', ref: 'rfc7517-5' },
  typ: { meaning: 'Header: the token type ("at+jwt" marks an access token).', ref: 'rfc7515-5.2' },
}

/** Claims whose values are NumericDate seconds, shown as readable times. */
export const timeClaims: ReadonlySet<string> = new Set(['exp', 'iat', 'nbf', 'auth_time'])
