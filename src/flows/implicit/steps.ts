import { browserSteps } from '../browser-steps.ts'
import type { StepMeta } from '../step.ts'

/** The implicit grant, step by step (RFC 6749 §4.2; OIDC Core §3.2) — legacy. */
export const implicitSteps = {
  discovery: {
    title: 'The client reads the server’s configuration',
    from: 'client',
    to: 'as',
    channel: 'back',
    explanation:
      'The legacy MovieMatch single-page app reads the authorization server’s metadata to find the authorization endpoint (and, for OpenID Connect, the keys).',
    refs: ['oidc-discovery-4', 'rfc8414-3'],
  },
  authorizationRequest: {
    title: 'The client sends the user to the authorization server',
    from: 'client',
    to: 'browser',
    channel: 'front',
    explanation:
      'The client asks for tokens straight from the authorization endpoint: response_type=token. There is no code and no token request later, so there is nothing like PKCE either. state protects the response against CSRF.',
    variantNotes: {
      'id-token':
        'With response_type=id_token token the client also asks for an ID token, and must send a nonce: the ID token arrives in the URL too, and the nonce is what ties it to this login.',
    },
    refs: ['rfc6749-4.2', 'rfc6749-3.1.1'],
    variantRefs: { 'id-token': ['oidc-3.2.2.5'] },
  },
  consent: {
    ...browserSteps.consent,
    explanation:
      'The consent page lists the scopes the client asked for. On Allow the server issues the tokens right away and redirects the browser back to the client with them in the URL fragment (#access_token=…). It never issues a refresh token here.',
    refs: ['rfc6749-4.2.2', 'rfc9207-2'],
  },
  callback: {
    title: 'The token arrives in the address bar',
    from: 'browser',
    to: 'client',
    channel: 'front',
    explanation:
      'The access token is in the URL fragment. The fragment is not sent to any server, but everything in the browser can read it: the address bar and whoever looks at the screen, the browser history, every script on the page (third-party ones included), browser extensions — and any URL the page copies it into, a Referer on the next navigation among them. The client checks state and iss, and that no refresh token came this way.',
    refs: ['rfc6749-4.2.2', 'rfc9700-4.3', 'rfc9700-4.2', 'rfc6749-10.12'],
  },
  idTokenValidation: {
    title: 'The client verifies the ID token',
    from: 'client',
    to: 'as',
    channel: 'back',
    explanation:
      'The ID token came through the browser, so the client trusts nothing before checking it: the signature against the server’s keys, iss, aud, expiry, the nonce it sent — and at_hash, which ties the access token in the same fragment to this ID token (it is required here).',
    refs: ['oidc-3.2.2.9', 'oidc-3.1.3.7', 'rfc7517-5'],
  },
  resourceRequest: {
    title: 'MovieMatch reads the friends’ movies',
    from: 'client',
    to: 'rs',
    channel: 'back',
    explanation:
      'The token works — for MovieMatch, and for anyone who copied it from the browser. When it expires there is no refresh token: the app must send the user through the authorization server again.',
    refs: ['rfc6750-2.1', 'rfc9700-2.1.2'],
  },
} as const satisfies Record<string, StepMeta>
