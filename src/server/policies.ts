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
  /**
   * Wrong passwords per username, within `failedAttemptWindowSeconds`, after which sign-in is
   * refused (login form and password grant alike) until the oldest failure leaves the window.
   * RFC 6749 §4.3.2: "the authorization server MUST protect the endpoint against brute force
   * attacks (e.g., using rate-limitation or generating alerts)".
   */
  maxFailedSignIns: number
  /**
   * Wrong user codes on the device verification page, for all browsers together, within
   * `failedAttemptWindowSeconds`. RFC 8628 §5.1: "the authorization server should rate-limit user
   * code attempts" — counted globally because a per-browser count is evaded by dropping cookies.
   */
  maxFailedUserCodes: number
  failedAttemptWindowSeconds: number
  /**
   * Lifetime of a device code and its user code (`expires_in`, RFC 8628 §3.2): long enough to
   * find a phone and sign in, short enough that a stolen user code goes stale.
   */
  deviceCodeTtlSeconds: number
  /**
   * The polling `interval` (RFC 8628 §3.2): "If no value is provided, clients MUST use 5 as the
   * default."
   */
  deviceIntervalSeconds: number
  /**
   * Answer a poll that comes sooner than the interval with `slow_down` and add 5 s to that device
   * code's interval — "the interval MUST be increased by 5 seconds for this and all subsequent
   * requests" (RFC 8628 §3.5). Many servers never send it; off shows what they do.
   */
  deviceSlowDown: boolean
}

export const defaultPolicies: ServerPolicies = {
  codeTtlSeconds: 60,
  accessTokenTtlSeconds: 3600,
  idTokenTtlSeconds: 3600,
  allowPlainPkce: false,
  requirePkceForPublicClients: true,
  maxFailedSignIns: 5,
  maxFailedUserCodes: 10,
  failedAttemptWindowSeconds: 300,
  deviceCodeTtlSeconds: 600,
  deviceIntervalSeconds: 5,
  deviceSlowDown: true,
}

/** Fixed lifetimes that are not policies (yet). */
export const lifetimes = {
  interactionSeconds: 10 * 60,
  sessionSeconds: 8 * 60 * 60,
  refreshTokenSeconds: 14 * 24 * 60 * 60,
} as const
