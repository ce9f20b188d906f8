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
]
