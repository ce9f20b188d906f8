/** What the client knows about itself: its registration at the authorization server. */
export interface ClientConfig {
  readonly issuer: string
  readonly clientId: string
  /** Only confidential clients have one. Kept in memory, never in a URL or storage. */
  readonly clientSecret?: string
  readonly redirectUri: string
  readonly scope: string
  readonly usePkce: boolean
  /** The resource server URL the client calls with the access token. */
  readonly resourceUrl: string
  /** The ID token signing algorithm the client registered; RS256 when unset (OIDC Core §3.1.3.7). */
  readonly idTokenSigningAlg?: string
}
