/**
 * Behaviours where real servers disagree, as named settings. Defaults follow RFC 9700.
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-2.1.1
 */
export interface ServerPolicies {
  /**
   * Lifetime of an authorization code. RFC 6749 §4.1.2: "A maximum authorization code lifetime
   * of 10 minutes is RECOMMENDED"; a short 60 s keeps the window for a stolen code small.
   */
  codeTtlSeconds: number
  accessTokenTtlSeconds: number
  idTokenTtlSeconds: number
  /**
   * RFC 9700 §2.1.1: "Authorization servers SHOULD use S256 … Currently, S256 is the only such
   * method." Off by default; on to show why `plain` protects less.
   */
  allowPlainPkce: boolean
  /** RFC 9700 §2.1.1: "Public clients MUST use PKCE." */
  requirePkceForPublicClients: boolean
}

export const defaultPolicies: ServerPolicies = {
  codeTtlSeconds: 60,
  accessTokenTtlSeconds: 3600,
  idTokenTtlSeconds: 3600,
  allowPlainPkce: false,
  requirePkceForPublicClients: true,
}

/** Fixed lifetimes that are not policies (yet). */
export const lifetimes = {
  interactionSeconds: 10 * 60,
  sessionSeconds: 8 * 60 * 60,
  refreshTokenSeconds: 14 * 24 * 60 * 60,
} as const
