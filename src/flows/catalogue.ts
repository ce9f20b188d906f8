import type { ServerPolicies } from '@/protocol/server-policies.ts'
import type { SpecRefId } from '@/protocol/spec-refs.ts'
import type { ClientConfig } from './client-config.ts'
import type { FlowDefinition } from './flow-contract.ts'
import { lane } from './lanes.ts'
import { lessons } from './lessons/lessons.ts'
import type { Lane } from './step.ts'

/**
 * The flows the playground offers, as light data for the first screen: what each is, its lanes,
 * its variants with the demo client each plays, and its closing words. The machines themselves load
 * on demand (`load`), so the first screen does not pay for xstate or oauth4webapi.
 */
export interface LaneInfo {
  readonly id: Lane
  readonly title: string
  readonly subtitle: string
}

export interface FlowVariant {
  readonly id: string
  readonly title: string
  readonly summary: string
  /** The client's registration at the bundled server that answers on `origin`. */
  readonly config: (origin: string) => ClientConfig
  /**
   * Server settings this variant runs with (an attack lesson's misbehave switch). A variant that
   * has them runs on a server of its own in this page, so no other flow sees them.
   */
  readonly policies?: Partial<ServerPolicies>
}

/** What makes a flow an attack lesson: its place in the list and the attack in one sentence each way. */
export interface LessonInfo {
  readonly number: number
  /** What the attacker does, for the lesson list. */
  readonly attack: string
  /** What stops them in the hardened run. */
  readonly defence: string
}

export interface FlowDescriptor {
  readonly id: string
  readonly title: string
  readonly summary: string
  readonly lanes: readonly LaneInfo[]
  readonly variants: readonly FlowVariant[]
  /** Said when a run completes: what the client got, and what it never saw. */
  readonly closing: string
  /** For legacy grants: why not to use it, and what replaced it. */
  readonly caution?: { readonly title: string; readonly text: string; readonly refs: readonly SpecRefId[] }
  /**
   * The step titles of the main path, for the first screen before the machine has loaded. Equal to
   * the machine's derived `plan` — `catalogue.test.ts` fails the moment the two differ.
   */
  readonly outline: readonly string[]
  /** Loads the flow's machine (its own chunk). */
  readonly load: () => Promise<FlowDefinition>
  /** Set for the attack lessons (variants "vulnerable" and "hardened"). */
  readonly lesson?: LessonInfo
}

const openidScope = 'openid profile email friends.read movies.read'

/** The demo client's registration at the bundled server on `origin`, with its defaults. */
const demoClient = (origin: string, config: Omit<ClientConfig, 'issuer'>): ClientConfig => ({
  issuer: `${origin}/as`,
  ...config,
})

export const flows: readonly FlowDescriptor[] = [
  {
    id: 'authorization-code',
    title: 'Authorization Code',
    summary:
      'The user signs in at the authorization server, which sends a one-time code back through the browser; the client exchanges it for tokens over a direct back channel.',
    lanes: [lane.user, lane.client, lane.as, lane.rs],
    closing:
      'MovieMatch read the friends’ movies with a token, and never saw Alice’s password. Press Restart to run it again, or try the other variant.',
    outline: [
      'The client reads the server’s configuration',
      'The client sends the user to the authorization server',
      'The browser asks the authorization server',
      'The user signs in at the authorization server',
      'The user decides what the client may do',
      'The browser brings the answer back to the client',
      'The client exchanges the code for tokens',
      'The client verifies the ID token',
      'The client asks who the user is',
      'MovieMatch reads the friends’ movies',
    ],
    load: () =>
      import('./authorization-code/authorization-code-machine.ts').then((m) => m.authorizationCodeFlow),
    variants: [
      {
        id: 'pkce',
        title: 'With PKCE (public client)',
        summary:
          'A single-page app (client spa) has no secret; PKCE proves that whoever redeems the code started the flow.',
        config: (origin) => ({
          issuer: `${origin}/as`,
          clientId: 'spa',
          authMethod: 'none',
          redirectUri: `${origin}/callback`,
          scope: openidScope,
          usePkce: true,
          resourceUrl: `${origin}/rs/me/friends/movies`,
        }),
      },
      {
        id: 'client-secret',
        title: 'With a client secret (confidential client)',
        summary:
          'A server-side web app (client web-app) authenticates at the token endpoint with its secret.',
        config: (origin) => ({
          issuer: `${origin}/as`,
          clientId: 'web-app',
          clientSecret: 'web-app-secret',
          authMethod: 'client_secret_basic',
          redirectUri: `${origin}/callback`,
          scope: openidScope,
          usePkce: false,
          resourceUrl: `${origin}/rs/me/friends/movies`,
        }),
      },
    ],
  },
  {
    id: 'client-credentials',
    title: 'Client Credentials',
    summary:
      'A back-end job with no user: MovieMatch’s nightly recommender gets a token for itself with its own secret and reads the public movie catalogue.',
    lanes: [
      { ...lane.client, subtitle: 'MovieMatch nightly job' },
      lane.as,
      { ...lane.rs, subtitle: 'Friendly Social API (catalogue)' },
    ],
    closing:
      'The job read the catalogue with a token issued to itself. No user took part, so no user’s data was open to it. Use this grant for machine-to-machine calls only: when a user’s data is involved, use the authorization code grant.',
    outline: [
      'The job reads the server’s configuration',
      'The job asks for a token for itself',
      'The job reads the public movie catalogue',
      'A user’s data stays closed to the job',
    ],
    load: () =>
      import('./client-credentials/client-credentials-machine.ts').then((m) => m.clientCredentialsFlow),
    variants: [
      {
        id: 'basic',
        title: 'Secret in the Authorization header (client_secret_basic)',
        summary: 'The client service authenticates with HTTP Basic.',
        config: (origin) =>
          demoClient(origin, {
            clientId: 'service',
            clientSecret: 'service-secret',
            authMethod: 'client_secret_basic',
            scope: 'movies.read',
            resourceUrl: `${origin}/rs/movies`,
          }),
      },
      {
        id: 'post',
        title: 'Secret in the form body (client_secret_post)',
        summary: 'The client service sends its client_id and secret as form parameters.',
        config: (origin) =>
          demoClient(origin, {
            clientId: 'service',
            clientSecret: 'service-secret',
            authMethod: 'client_secret_post',
            scope: 'movies.read',
            resourceUrl: `${origin}/rs/movies`,
          }),
      },
    ],
  },
  {
    id: 'password',
    title: 'Password (legacy)',
    summary:
      'The resource owner password credentials grant: the user types their Friendly Social password into MovieMatch’s own form, and MovieMatch sends it to the token endpoint.',
    lanes: [
      { ...lane.user, title: 'User', subtitle: 'Alice, on MovieMatch’s own page' },
      { ...lane.client, subtitle: 'MovieMatch (legacy app)' },
      lane.as,
      lane.rs,
    ],
    caution: {
      title: 'Legacy: do not use this grant',
      text: 'RFC 9700 says the password grant MUST NOT be used. The client sees the password and can keep or misuse it; there is no consent screen and no room for a second factor; and users learn to type their password into third-party apps — exactly what phishing needs. Use the authorization code grant with PKCE.',
      refs: ['rfc9700-2.4', 'rfc6749-4.3'],
    },
    closing:
      'MovieMatch got tokens — and Alice’s password, which it now knows in plain text. Compare it with the authorization code grant, where the client never sees it.',
    outline: [
      'The client reads the server’s configuration',
      'MovieMatch shows its own login form',
      'The user types their password into MovieMatch',
      'The client sends the password to the token endpoint',
      'MovieMatch reads the friends’ movies',
      'Later, the client refreshes the access token',
    ],
    load: () => import('./password/password-machine.ts').then((m) => m.passwordFlow),
    variants: [
      {
        id: 'basic',
        title: 'Confidential client, HTTP Basic',
        summary: 'The client legacy-app authenticates with client_secret_basic.',
        config: (origin) =>
          demoClient(origin, {
            clientId: 'legacy-app',
            clientSecret: 'legacy-app-secret',
            authMethod: 'client_secret_basic',
            scope: 'profile friends.read movies.read',
            resourceUrl: `${origin}/rs/me/friends/movies`,
          }),
      },
      {
        id: 'post',
        title: 'Confidential client, secret in the body',
        summary: 'The client legacy-app authenticates with client_secret_post.',
        config: (origin) =>
          demoClient(origin, {
            clientId: 'legacy-app',
            clientSecret: 'legacy-app-secret',
            authMethod: 'client_secret_post',
            scope: 'profile friends.read movies.read',
            resourceUrl: `${origin}/rs/me/friends/movies`,
          }),
      },
    ],
  },
  {
    id: 'implicit',
    title: 'Implicit (legacy)',
    summary:
      'The authorization server puts the access token straight into the URL fragment of the redirect back to the client — no code, no back channel.',
    lanes: [lane.user, { ...lane.client, subtitle: 'MovieMatch (legacy single-page app)' }, lane.as, lane.rs],
    caution: {
      title: 'Legacy: do not use this grant',
      text: 'RFC 9700 says clients SHOULD NOT use the implicit grant. The token travels in the URL, where the browser history, the page’s scripts and extensions can read it; nothing binds it to the client that asked; and there is no refresh token. Authorization code with PKCE replaced it — in browsers too.',
      refs: ['rfc9700-2.1.2', 'rfc9700-4.3'],
    },
    closing:
      'MovieMatch got a token without any back channel — and so could anyone who reads the address bar, the history or the page’s scripts. Compare it with authorization code and PKCE, which replaced it.',
    outline: [
      'The client reads the server’s configuration',
      'The client sends the user to the authorization server',
      'The browser asks the authorization server',
      'The user signs in at the authorization server',
      'The user decides what the client may do',
      'The token arrives in the address bar',
      'The client verifies the ID token',
      'MovieMatch reads the friends’ movies',
    ],
    load: () => import('./implicit/implicit-machine.ts').then((m) => m.implicitFlow),
    variants: [
      {
        id: 'token',
        title: 'response_type=token',
        summary: 'The client implicit-app asks for an access token only.',
        config: (origin) =>
          demoClient(origin, {
            clientId: 'implicit-app',
            authMethod: 'none',
            redirectUri: `${origin}/callback`,
            scope: 'friends.read movies.read',
            resourceUrl: `${origin}/rs/me/friends/movies`,
          }),
      },
      {
        id: 'id-token',
        title: 'response_type=id_token token (OpenID Connect)',
        summary: 'The client implicit-app also asks for an ID token, which requires a nonce.',
        config: (origin) =>
          demoClient(origin, {
            clientId: 'implicit-app',
            authMethod: 'none',
            redirectUri: `${origin}/callback`,
            scope: 'openid profile friends.read movies.read',
            resourceUrl: `${origin}/rs/me/friends/movies`,
          }),
      },
    ],
  },
  {
    id: 'refresh-token',
    title: 'Refresh Token',
    summary:
      'What happens after the login: the access token expires, the client refreshes it, its refresh token rotates — and when an attacker replays a retired refresh token, the server revokes the whole family.',
    lanes: [
      lane.user,
      lane.client,
      lane.as,
      lane.rs,
      { id: 'attacker', title: 'Attacker', subtitle: 'holds a stolen refresh token' },
    ],
    closing:
      'Rotation with reuse detection turned the stolen refresh token into an alarm: its use revoked every token of the grant. The user signs in again; the attacker keeps nothing.',
    outline: [
      'The client reads the server’s configuration',
      'The client asks for offline access',
      'The browser asks the authorization server',
      'The user signs in at the authorization server',
      'The user decides what the client may do',
      'The client redeems the code: an access token and a refresh token',
      'MovieMatch reads the friends’ movies',
      'An hour later, the access token has expired',
      'The client refreshes: new tokens, and the old refresh token retires',
      'MovieMatch reads the movies again',
      'An attacker replays the old refresh token',
      'The client’s access token stops working',
      'The client’s own refresh is refused',
    ],
    load: () => import('./refresh-token/refresh-token-machine.ts').then((m) => m.refreshTokenFlow),
    variants: [
      {
        id: 'rotation',
        title: 'Public client with rotation (spa)',
        summary:
          'The single-page app spa gets a refresh token with offline_access; every refresh rotates it.',
        config: (origin) =>
          demoClient(origin, {
            clientId: 'spa',
            authMethod: 'none',
            redirectUri: `${origin}/callback`,
            scope: 'offline_access friends.read movies.read',
            usePkce: true,
            resourceUrl: `${origin}/rs/me/friends/movies`,
          }),
      },
    ],
  },
  {
    id: 'revocation',
    title: 'Revoke & Introspect',
    summary:
      'After the login: the client asks the server whether its access token is active (introspection), then revokes its refresh token when the user signs out — and watches the grant’s tokens stop working everywhere.',
    lanes: [lane.user, { ...lane.client, subtitle: 'MovieMatch (web app, with a secret)' }, lane.as, lane.rs],
    closing:
      'One revocation request ended the whole grant: introspection now answers {"active": false}, the refresh token is refused and the API turns the access token away. A 200 from the revocation endpoint alone would not have told you that.',
    outline: [
      'The client reads the server’s configuration',
      'The client asks for offline access',
      'The browser asks the authorization server',
      'The user signs in at the authorization server',
      'The user decides what the client may do',
      'The client redeems the code: an access token and a refresh token',
      'The client asks the server about its access token',
      'MovieMatch reads the friends’ movies',
      'Alice signs out: the client revokes its refresh token',
      'The client asks about the access token again',
      'The revoked refresh token is refused',
      'The API refuses the access token too',
    ],
    load: () => import('./revocation/revocation-machine.ts').then((m) => m.revocationFlow),
    variants: [
      {
        id: 'refresh-token',
        title: 'Revoke the refresh token (web-app)',
        summary:
          'The confidential web app web-app, which introspection requires, signs Alice in with offline_access and revokes its refresh token when she signs out.',
        config: (origin) =>
          demoClient(origin, {
            clientId: 'web-app',
            clientSecret: 'web-app-secret',
            authMethod: 'client_secret_basic',
            redirectUri: `${origin}/callback`,
            scope: 'offline_access friends.read movies.read',
            usePkce: true,
            resourceUrl: `${origin}/rs/me/friends/movies`,
          }),
      },
    ],
  },
  {
    id: 'device',
    title: 'Device Authorization',
    summary:
      'For a TV without a keyboard: the TV shows a short code and a QR code, the user allows it on their phone, and the TV polls the token endpoint until the tokens come (RFC 8628).',
    lanes: [
      { id: 'browser', title: 'User + phone', subtitle: 'Alice, on her phone' },
      { id: 'client', title: 'TV (client)', subtitle: 'MovieMatch for TV' },
      lane.as,
      lane.rs,
    ],
    closing:
      'The TV got its tokens without a keyboard and without ever seeing Alice’s password: she signed in on her own phone, and the TV only ever held its device code.',
    outline: [
      'The TV reads the server’s configuration',
      'The TV asks for a code to show',
      'The TV polls the token endpoint',
      'The phone opens the verification link',
      'The user confirms the code',
      'The user signs in at the authorization server',
      'The user allows the TV',
      'The TV reads the friends’ movies',
    ],
    load: () => import('./device/device-machine.ts').then((m) => m.deviceFlow),
    variants: [
      {
        id: 'default',
        title: 'Alice allows on her phone',
        summary: 'The public client tv polls at the interval the server asked for.',
        config: (origin) =>
          demoClient(origin, {
            clientId: 'tv',
            authMethod: 'none',
            scope: 'offline_access friends.read movies.read',
            resourceUrl: `${origin}/rs/me/friends/movies`,
          }),
      },
      {
        id: 'slow-down',
        title: 'An impatient TV (slow_down)',
        summary: 'The TV polls every second until the server tells it to slow down.',
        config: (origin) =>
          demoClient(origin, {
            clientId: 'tv',
            authMethod: 'none',
            scope: 'offline_access friends.read movies.read',
            resourceUrl: `${origin}/rs/me/friends/movies`,
          }),
      },
    ],
  },
]

export interface FlowChoice {
  readonly flow: FlowDescriptor
  readonly variant: FlowVariant
  /** What the link asked for that this app does not know, said on screen (never silently replaced). */
  readonly unknown: readonly string[]
}

export function findFlow(flowId: string | null, variantId: string | null): FlowChoice {
  const unknown: string[] = []
  const named = flows.find((f) => f.id === flowId) ?? lessons.find((f) => f.id === flowId)
  if (flowId !== null && named === undefined) unknown.push(`flow "${flowId}"`)
  const flow = named ?? flows[0]!
  const namedVariant = flow.variants.find((v) => v.id === variantId)
  if (variantId !== null && namedVariant === undefined && named !== undefined)
    unknown.push(`variant "${variantId}" of ${flow.title}`)
  return { flow, variant: namedVariant ?? flow.variants[0]!, unknown }
}
