/**
 * Ports and the third-party provider's registrations, shared by playwright.config.ts, the
 * oidc-provider server it starts and the tests: E2E_PORT picks the app's port (other checkouts run
 * theirs side by side), the provider listens 100 above it unless E2E_OIDC_PORT says otherwise.
 */
export const appPort = Number(process.env['E2E_PORT'] ?? 4319)
export const oidcPort = Number(process.env['E2E_OIDC_PORT'] ?? appPort + 100)
export const appOrigin = `http://localhost:${appPort}`

/** What a developer registered at their provider, as the tests use it. */
export const thirdParty = {
  /** An issuer with a path, as behind a reverse proxy. */
  issuer: `http://localhost:${oidcPort}/idp`,
  publicClient: 'grantscope-spa',
  confidentialClient: 'grantscope-web',
  /** Needs RFC 6749 Appendix B form-encoding before Base64 in client_secret_basic (VSCHARs only, Appendix A). */
  confidentialSecret: 'p@ss:w0rd+&=/% s3cret',
  /** Registered with another redirect URI than Grantscope's {origin}/callback. */
  misconfiguredClient: 'grantscope-wrong-redirect',
  /** The user the provider's development login page signs in (it accepts any name and password). */
  user: 'ada',
} as const
