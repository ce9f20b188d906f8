import type { StepMeta } from '../step.ts'

/** The resource owner password credentials grant, step by step (RFC 6749 §4.3) — legacy. */
export const passwordSteps = {
  discovery: {
    title: 'The client reads the server’s configuration',
    from: 'client',
    to: 'as',
    channel: 'back',
    explanation:
      'The legacy MovieMatch app reads the authorization server’s metadata to find the token endpoint. This grant never sends the user to the authorization server, so that is the only endpoint it needs.',
    refs: ['rfc8414-3', 'oidc-discovery-4'],
  },
  loginForm: {
    title: 'MovieMatch shows its own login form',
    from: 'client',
    to: 'browser',
    channel: 'front',
    label: 'MovieMatch’s own login form',
    explanation:
      'Here is the problem with this grant: the login form belongs to the client, not to the authorization server. The user is asked to type their Friendly Social password into MovieMatch. A phishing app looks exactly like this — and users learn to do it.',
    refs: ['rfc6749-4.3', 'rfc9700-2.4'],
  },
  credentials: {
    title: 'The user types their password into MovieMatch',
    from: 'browser',
    to: 'client',
    channel: 'front',
    label: 'username + password → MovieMatch',
    explanation:
      'MovieMatch now holds Alice’s password in plain text. It could store it, log it, or use it for anything the account allows — the authorization server cannot tell. There is no consent screen either, and no place for a second factor: the server only ever sees the client.',
    refs: ['rfc6749-4.3', 'rfc9700-2.4'],
  },
  tokenRequest: {
    title: 'The client sends the password to the token endpoint',
    from: 'client',
    to: 'as',
    channel: 'back',
    explanation:
      'With grant_type=password the client sends the username and password, and authenticates itself with its own secret. The server checks both and answers with an access token and a refresh token. A wrong password gets invalid_grant.',
    variantNotes: {
      basic: 'The client authenticates with HTTP Basic (client_secret_basic).',
      post: 'The client puts its client_id and secret in the form body (client_secret_post).',
    },
    refs: ['rfc6749-4.3.2', 'rfc6749-5.1', 'rfc6749-2.3.1'],
  },
  resourceRequest: {
    title: 'MovieMatch reads the friends’ movies',
    from: 'client',
    to: 'rs',
    channel: 'back',
    explanation:
      'The access token works like any other: the resource server checks its signature, audience, expiry and scopes. Nothing in it says that the client saw the password.',
    refs: ['rfc6750-2.1', 'rfc9068-4'],
  },
  refresh: {
    title: 'Later, the client refreshes the access token',
    from: 'client',
    to: 'as',
    channel: 'back',
    explanation:
      'When the access token nears its end, the client uses its refresh token. This client is confidential, so it authenticates again and keeps its refresh token (the server does not rotate it for confidential clients).',
    refs: ['rfc6749-6', 'rfc9700-2.2.2'],
  },
} as const satisfies Record<string, StepMeta>
