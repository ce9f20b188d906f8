/** How a client proves who it is at the token endpoint (RFC 6749 §2.3, OIDC Core §9). */
export type ClientAuthMethod = 'none' | 'client_secret_basic' | 'client_secret_post'

/**
 * A check the client skips on purpose, for the "Vulnerable" run of an attack lesson: a setting of
 * the client, never a code patch. The skipped check is still shown, as not made.
 */
export type ClientMisbehaviour = 'ignore-state' | 'ignore-iss' | 'ignore-nonce' | 'ignore-aud'

/**
 * What the client knows about itself: its registration at the authorization server. Each grant
 * uses the parts it needs and says clearly when one is missing.
 */
export interface ClientConfig {
  readonly issuer: string
  readonly clientId: string
  /** Only confidential clients have one. Kept in memory, never in a URL or storage. */
  readonly clientSecret?: string
  /** Defaults to client_secret_basic with a secret and none without. */
  readonly authMethod?: ClientAuthMethod
  /** For grants that go through the browser. */
  readonly redirectUri?: string
  readonly scope: string
  /** PKCE (RFC 7636) for the authorization code grant. */
  readonly usePkce?: boolean
  /** The resource server URL the client calls with the access token. */
  readonly resourceUrl?: string
  /** The ID token signing algorithm the client registered; RS256 when unset (OIDC Core §3.1.3.7). */
  readonly idTokenSigningAlg?: string
  /** Extra authorization request parameters (audience, prompt, login_hint …). */
  readonly extraParams?: Readonly<Record<string, string>>
  /** Checks this client skips on purpose (attack lessons only). */
  readonly misbehave?: readonly ClientMisbehaviour[]
}

/** Whether the client was set to skip a check (an attack lesson's "Vulnerable" run). */
export function misbehaves(config: ClientConfig, misbehaviour: ClientMisbehaviour): boolean {
  return config.misbehave?.includes(misbehaviour) === true
}

export function authMethodOf(config: ClientConfig): ClientAuthMethod {
  return config.authMethod ?? (config.clientSecret === undefined ? 'none' : 'client_secret_basic')
}
