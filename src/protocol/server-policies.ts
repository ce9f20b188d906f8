/**
 * The mock server's settings for what real servers disagree on, as plain data: each with its
 * default (what RFC 9700 recommends, or where it is silent, the strictest common choice), the
 * sentence that justifies it, a plain-language description, and what well-known servers choose.
 * The server reads its behaviour from these; the settings panel renders them; `validatePolicies`
 * is shared by both, so the UI and the admin endpoint refuse exactly the same values.
 *
 * A "misbehave" setting for an attack lesson is one `misbehave({...})` entry here plus the branch
 * in the check that consults it — never a patch that swaps code at run time.
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-2
 */
import type { SpecRefId } from './spec-refs.ts'

/** Servers whose choices the panel compares. */
export const wellKnownServers = {
  'oidc-provider': 'node-oidc-provider',
  keycloak: 'Keycloak',
  spring: 'Spring Authorization Server',
  hydra: 'Ory Hydra',
  auth0: 'Auth0',
  okta: 'Okta',
} as const

export type WellKnownServer = keyof typeof wellKnownServers

/** What each server does by default; `unknown` where no source was found (never a guess). */
export type ServerChoices = Readonly<Record<WellKnownServer, string>>

export type PolicyGroup =
  'PKCE' | 'Refresh tokens' | 'Tokens' | 'Lifetimes' | 'Device flow' | 'Rate limits' | 'Misbehave'

interface PolicyBase {
  readonly title: string
  /** What the setting does, for someone who has not read the RFCs. */
  readonly description: string
  /** The sentence behind the default, quoted, with where it stands. */
  readonly rationale: { readonly quote: string; readonly refs: readonly SpecRefId[] }
  readonly servers: ServerChoices
  readonly group: PolicyGroup
  /** A misbehave switch: `true` makes the server insecure on purpose, for an attack lesson. */
  readonly insecure?: true
}

export interface BooleanPolicy extends PolicyBase {
  readonly kind: 'boolean'
  readonly default: boolean
}

export interface NumberPolicy extends PolicyBase {
  readonly kind: 'number'
  readonly default: number
  readonly min: number
  readonly max: number
  readonly unit: 'seconds' | 'attempts'
}

export interface ChoiceOption<V extends string> {
  readonly value: V
  readonly label: string
  /** Against a MUST of RFC 9700 for some clients: shown as insecure. */
  readonly insecure?: true
}

export interface ChoicePolicy<V extends string = string> extends PolicyBase {
  readonly kind: 'choice'
  readonly default: V
  readonly options: readonly ChoiceOption<V>[]
}

export type PolicyDefinition = BooleanPolicy | NumberPolicy | ChoicePolicy

const unknown = 'unknown'

const allUnknown: ServerChoices = {
  'oidc-provider': unknown,
  keycloak: unknown,
  spring: unknown,
  hydra: unknown,
  auth0: unknown,
  okta: unknown,
}

const seconds = (
  spec: Omit<NumberPolicy, 'kind' | 'unit' | 'min'> & { readonly min?: number },
): NumberPolicy => ({ kind: 'number', unit: 'seconds', min: 1, ...spec })

const attempts = (spec: Omit<NumberPolicy, 'kind' | 'unit' | 'min' | 'max'>): NumberPolicy => ({
  kind: 'number',
  unit: 'attempts',
  min: 1,
  max: 1000,
  ...spec,
})

const choice = <const V extends string>(spec: Omit<ChoicePolicy<V>, 'kind'>): ChoicePolicy<V> => ({
  kind: 'choice',
  ...spec,
})

const boolean = (spec: Omit<BooleanPolicy, 'kind'>): BooleanPolicy => ({ kind: 'boolean', ...spec })

/**
 * A switch that breaks a rule on purpose, for an attack lesson: off by default, insecure when on.
 * `rule` is the requirement it breaks, quoted.
 */
const misbehave = (spec: {
  readonly title: string
  readonly description: string
  readonly rule: PolicyBase['rationale']
  readonly servers?: Partial<ServerChoices>
}): BooleanPolicy => ({
  kind: 'boolean',
  group: 'Misbehave',
  insecure: true,
  default: false,
  title: spec.title,
  description: spec.description,
  rationale: spec.rule,
  servers: { ...allUnknown, ...spec.servers },
})

export const signingAlgorithms = ['RS256', 'ES256', 'EdDSA'] as const
export type SigningAlgorithm = (typeof signingAlgorithms)[number]

export const policyCatalogue = {
  allowPlainPkce: boolean({
    group: 'PKCE',
    title: 'Allow PKCE plain',
    description:
      'Whether a client may send its code_verifier itself as the code_challenge (method plain) instead of its SHA-256 hash (S256). With plain, anyone who sees the authorization request also knows the verifier. A challenge sent without a method counts as plain.',
    default: false,
    rationale: {
      quote:
        'When using PKCE, clients SHOULD use PKCE code challenge methods that do not expose the PKCE verifier in the authorization request. … Currently, S256 is the only such method.',
      refs: ['rfc9700-2.1.1', 'rfc7636-4.2'],
    },
    servers: {
      'oidc-provider': 'S256 only',
      keycloak:
        'accepts plain; a challenge without a method counts as plain (a client setting can force S256)',
      spring: 'S256 only',
      hydra: 'off unless enabled in the configuration',
      auth0: unknown,
      okta: unknown,
    },
  }),
  requirePkceForConfidentialClients: boolean({
    group: 'PKCE',
    title: 'Require PKCE from confidential clients',
    description:
      'Public clients must always use PKCE. This makes clients with a secret use it too. Off by default, so the client-secret variant and the curl recipe in the README (a code redeemed with only the secret) keep working.',
    default: false,
    rationale: {
      quote:
        'For confidential clients, the use of PKCE [RFC7636] is RECOMMENDED, as it provides strong protection against misuse and injection of authorization codes',
      refs: ['rfc9700-2.1.1'],
    },
    servers: {
      'oidc-provider': 'off (required for public clients only, and under FAPI 2.0)',
      keycloak: 'off (a per-client PKCE method setting)',
      spring: 'off (the requireProofKey client setting)',
      hydra: 'off (oauth2.pkce.enforced)',
      auth0: unknown,
      okta: unknown,
    },
  }),
  refreshRotation: choice({
    group: 'Refresh tokens',
    title: 'Refresh token rotation',
    description:
      'Whether a refresh request returns a new refresh token and retires the one presented. Rotation makes a stolen refresh token detectable: the thief and the client cannot both keep using it.',
    default: 'public-clients',
    options: [
      { value: 'public-clients', label: 'Public clients (no secret)' },
      { value: 'all-clients', label: 'Every client' },
      { value: 'never', label: 'Never (public clients keep a bearer refresh token)', insecure: true },
    ],
    rationale: {
      quote:
        'Refresh tokens for public clients MUST be sender-constrained or use refresh token rotation as described in Section 4.14.',
      refs: ['rfc9700-2.2.2', 'rfc9700-4.14.2'],
    },
    servers: {
      'oidc-provider': 'public clients always; others once 70 % of the token’s lifetime has passed',
      keycloak:
        'off: Revoke Refresh Token is off, so a new refresh token is issued but the old one stays valid',
      spring: 'never (reuseRefreshTokens), and public clients get no refresh token at all',
      hydra: 'every client (refresh tokens are single-use)',
      auth0: 'off until Refresh Token Rotation is enabled for the application',
      okta: 'the default for single-page apps',
    },
  }),
  refreshReuse: choice({
    group: 'Refresh tokens',
    title: 'On reuse of a rotated refresh token',
    description:
      'What the server revokes when an already-rotated refresh token comes back — the sign that it was copied. The whole family: the current refresh token and every access token of the grant. Or only the current refresh token, leaving issued access tokens alive until they expire.',
    default: 'revoke-family',
    options: [
      { value: 'revoke-family', label: 'Revoke the whole family (grant)' },
      { value: 'revoke-refresh-token', label: 'Revoke only the active refresh token' },
    ],
    rationale: {
      quote:
        'The authorization server cannot determine which party submitted the invalid refresh token, but it will revoke the active refresh token.',
      refs: ['rfc9700-4.14.2'],
    },
    servers: {
      'oidc-provider': 'the whole grant',
      keycloak: unknown,
      spring: 'not applicable: no rotation by default',
      hydra: 'the access and refresh tokens of the session',
      auth0: 'the family of refresh tokens (automatic reuse detection)',
      okta: 'the most recent refresh token and every access token since the user signed in',
    },
  }),
  accessTokenFormat: choice({
    group: 'Tokens',
    title: 'Access token format',
    description:
      'A JWT access token (RFC 9068) carries its claims and a signature, so a resource server can check it alone — and so can anyone holding it. An opaque one is a random string: only this server knows what it means, so resource servers ask (introspection). Tokens already issued keep working after a switch.',
    default: 'jwt',
    options: [
      { value: 'jwt', label: 'JWT (RFC 9068)' },
      { value: 'opaque', label: 'Opaque (a random reference)' },
    ],
    rationale: {
      quote:
        'Access tokens can have different formats, structures, and methods of utilization (e.g., cryptographic properties) based on the resource server security requirements.',
      refs: ['rfc6749-1.4', 'rfc9068-2.1'],
    },
    servers: {
      'oidc-provider': 'opaque (JWT only with resource indicators configured for it)',
      keycloak: 'JWT',
      spring: 'JWT (self-contained); reference tokens are a client setting',
      hydra: 'opaque (strategies.access_token)',
      auth0: 'JWT for an API audience, opaque otherwise',
      okta: 'JWT',
    },
  }),
  signingAlgorithm: choice({
    group: 'Tokens',
    title: 'Signing algorithm',
    description:
      'The algorithm that signs ID tokens and JWT access tokens, for clients that did not register their own (id_token_signed_response_alg). The JWKS publishes a key for each algorithm used. A client that expects RS256 — as OpenID Connect says clients may by default — refuses the others, and so does this playground’s own client.',
    default: 'RS256',
    options: signingAlgorithms.map((value) => ({ value, label: value })),
    rationale: {
      quote: 'OPs MUST support signing ID Tokens with the RSA SHA-256 algorithm (an alg value of RS256)',
      refs: ['oidc-15.1', 'rfc9068-2.1'],
    },
    servers: {
      'oidc-provider': 'RS256 (id_token_signed_response_alg default)',
      keycloak: 'RS256 (realm default signature algorithm)',
      spring: 'RS256',
      hydra: 'RS256',
      auth0: 'RS256 (HS256 is an option)',
      okta: 'RS256',
    },
  }),
  codeTtlSeconds: seconds({
    group: 'Lifetimes',
    title: 'Authorization code lifetime',
    description:
      'How long a code may wait before the client redeems it. Codes are redeemed within a second or two, so a short life costs nothing and shrinks the window for a stolen one.',
    default: 60,
    max: 600,
    rationale: {
      quote:
        'The authorization code MUST expire shortly after it is issued to mitigate the risk of leaks. A maximum authorization code lifetime of 10 minutes is RECOMMENDED.',
      refs: ['rfc6749-4.1.2'],
    },
    servers: {
      'oidc-provider': '60 s',
      keycloak: '60 s',
      spring: '5 min',
      hydra: '10 min',
      auth0: unknown,
      okta: unknown,
    },
  }),
  accessTokenTtlSeconds: seconds({
    group: 'Lifetimes',
    title: 'Access token lifetime',
    description:
      'How long an access token works. A bearer token works for whoever holds it, so a short life limits what a leaked one can do; the client refreshes when it runs out.',
    default: 3600,
    max: 86400,
    rationale: {
      quote:
        'Token servers SHOULD issue short-lived (one hour or less) bearer tokens, particularly when issuing tokens to clients that run within a web browser or other environments where information leakage may occur.',
      refs: ['rfc6750-5.3'],
    },
    servers: {
      'oidc-provider': '1 h (client credentials 10 min)',
      keycloak: '5 min',
      spring: '5 min',
      hydra: '1 h',
      auth0: unknown,
      okta: unknown,
    },
  }),
  refreshTokenTtlSeconds: seconds({
    group: 'Lifetimes',
    title: 'Refresh token lifetime',
    description:
      'How long a refresh token can be used to get new access tokens. A rotated refresh token keeps the lifetime it was issued with; after it the user must sign in again.',
    default: 14 * 24 * 3600,
    min: 60,
    max: 365 * 24 * 3600,
    rationale: {
      quote:
        'Refresh tokens SHOULD expire if the client has been inactive for some time, i.e., the refresh token has not been used to obtain new access tokens for some time.',
      refs: ['rfc9700-4.14.2'],
    },
    servers: {
      'oidc-provider': '14 days',
      keycloak: 'bound to the SSO session (30 min idle, 10 h at most)',
      spring: '60 min',
      hydra: '30 days',
      auth0: unknown,
      okta: unknown,
    },
  }),
  idTokenTtlSeconds: seconds({
    group: 'Lifetimes',
    title: 'ID token lifetime',
    description:
      'The exp of an ID token: how long a client may accept it as proof of the sign-in. It is read once, at sign-in; it is not a session length.',
    default: 3600,
    max: 86400,
    rationale: {
      quote:
        'exp REQUIRED. Expiration time on or after which the ID Token MUST NOT be accepted for processing.',
      refs: ['oidc-2'],
    },
    servers: {
      'oidc-provider': '1 h',
      keycloak: unknown,
      spring: unknown,
      hydra: '1 h',
      auth0: unknown,
      okta: unknown,
    },
  }),
  deviceCodeTtlSeconds: seconds({
    group: 'Device flow',
    title: 'Device code lifetime',
    description:
      'How long the device code and its user code stay valid (expires_in): long enough to find a phone and sign in, short enough that a code photographed off a TV goes stale.',
    default: 600,
    min: 10,
    max: 3600,
    rationale: {
      quote: 'expires_in REQUIRED. The lifetime in seconds of the "device_code" and "user_code".',
      refs: ['rfc8628-3.2'],
    },
    servers: {
      'oidc-provider': '10 min',
      keycloak: '10 min',
      spring: '5 min',
      hydra: unknown,
      auth0: unknown,
      okta: unknown,
    },
  }),
  deviceIntervalSeconds: seconds({
    group: 'Device flow',
    title: 'Device polling interval',
    description: 'The interval the device authorization response tells the device to wait between polls.',
    default: 5,
    max: 60,
    rationale: {
      quote:
        'The minimum amount of time in seconds that the client SHOULD wait between polling requests to the token endpoint. If no value is provided, clients MUST use 5 as the default.',
      refs: ['rfc8628-3.2'],
    },
    servers: {
      'oidc-provider': '5 s',
      keycloak: '5 s',
      spring: unknown,
      hydra: unknown,
      auth0: unknown,
      okta: unknown,
    },
  }),
  deviceSlowDown: boolean({
    group: 'Device flow',
    title: 'Answer fast polls with slow_down',
    description:
      'A device that polls sooner than its interval gets slow_down, and its interval grows by 5 s for good. Off: fast polls are answered like any other, as many servers do.',
    default: true,
    rationale: {
      quote:
        'the authorization request is still pending and polling should continue, but the interval MUST be increased by 5 seconds for this and all subsequent requests.',
      refs: ['rfc8628-3.5'],
    },
    servers: {
      'oidc-provider': 'never sent (the error is defined but not thrown)',
      keycloak: 'sent',
      spring: 'not handled by the framework',
      hydra: unknown,
      auth0: unknown,
      okta: unknown,
    },
  }),
  maxFailedSignIns: attempts({
    group: 'Rate limits',
    title: 'Wrong passwords before sign-in locks',
    description:
      'Wrong passwords per username within the window, after which the login form and the password grant refuse that username without checking the password, until the oldest failure leaves the window.',
    default: 5,
    rationale: {
      quote:
        'the authorization server MUST protect the endpoint against brute force attacks (e.g., using rate-limitation or generating alerts).',
      refs: ['rfc6749-4.3.2', 'rfc6749-10.10'],
    },
    servers: {
      'oidc-provider': 'left to the login (interaction) application',
      keycloak: 'off until brute force detection is enabled for the realm',
      spring: 'left to the login application',
      hydra: 'left to the login application',
      auth0: unknown,
      okta: unknown,
    },
  }),
  maxFailedUserCodes: attempts({
    group: 'Rate limits',
    title: 'Wrong user codes before the code page locks',
    description:
      'Wrong user codes typed on the device page within the window, counted for all browsers together, after which no code is looked up until the oldest failure leaves the window.',
    default: 10,
    rationale: {
      quote: 'the authorization server should rate-limit user code attempts.',
      refs: ['rfc8628-5.1'],
    },
    servers: allUnknown,
  }),
  failedAttemptWindowSeconds: seconds({
    group: 'Rate limits',
    title: 'Rate-limit window',
    description: 'How far back wrong passwords and wrong user codes are counted.',
    default: 300,
    min: 10,
    max: 86400,
    rationale: {
      quote:
        'The authorization server MUST prevent attackers from guessing access tokens, authorization codes, refresh tokens, resource owner passwords, and client credentials.',
      refs: ['rfc6749-10.10'],
    },
    servers: allUnknown,
  }),
  publicClientsWithoutPkce: misbehave({
    title: 'Let public clients skip PKCE',
    description:
      'Insecure: a public client may start the authorization code grant without a code_challenge, so a stolen code is enough to get tokens — nothing proves the redeemer is the app that started the flow.',
    rule: {
      quote: 'Public clients MUST use PKCE [RFC7636] to this end',
      refs: ['rfc9700-2.1.1', 'rfc7636-4.4.1'],
    },
    servers: {
      'oidc-provider': 'PKCE is required for public clients',
      hydra: 'PKCE is not enforced unless oauth2.pkce.enforced_for_public_clients is set',
    },
  }),
  redirectUriPrefixMatching: misbehave({
    title: 'Match redirect URIs by prefix',
    description:
      'Insecure: a redirect_uri is accepted when it merely begins with a registered one. A client that registered https://moviematch.example then also “owns” https://moviematch.example.attacker.example/ — another host — so a crafted link sends the code to the attacker.',
    rule: {
      quote:
        'When comparing client redirection URIs against pre-registered URIs, authorization servers MUST utilize exact string matching except for port numbers in localhost redirection URIs of native apps',
      refs: ['rfc9700-2.1', 'rfc9700-4.1.3', 'rfc9700-4.1.1'],
    },
    servers: {
      'oidc-provider': 'exact string matching',
      keycloak: 'exact, unless the registered URI ends in a * wildcard, which its admin guide warns against',
    },
  }),
} as const satisfies Record<string, PolicyDefinition>

export type PolicyName = keyof typeof policyCatalogue

type ValueOf<P> = P extends BooleanPolicy
  ? boolean
  : P extends NumberPolicy
    ? number
    : P extends ChoicePolicy<infer V>
      ? V
      : never

/** The value of every setting. */
export type ServerPolicies = { -readonly [K in PolicyName]: ValueOf<(typeof policyCatalogue)[K]> }

export const policyNames = Object.keys(policyCatalogue) as PolicyName[]

export const defaultPolicies: Readonly<ServerPolicies> = Object.freeze(
  Object.fromEntries(policyNames.map((name) => [name, policyCatalogue[name].default])) as ServerPolicies,
)

export type PolicyValidation =
  | { readonly ok: true; readonly value: Partial<ServerPolicies> }
  | { readonly ok: false; readonly problems: readonly string[] }

const isPolicyName = (name: string): name is PolicyName => Object.hasOwn(policyCatalogue, name)

/** Why `value` is not a valid value of `definition`, or undefined when it is. */
function problemWith(name: string, definition: PolicyDefinition, value: unknown): string | undefined {
  if (definition.kind === 'boolean')
    return typeof value === 'boolean' ? undefined : `${name} must be true or false`
  if (definition.kind === 'number') {
    if (typeof value !== 'number' || !Number.isInteger(value))
      return `${name} must be a whole number of ${definition.unit}`
    if (value < definition.min || value > definition.max)
      return `${name} must be between ${definition.min} and ${definition.max} ${definition.unit}`
    return undefined
  }
  return definition.options.some((o) => o.value === value)
    ? undefined
    : `${name} must be one of ${definition.options.map((o) => o.value).join(', ')}`
}

/**
 * Checks a partial settings object from anywhere — the panel, the admin endpoint, a test: every
 * name known, every value of the right type and in range. All problems at once, not the first.
 */
export function validatePolicies(input: unknown): PolicyValidation {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return { ok: false, problems: ['settings must be a JSON object of setting names to values'] }
  const problems: string[] = []
  const value: Record<string, unknown> = {}
  for (const [name, v] of Object.entries(input)) {
    if (!isPolicyName(name)) {
      problems.push(`${name} is not a setting of this server`)
      continue
    }
    const problem = problemWith(name, policyCatalogue[name], v)
    if (problem === undefined) value[name] = v
    else problems.push(problem)
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value }
}

/** The settings as an admin API returns them: current values and the defaults they differ from. */
export interface PolicySnapshot {
  readonly values: ServerPolicies
  readonly defaults: ServerPolicies
}

/** A registered client as the clients editor lists it: no secret. */
export interface ClientSummary {
  readonly client_id: string
  readonly client_name: string
  /** `demo` clients come with the server; `registered` ones through RFC 7591 or a clients file. */
  readonly origin: 'demo' | 'registered' | 'configured'
  readonly application_type: 'web' | 'native'
  readonly token_endpoint_auth_method: string
  readonly grant_types: readonly string[]
  readonly redirect_uris: readonly string[]
  readonly scope?: string
}

/**
 * What the UI may do to a server it administers: read and change its settings, list and delete
 * its clients. The in-page server implements it directly; the Node server through its loopback
 * admin endpoint (see `server-admin-client.ts`).
 */
export interface ServerAdmin {
  /** Where the server lives, for the panel to say ("in this page", "http://localhost:8080"). */
  readonly label: string
  getPolicies(): Promise<PolicySnapshot>
  /** Rejects with `PolicyError` when the server refuses the values. */
  setPolicies(partial: Partial<ServerPolicies>): Promise<PolicySnapshot>
  resetPolicies(): Promise<PolicySnapshot>
  listClients(): Promise<readonly ClientSummary[]>
  deleteClient(clientId: string): Promise<void>
}

/** The server refused a settings change; `problems` say why, one line each. */
export class PolicyError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '))
  }
}
