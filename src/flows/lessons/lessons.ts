import type { FlowDescriptor, FlowVariant } from '../catalogue.ts'
import type { ClientConfig } from '../client-config.ts'
import { lane } from '../lanes.ts'

/**
 * The attack lessons: each a guided flow with the attacker as a fifth lane, run "Vulnerable" (a
 * named misbehave setting of the server or the client, never a code patch) and "Hardened" (the
 * RFC 9700 default). Light data, like the flow catalogue: the machines load on demand.
 */

const openidScope = 'openid profile email friends.read movies.read'

/** The demo single-page app (client spa) at the bundled server on `origin`. */
export const spaClient = (origin: string, overrides: Partial<ClientConfig> = {}): ClientConfig => ({
  issuer: `${origin}/as`,
  clientId: 'spa',
  authMethod: 'none',
  redirectUri: `${origin}/callback`,
  scope: openidScope,
  usePkce: true,
  resourceUrl: `${origin}/rs/me/friends/movies`,
  ...overrides,
})

/** The demo server-side web app (client web-app, confidential) at the bundled server on `origin`. */
export const webAppClient = (origin: string, overrides: Partial<ClientConfig> = {}): ClientConfig => ({
  issuer: `${origin}/as`,
  clientId: 'web-app',
  clientSecret: 'web-app-secret',
  authMethod: 'client_secret_basic',
  redirectUri: `${origin}/callback`,
  scope: openidScope,
  usePkce: true,
  resourceUrl: `${origin}/rs/me/friends/movies`,
  ...overrides,
})

/** The legacy MovieMatch app (client implicit-app) that signs users in with `id_token token`. */
export const implicitClient = (origin: string, overrides: Partial<ClientConfig> = {}): ClientConfig => ({
  issuer: `${origin}/as`,
  clientId: 'implicit-app',
  authMethod: 'none',
  redirectUri: `${origin}/callback`,
  scope: 'openid profile',
  ...overrides,
})

/** The two runs of a lesson. */
const vulnerable = (summary: string, rest: Omit<FlowVariant, 'id' | 'title' | 'summary'>): FlowVariant => ({
  id: 'vulnerable',
  title: 'Vulnerable',
  summary,
  ...rest,
})
const hardened = (summary: string, rest: Omit<FlowVariant, 'id' | 'title' | 'summary'>): FlowVariant => ({
  id: 'hardened',
  title: 'Hardened',
  summary,
  ...rest,
})

const browserLanes = [lane.user, lane.client, lane.as, lane.rs, lane.attacker]

export const lessons: readonly FlowDescriptor[] = [
  {
    id: 'lesson-csrf',
    title: 'CSRF on the redirect URI (login CSRF)',
    summary:
      'Mallory signs in with their own account, stops at the redirect, and makes Alice’s browser deliver that callback to MovieMatch — which then signs Alice in to Mallory’s account.',
    lesson: {
      number: 1,
      attack:
        'Mallory plants a callback from their own login in Alice’s browser, so MovieMatch signs her in to Mallory’s account.',
      defence:
        'state: the callback’s state is not the one kept in Alice’s session, and the client refuses it (state-matches).',
    },
    lanes: browserLanes,
    closing: 'Press Restart to run it again, or switch between Vulnerable and Hardened.',
    outline: [
      'The client reads the server’s configuration',
      'Mallory starts a login at MovieMatch',
      'Mallory’s browser asks the authorization server',
      'Mallory signs in with their own account',
      'Mallory allows — and keeps the redirect',
      'Alice starts her own login at MovieMatch',
      'Mallory makes Alice’s browser load the forged callback',
      'MovieMatch takes the callback in Alice’s session',
      'MovieMatch redeems Mallory’s code',
      'MovieMatch checks the ID token',
      'MovieMatch signs Alice’s browser in — to Mallory’s account',
    ],
    load: () => import('./csrf/csrf-machine.ts').then((m) => m.csrfLesson),
    variants: [
      vulnerable(
        'MovieMatch (client web-app) skips the state and nonce checks (client misbehave settings ignore-state and ignore-nonce) and sends no PKCE challenge.',
        {
          config: (origin) =>
            webAppClient(origin, { usePkce: false, misbehave: ['ignore-state', 'ignore-nonce'] }),
        },
      ),
      hardened('MovieMatch checks state and nonce and uses PKCE (S256), as RFC 9700 recommends.', {
        config: (origin) => webAppClient(origin),
      }),
    ],
  },
  {
    id: 'lesson-code-interception',
    title: 'Authorization code interception',
    summary:
      'A malicious app registered for the same redirect URI catches the redirect with Alice’s code and redeems it before MovieMatch can.',
    lesson: {
      number: 2,
      attack: 'A malicious app catches the redirect and redeems Alice’s code itself.',
      defence: 'PKCE: the server asks for the code_verifier, which never left the real app (invalid_grant).',
    },
    lanes: browserLanes,
    closing: 'Press Restart to run it again, or switch between Vulnerable and Hardened.',
    outline: [
      'The client reads the server’s configuration',
      'The client sends the user to the authorization server',
      'The browser asks the authorization server',
      'The user signs in at the authorization server',
      'The user decides what the client may do',
      'A malicious app catches the redirect',
      'The attacker redeems the stolen code',
      'The attacker reads Alice’s data',
    ],
    load: () =>
      import('./code-interception/code-interception-machine.ts').then((m) => m.codeInterceptionLesson),
    variants: [
      vulnerable(
        'The public client sends no PKCE challenge, and the server lets public clients skip PKCE (misbehave setting).',
        {
          config: (origin) => spaClient(origin, { usePkce: false }),
          policies: { publicClientsWithoutPkce: true },
        },
      ),
      hardened('The client uses PKCE (S256), as RFC 9700 requires of public clients.', {
        config: (origin) => spaClient(origin),
      }),
    ],
  },
  {
    id: 'lesson-redirect-uri',
    title: 'Redirect URI manipulation',
    summary:
      'A crafted login link names MovieMatch but a redirect URI on the attacker’s host that merely begins with the registered one; a server that matches by prefix sends Alice’s code there.',
    lesson: {
      number: 3,
      attack:
        'A crafted link with a redirect_uri that begins with MovieMatch’s registered one, on the attacker’s host.',
      defence:
        'Exact string matching of redirect URIs: the server shows an error page and redirects nowhere (invalid_request).',
    },
    lanes: browserLanes,
    closing: 'Press Restart to run it again, or switch between Vulnerable and Hardened.',
    outline: [
      'The client reads the server’s configuration',
      'MovieMatch registers its site as redirect URI',
      'The attacker crafts a login link for MovieMatch',
      'The browser asks the authorization server',
      'The user signs in at the authorization server',
      'The user decides what the client may do',
      'The browser takes the code to the attacker’s site',
      'The attacker redeems the code',
      'The attacker reads Alice’s data',
    ],
    load: () => import('./redirect-uri/redirect-uri-machine.ts').then((m) => m.redirectUriLesson),
    variants: [
      vulnerable(
        'The server matches redirect URIs by prefix (misbehave setting “Match redirect URIs by prefix”). MovieMatch is a public client, so the attacker can redeem the code with a PKCE verifier of their own.',
        {
          config: (origin) => spaClient(origin, { redirectUri: 'https://moviematch.example' }),
          policies: { redirectUriPrefixMatching: true },
        },
      ),
      hardened('The server compares redirect URIs by exact string matching, as RFC 9700 requires.', {
        config: (origin) => spaClient(origin, { redirectUri: 'https://moviematch.example' }),
        policies: { redirectUriPrefixMatching: false },
      }),
    ],
  },
  {
    id: 'lesson-implicit-leak',
    title: 'Token leakage in the implicit grant',
    summary:
      'The implicit grant puts the access token in the address bar, where a compromised script on the page reads it — and the browser’s history keeps it.',
    lesson: {
      number: 4,
      attack: 'A compromised script on the client’s page reads the token from the URL fragment and uses it.',
      defence:
        'The code grant with PKCE: the address holds only a one-time code, which the server will not redeem without the verifier (invalid_grant).',
    },
    lanes: browserLanes,
    closing: 'Press Restart to run it again, or switch between Vulnerable and Hardened.',
    outline: [
      'The client reads the server’s configuration',
      'The client sends the user to the authorization server',
      'The browser asks the authorization server',
      'The user signs in at the authorization server',
      'The user decides what the client may do',
      'A script on the page reads the address',
      'The attacker tries to redeem the code',
      'The attacker reads Alice’s data',
    ],
    load: () => import('./implicit-leak/implicit-leak-machine.ts').then((m) => m.implicitLeakLesson),
    variants: [
      vulnerable(
        'The legacy client implicit-app uses response_type=token: the access token comes back in the URL fragment.',
        {
          config: (origin) =>
            spaClient(origin, {
              clientId: 'implicit-app',
              scope: 'friends.read movies.read',
              usePkce: false,
            }),
        },
      ),
      hardened('The client spa uses the authorization code grant with PKCE, as RFC 9700 recommends.', {
        config: (origin) => spaClient(origin, { scope: 'friends.read movies.read' }),
      }),
    ],
  },
  {
    id: 'lesson-code-injection',
    title: 'Authorization code injection',
    summary:
      'Mallory has Alice’s code but not MovieMatch’s secret, so Mallory swaps the code into their own login at MovieMatch — and MovieMatch redeems it for them.',
    lesson: {
      number: 5,
      attack:
        'Mallory injects Alice’s stolen code into their own login at MovieMatch and is signed in as Alice.',
      defence:
        'PKCE: the code is bound to Alice’s challenge, and Mallory’s session holds another verifier (invalid_grant). The nonce would also stop it, at the client.',
    },
    lanes: browserLanes,
    closing: 'Press Restart to run it again, or switch between Vulnerable and Hardened.',
    outline: [
      'The client reads the server’s configuration',
      'Alice starts a login at MovieMatch',
      'The browser asks the authorization server',
      'The user signs in at the authorization server',
      'The user decides what the client may do',
      'Mallory steals Alice’s code from the redirect',
      'Mallory starts their own login at MovieMatch',
      'Mallory swaps Alice’s code into their own callback',
      'MovieMatch redeems Alice’s code for Mallory',
      'MovieMatch checks the ID token',
      'MovieMatch signs Mallory in — as Alice',
    ],
    load: () => import('./code-injection/code-injection-machine.ts').then((m) => m.codeInjectionLesson),
    variants: [
      vulnerable(
        'MovieMatch (client web-app, confidential) sends no PKCE challenge — the server allows that for confidential clients — and skips the ID token’s nonce check (client misbehave setting ignore-nonce).',
        { config: (origin) => webAppClient(origin, { usePkce: false, misbehave: ['ignore-nonce'] }) },
      ),
      hardened(
        'MovieMatch uses PKCE (S256), as RFC 9700 recommends for confidential clients too, and checks the nonce.',
        {
          config: (origin) => webAppClient(origin),
        },
      ),
    ],
  },
  {
    id: 'lesson-mix-up',
    title: 'Mix-up attack',
    summary:
      'MovieMatch lets Alice log in with two authorization servers, one of them the attacker’s. Attacker AS sends her on to the honest one, and MovieMatch hands the code it gets back to the attacker.',
    lesson: {
      number: 6,
      attack:
        'Attacker AS forwards Alice to the honest server; MovieMatch sends the code that comes back to Attacker AS’s token endpoint.',
      defence:
        'The client compares the iss in the response with the server it sent Alice to, and rejects the response (RFC 9207).',
    },
    lanes: [
      lane.user,
      lane.client,
      lane.as,
      lane.rs,
      { ...lane.attacker, subtitle: 'Mallory and her Attacker AS' },
    ],
    closing: 'Press Restart to run it again, or switch between Vulnerable and Hardened.',
    outline: [
      'The attacker reads the honest server’s configuration',
      'MovieMatch reads Attacker AS’s configuration',
      'MovieMatch sends Alice to Attacker AS',
      'Attacker AS sends Alice on to the honest server',
      'The browser asks the authorization server',
      'The user signs in at the authorization server',
      'The user decides what the client may do',
      'The browser brings the code back to MovieMatch',
      'MovieMatch sends the code to Attacker AS',
      'The attacker redeems the code at the honest server',
      'The attacker reads Alice’s data',
    ],
    load: () => import('./mix-up/mix-up-machine.ts').then((m) => m.mixUpLesson),
    variants: [
      vulnerable(
        'MovieMatch skips the iss check (client misbehave setting ignore-iss). It uses PKCE, which does not help: the verifier goes to the attacker with the code.',
        { config: (origin) => spaClient(origin, { misbehave: ['ignore-iss'] }) },
      ),
      hardened('MovieMatch checks iss against the server it sent Alice to (RFC 9207 §2.4).', {
        config: (origin) => spaClient(origin),
      }),
    ],
  },
  {
    id: 'lesson-id-token-substitution',
    title: 'ID token substitution',
    summary:
      'Alice signs in to Mallory’s own app at the same server; Mallory hands the genuine ID token about Alice to MovieMatch, which signs Mallory in as Alice unless it checks aud.',
    lesson: {
      number: 7,
      attack:
        'Mallory replays an ID token about Alice, issued to Mallory’s own app, at MovieMatch and is signed in as Alice.',
      defence:
        'aud: the ID token names Mallory’s app as its audience, not MovieMatch, and the client refuses it (aud).',
    },
    lanes: [lane.user, lane.client, lane.as, lane.attacker],
    closing: 'Press Restart to run it again, or switch between Vulnerable and Hardened.',
    outline: [
      'The client reads the server’s configuration',
      'Mallory registers an app of their own',
      'Mallory starts a login at MovieMatch',
      'Alice signs in to Mallory’s app',
      'The browser asks the authorization server',
      'The user signs in at the authorization server',
      'The user decides what the client may do',
      'Mallory’s app receives an ID token about Alice',
      'Mallory hands Alice’s ID token to MovieMatch',
      'MovieMatch verifies the ID token',
    ],
    load: () =>
      import('./id-token-substitution/id-token-substitution-machine.ts').then(
        (m) => m.idTokenSubstitutionLesson,
      ),
    variants: [
      vulnerable(
        'The legacy MovieMatch app (client implicit-app, response_type id_token token) skips the ID token’s audience check (client misbehave setting ignore-aud). Its nonce check stays on — Mallory gets past it by borrowing MovieMatch’s nonce.',
        { config: (origin) => implicitClient(origin, { misbehave: ['ignore-aud'] }) },
      ),
      hardened(
        'MovieMatch checks that aud (and azp) name its own client_id, as OpenID Connect Core §3.1.3.7 requires.',
        {
          config: (origin) => implicitClient(origin),
        },
      ),
    ],
  },
  {
    id: 'lesson-refresh-theft',
    title: 'Refresh token theft',
    summary:
      'A script injected into MovieMatch’s page copies its refresh token. Does the attacker keep getting fresh access tokens, or does the server notice two parties using one token?',
    lesson: {
      number: 8,
      attack: 'A stolen refresh token, used by the attacker alongside the app, for fresh access tokens.',
      defence:
        'Rotation with reuse detection: when the retired token comes back the server revokes the whole family (invalid_grant), the attacker’s tokens included.',
    },
    lanes: browserLanes,
    closing: 'Press Restart to run it again, or switch between Vulnerable and Hardened.',
    outline: [
      'The client reads the server’s configuration',
      'The client asks for offline access',
      'The browser asks the authorization server',
      'The user signs in at the authorization server',
      'The user decides what the client may do',
      'MovieMatch gets an access token and a refresh token',
      'A script on the page steals the refresh token',
      'The attacker refreshes with the stolen token',
      'MovieMatch refreshes its tokens',
      'The attacker refreshes again',
      'The attacker reads Alice’s data',
    ],
    load: () => import('./refresh-theft/refresh-theft-machine.ts').then((m) => m.refreshTheftLesson),
    variants: [
      vulnerable(
        'The server never rotates refresh tokens (setting “Refresh token rotation” = Never), although MovieMatch is a public client.',
        {
          config: (origin) => spaClient(origin, { scope: 'offline_access friends.read movies.read' }),
          policies: { refreshRotation: 'never' },
        },
      ),
      hardened(
        'The server rotates public clients’ refresh tokens and revokes the whole family when a retired one comes back (RFC 9700 §4.14.2).',
        {
          config: (origin) => spaClient(origin, { scope: 'offline_access friends.read movies.read' }),
          policies: { refreshRotation: 'public-clients', refreshReuse: 'revoke-family' },
        },
      ),
    ],
  },
]
