import type { SpecRefId } from '@/protocol/spec-refs.ts'
import type { ClientAuthMethod } from '../client-config.ts'
import type { DiscoveryProblemKind } from './discover-provider.ts'
import type { PresetId, ProviderPreset } from './presets.ts'
import type { NetworkKind } from './transports.ts'

/** Where in the run the failure happened. */
export type Stage =
  | 'discovery'
  | 'authorization'
  | 'callback'
  | 'token'
  | 'id-token'
  | 'userinfo'
  | 'api'
  | 'refresh'
  | 'introspection'
  | 'revocation'

/** What the provider actually returned (and what the client sent), as the catalogue reads it. */
export interface Evidence {
  readonly stage: Stage
  readonly status?: number
  /** The OAuth `error` code: from a JSON body, the redirect, or a WWW-Authenticate challenge. */
  readonly error?: string
  readonly description?: string
  /** Ids of the client's checks that failed (`state-matches`, `aud`, `exp` …). */
  readonly failedChecks?: readonly string[]
  /** Why no HTTP answer could be read, when none could. */
  readonly network?: NetworkKind
  /** The relay's own error code, when it refused. */
  readonly relayCode?: string
  /** What the user reports about the popup, which the page cannot read (another origin). */
  readonly popup?: 'error-page' | 'closed'
  readonly discovery?: DiscoveryProblemKind
  readonly client?: {
    readonly authMethod: ClientAuthMethod
    /** The secret has characters that client_secret_basic form-encodes (RFC 6749 Appendix B). */
    readonly secretNeedsEncoding?: boolean
    readonly relayed?: boolean
    /** token_endpoint_auth_methods_supported, when the metadata lists it. */
    readonly offeredAuthMethods?: readonly string[]
  }
}

/** What the hint of a diagnosis may mention: the exact redirect URI, this page's origin. */
export interface HintContext {
  readonly redirectUri: string
  readonly origin: string
}

export type DiagnosisAction = 'use-relay' | 'use-direct'

export interface DiagnosisEntry {
  readonly id: string
  readonly title: string
  readonly matches: (e: Evidence) => boolean
  /** The most likely cause, in plain language. */
  readonly cause: string
  readonly fix: string
  /** Where to fix it at this provider. */
  readonly hint?: (preset: ProviderPreset, context: HintContext) => string | undefined
  readonly refs: readonly SpecRefId[]
  /** A one-click change the page can offer. */
  readonly action?: DiagnosisAction
  /** Real answers that this entry explains (providers' own wording); the tests run each. */
  readonly examples: readonly Evidence[]
}

/** The AADSTS code at the start of an Entra ID error description. */
export const aadsts = (e: Evidence) => /\bAADSTS(\d+)/.exec(e.description ?? '')?.[1]

const errorIs =
  (...codes: string[]) =>
  (e: Evidence) =>
    e.error !== undefined && codes.includes(e.error)
const describes = (e: Evidence, pattern: RegExp) => pattern.test(e.description ?? '')
const failed = (e: Evidence, ...checks: string[]) => checks.some((c) => e.failedChecks?.includes(c))
const entra =
  (...codes: string[]) =>
  (e: Evidence) =>
    codes.includes(aadsts(e) ?? '')

const byPreset =
  (hints: Partial<Record<PresetId, string>>, fallback?: (p: ProviderPreset, c: HintContext) => string) =>
  (preset: ProviderPreset, context: HintContext) =>
    hints[preset.id]
      ?.replaceAll('{redirectUri}', context.redirectUri)
      .replaceAll('{origin}', context.origin) ?? fallback?.(preset, context)

/**
 * The common failures, most specific first: the first entry that matches the evidence explains it.
 * Add an entry (with real examples) and it shows up in the UI and the tests without other changes.
 */
export const diagnosisCatalogue: readonly DiagnosisEntry[] = [
  {
    id: 'entra-spa-only-cross-origin',
    title: 'Entra ID: a single-page app’s code must be redeemed by the browser',
    matches: entra('9002327'),
    cause:
      'The redirect URI is registered under the “Single-page application” platform, so Entra ID only accepts the code in a cross-origin request from the browser (with an Origin header). The relay sends it server-side, without Origin.',
    fix: 'Switch the connection back to “Direct from this browser”, or register the redirect URI under the Web platform if this client has a secret.',
    refs: ['rfc6749-4.1.3'],
    action: 'use-direct',
    examples: [
      {
        stage: 'token',
        status: 400,
        error: 'invalid_request',
        description:
          "AADSTS9002327: Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests.",
      },
    ],
  },
  {
    id: 'entra-cross-origin-needs-spa',
    title: 'Entra ID: only a single-page app may redeem codes from the browser',
    matches: entra('9002326'),
    cause:
      'The redirect URI is registered under the Web platform, and Entra ID refuses to redeem a Web client’s code in a cross-origin request from a browser.',
    fix: 'For a public client, move the redirect URI to the “Single-page application” platform. For a client with a secret, use the relay of npm start, which redeems the code server-side.',
    hint: byPreset({
      entra:
        'App registrations → your app → Authentication → Add a platform → Single-page application → {redirectUri}',
    }),
    refs: ['rfc6749-4.1.3'],
    action: 'use-relay',
    examples: [
      {
        stage: 'token',
        status: 400,
        error: 'invalid_request',
        description:
          "AADSTS9002326: Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type.",
      },
    ],
  },
  {
    id: 'discovery-cors',
    title: 'The browser could not read the discovery answer (CORS)',
    matches: (e) => e.stage === 'discovery' && e.network === 'cors',
    cause:
      'Something answered at that address, but without Access-Control-Allow-Origin, so the browser hid the answer. Provider metadata is public, and nearly every provider serves it to any origin — so most likely this URL is not the metadata: a 404 or login page, which carry no CORS headers (a wrong path, realm or tenant). A provider that allows no browser calls at all is the other possibility.',
    fix: 'Check the issuer URL against the preset’s pattern. To see what the host really answers, discover through the relay of npm start, which is not subject to CORS.',
    hint: (p) => (p.id === 'custom' ? undefined : `${p.name} issuers look like ${p.issuerPattern}.`),
    refs: ['oidc-discovery-4', 'rfc8414-3'],
    action: 'use-relay',
    examples: [{ stage: 'discovery', network: 'cors' }],
  },
  {
    id: 'cors',
    title: 'The provider does not allow this page to call it (CORS)',
    matches: (e) => e.network === 'cors',
    cause:
      'The browser sent the request, but the provider’s answer carried no Access-Control-Allow-Origin for this page’s origin, so the browser withheld it from the page. Providers allow browser calls only from origins configured for the client, and often only for public clients.',
    fix: 'Allow this page’s origin in the provider’s console, or send the request through the relay of npm start, which calls the provider server-side where CORS does not apply.',
    hint: (preset, c) => `${preset.name}: ${preset.corsSetting}. This page’s origin is ${c.origin}.`,
    refs: ['rfc6749-3.2'],
    action: 'use-relay',
    examples: [
      { stage: 'token', network: 'cors' },
      { stage: 'userinfo', network: 'cors' },
    ],
  },
  {
    id: 'csp',
    title: 'This page’s own security policy blocked the request',
    matches: (e) => e.network === 'csp',
    cause:
      'The Content-Security-Policy this page was served with allows connections only to its own origin, so the browser never sent the request.',
    fix: 'Open the provider mode through its own link (it ends in ?provider): npm start serves that page with a policy that allows https providers and http on localhost.',
    refs: [],
    examples: [{ stage: 'discovery', network: 'csp' }],
  },
  {
    id: 'unreachable',
    title: 'Nothing answered at that address',
    matches: (e) => e.network === 'unreachable' || e.network === 'timeout',
    cause:
      'The host name does not resolve, the connection was refused or timed out, or the browser does not trust the TLS certificate. No HTTP answer came back at all.',
    fix: 'Open the URL in a browser tab to see what the browser says, check the host, port and scheme, and that the provider is running.',
    refs: ['rfc8414-3'],
    examples: [
      { stage: 'discovery', network: 'unreachable' },
      { stage: 'token', network: 'timeout' },
    ],
  },
  {
    id: 'endpoint-redirect',
    title: 'The endpoint answered with a redirect',
    matches: (e) => e.network === 'redirect',
    cause:
      'A back-channel endpoint must answer itself; a redirect usually means the URL is not the endpoint (a login page, a trailing-slash redirect, http → https).',
    fix: 'Use the endpoint URL exactly as the metadata lists it; check http vs https and trailing slashes.',
    refs: ['rfc8414-3'],
    examples: [{ stage: 'discovery', network: 'redirect' }],
  },
  {
    id: 'relay-refused',
    title: 'The relay refused the request',
    matches: (e) => e.network === 'relay',
    cause:
      'The relay of npm start forwards only to endpoints of issuers added in this session, with this run’s token. A restarted npm start has a new token; an endpoint that was never discovered is not on its list.',
    fix: 'Press Discover again (it adds the issuer’s endpoints to the relay); after restarting npm start, reload this page.',
    refs: [],
    examples: [{ stage: 'token', network: 'relay', relayCode: 'target_not_allowed' }],
  },
  {
    id: 'discovery-html',
    title: 'A web page answered instead of the provider’s metadata',
    matches: (e) => e.discovery === 'html',
    cause:
      'The discovery URL returned HTML: a login page, a single-page app’s fallback page or a proxy’s error page. The issuer URL is not the issuer.',
    fix: 'Copy the issuer from the provider’s documentation; the preset shows its pattern.',
    hint: (p) => (p.id === 'custom' ? undefined : `${p.name} issuers look like ${p.issuerPattern}.`),
    refs: ['oidc-discovery-4'],
    examples: [{ stage: 'discovery', discovery: 'html', status: 200 }],
  },
  {
    id: 'discovery-invalid-json',
    title: 'The metadata is not valid JSON',
    matches: (e) => e.discovery === 'invalid-json' || e.discovery === 'not-an-object',
    cause: 'The document at the discovery URL does not parse as a JSON object: it is broken or cut short.',
    fix: 'Report it to whoever runs the provider; meanwhile enter the endpoints by hand.',
    refs: ['rfc8414-3'],
    examples: [{ stage: 'discovery', discovery: 'invalid-json', status: 200 }],
  },
  {
    id: 'discovery-not-found',
    title: 'There is no provider metadata at this issuer URL',
    matches: (e) => e.discovery === 'not-found' || e.discovery === 'http-error',
    cause:
      'Neither the OpenID configuration nor RFC 8414 metadata exists under this URL: most often a missing path segment (realm, tenant, authorization server).',
    fix: 'Correct the issuer URL, or enter the endpoints by hand for a provider without discovery.',
    hint: byPreset({
      keycloak: 'Keycloak issuers end in /realms/REALM (with /auth before it on versions before 17).',
      okta: 'Okta: https://ORG.okta.com/oauth2/default for the default custom authorization server.',
      entra: 'Entra ID: https://login.microsoftonline.com/TENANT-ID/v2.0 — with v2.0.',
      auth0: 'Auth0: https://TENANT.REGION.auth0.com/ — with the trailing slash.',
      github: 'GitHub has no discovery: choose the GitHub preset, which fills in its endpoints.',
    }),
    refs: ['oidc-discovery-4', 'rfc8414-3'],
    examples: [{ stage: 'discovery', discovery: 'not-found', status: 404 }],
  },
  {
    id: 'issuer-mismatch',
    title: 'The issuer does not match',
    matches: (e) => failed(e, 'issuer-matches', 'iss', 'iss-matches'),
    cause:
      'The issuer the provider names (in its metadata, the ID token’s iss or the response’s iss) is not character for character the issuer this client was configured with — a trailing slash, a different host spelling, a tenant placeholder such as “common”, or a different authorization server.',
    fix: 'Set the issuer URL to exactly the value the provider puts in its metadata’s issuer field.',
    hint: byPreset({
      auth0: 'Auth0’s issuer ends with a slash.',
      entra:
        'Use your tenant ID in the issuer: the “common” and “organizations” endpoints name {tenantid} in their metadata, which no token matches.',
      okta: 'The org authorization server (https://ORG.okta.com) and a custom one (…/oauth2/default) are different issuers.',
      keycloak:
        'Keycloak builds the issuer from the URL it is reached at: a proxy without the right hostname settings makes it differ.',
    }),
    refs: ['oidc-discovery-4.3', 'oidc-3.1.3.7', 'rfc9207-2.4'],
    examples: [
      { stage: 'discovery', failedChecks: ['issuer-matches'] },
      { stage: 'id-token', failedChecks: ['iss'] },
    ],
  },
  {
    id: 'error-page',
    title: 'The provider showed an error page instead of redirecting back',
    matches: (e) => e.popup === 'error-page',
    cause:
      'When the provider cannot trust the client_id or the redirect_uri, it must not redirect anywhere — it shows the error to the user instead (otherwise it would be an open redirector). So this is almost always an unknown client_id, or a redirect URI that is not registered exactly. The page cannot read the popup (another origin); the popup itself names the error.',
    fix: 'Read the error in the popup. Register the redirect URI exactly — scheme, host, port, path, no trailing slash — and check the client ID.',
    hint: (p, c) => `${p.name}: ${p.redirectSetting} must contain exactly ${c.redirectUri}.`,
    refs: ['rfc6749-4.1.2.1', 'rfc9700-2.1'],
    examples: [{ stage: 'authorization', popup: 'error-page' }],
  },
  {
    id: 'popup-closed',
    title: 'The sign-in window closed without an answer',
    matches: (e) => e.popup === 'closed',
    cause:
      'The popup was closed, or it stopped reporting to this page, before the provider redirected back to the redirect URI.',
    fix: 'Press Restart and sign in again; if the popup stays on the provider, it shows why.',
    refs: ['rfc6749-4.1.2'],
    examples: [{ stage: 'authorization', popup: 'closed' }],
  },
  {
    id: 'redirect-uri-mismatch',
    title: 'The redirect URI is not registered',
    matches: (e) =>
      errorIs('redirect_uri_mismatch', 'invalid_redirect_uri')(e) ||
      entra('50011')(e) ||
      (errorIs('invalid_request', 'invalid_grant')(e) && describes(e, /redirect[_ ]?ur[il]/i)),
    cause:
      'The redirect_uri the client sent is not, character for character, one registered for this client. Providers must compare it exactly (RFC 9700), so http vs https, a port, a path or a trailing slash all count.',
    fix: 'Register the exact redirect URI shown in the client settings.',
    hint: (p, c) => `${p.name}: add ${c.redirectUri} under ${p.redirectSetting}.`,
    refs: ['rfc9700-2.1', 'rfc6749-3.1.2.3'],
    examples: [
      {
        stage: 'callback',
        error: 'redirect_uri_mismatch',
        description: 'The redirect_uri MUST match the registered callback URL for this application.',
      },
      {
        stage: 'token',
        status: 400,
        error: 'invalid_request',
        description:
          "AADSTS50011: The redirect URI 'http://localhost:8080/callback' specified in the request does not match the redirect URIs configured for the application.",
      },
      { stage: 'token', status: 400, error: 'invalid_grant', description: 'Incorrect redirect_uri' },
    ],
  },
  {
    id: 'pkce-required',
    title: 'The provider requires PKCE',
    matches: (e) =>
      entra('9002325')(e) ||
      (e.stage === 'callback' || e.stage === 'authorization'
        ? errorIs('invalid_request')(e) && describes(e, /pkce|code[_ ]challenge/i)
        : errorIs('invalid_request', 'invalid_grant')(e) &&
          describes(e, /(pkce|code[_ ]verifier).*(required|missing)|missing.*code[_ ]verifier/i)),
    cause:
      'This client is registered to use PKCE (public clients always should be), and the request had no code_challenge — or the token request no code_verifier.',
    fix: 'Turn PKCE on in the client settings.',
    refs: ['rfc7636-4.4.1', 'rfc9700-2.1.1'],
    examples: [
      {
        stage: 'callback',
        error: 'invalid_request',
        description: 'Authorization Server policy requires PKCE to be used for this request',
      },
      {
        stage: 'token',
        status: 400,
        error: 'invalid_request',
        description:
          'AADSTS9002325: Proof Key for Code Exchange is required for cross-origin authorization code redemption.',
      },
    ],
  },
  {
    id: 'pkce-mismatch',
    title: 'The code verifier does not match the challenge',
    matches: (e) =>
      entra('50148', '501481')(e) || (errorIs('invalid_grant')(e) && describes(e, /code[_ ]verifier|pkce/i)),
    cause:
      'The code_verifier sent with the code is not the one whose hash went out as code_challenge: the code was started by another run (or another tab), or the verifier was lost in between.',
    fix: 'Press Restart so that the challenge and the verifier come from the same run.',
    refs: ['rfc7636-4.6'],
    examples: [
      {
        stage: 'token',
        status: 400,
        error: 'invalid_grant',
        description: 'PKCE verification failed: code_verifier does not match',
      },
      {
        stage: 'token',
        status: 400,
        error: 'invalid_grant',
        description:
          'AADSTS501481: The Code_Verifier does not match the code_challenge supplied in the authorization request.',
      },
    ],
  },
  {
    id: 'invalid-client-auth-method',
    title: 'The client authenticates the wrong way for its registration',
    matches: (e) =>
      entra('700025', '7000218')(e) ||
      (errorIs('invalid_client', 'unauthorized_client', 'invalid_request')(e) &&
        describes(
          e,
          /client[_ ]secret.*(missing|required)|no client authentication|authentication method|public client/i,
        )) ||
      (errorIs('invalid_client')(e) &&
        e.client?.offeredAuthMethods !== undefined &&
        !e.client.offeredAuthMethods.includes(e.client.authMethod)),
    cause:
      'The provider expects another client authentication method than the one sent: a secret from a client registered as public, none from a confidential one, or client_secret_post where only client_secret_basic is allowed (or the other way round).',
    fix: 'Match the authentication method to the registration: “none” for a public client (with PKCE), the client’s secret with the method the provider lists for a confidential one.',
    hint: byPreset({
      keycloak:
        'Keycloak: Clients → your client → Settings → “Client authentication” (off for public) and Credentials → Client Authenticator.',
      auth0: 'Auth0: Applications → your application → Credentials → Authentication Method (None for a SPA).',
      entra:
        'Entra ID: a Web platform client needs a secret; for a public client enable Authentication → “Allow public client flows”, or use the Single-page application platform.',
      okta: 'Okta: Applications → your app → General → Client Credentials → Client authentication (and “Require PKCE as additional verification”).',
      google: 'Google: a “Web application” client always sends its secret, even with PKCE.',
    }),
    refs: ['rfc6749-2.3.1', 'rfc6749-3.2.1'],
    examples: [
      {
        stage: 'token',
        status: 401,
        error: 'invalid_client',
        description:
          "AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      },
      { stage: 'token', status: 400, error: 'invalid_request', description: 'client_secret is missing.' },
      {
        stage: 'token',
        status: 401,
        error: 'invalid_client',
        client: { authMethod: 'client_secret_post', offeredAuthMethods: ['client_secret_basic'] },
      },
    ],
  },
  {
    id: 'invalid-client-encoding',
    title: 'The secret may have been encoded differently than the provider expects',
    matches: (e) =>
      errorIs('invalid_client')(e) &&
      e.client?.authMethod === 'client_secret_basic' &&
      e.client.secretNeedsEncoding === true,
    cause:
      'The secret contains characters (such as : + & = % / or non-ASCII) that client_secret_basic form-encodes before Base64, as RFC 6749 §2.3.1 and Appendix B require. Grantscope does so; a provider (or your own app) that skips that step compares different strings. A wrong secret gives the same error.',
    fix: 'Check the secret first. If it is right, try client_secret_post (the secret goes in the body, with no Base64 step) — and make sure your own app form-encodes before Base64.',
    refs: ['rfc6749-2.3.1'],
    examples: [
      {
        stage: 'token',
        status: 401,
        error: 'invalid_client',
        description: 'client authentication failed',
        client: { authMethod: 'client_secret_basic', secretNeedsEncoding: true },
      },
    ],
  },
  {
    id: 'invalid-client-secret',
    title: 'The client secret is wrong',
    matches: (e) =>
      entra('7000215')(e) ||
      errorIs('incorrect_client_credentials')(e) ||
      (errorIs('invalid_client')(e) && e.client !== undefined && e.client.authMethod !== 'none'),
    cause:
      'The provider knows the client but refused its secret: a typo, a rotated or expired secret, or the secret of another client or environment.',
    fix: 'Copy the current secret from the provider’s console again (secrets are often shown only once: create a new one if needed).',
    hint: byPreset({
      keycloak: 'Keycloak: Clients → your client → Credentials → Client secret.',
      auth0: 'Auth0: Applications → your application → Settings → Client Secret.',
      entra: 'Entra ID: Certificates & secrets → use the secret’s Value, not its Secret ID.',
      okta: 'Okta: Applications → your app → General → Client secrets.',
      github: 'GitHub: Developer settings → OAuth Apps → your app → Generate a new client secret.',
    }),
    refs: ['rfc6749-2.3.1', 'rfc6749-5.2'],
    examples: [
      {
        stage: 'token',
        status: 401,
        error: 'invalid_client',
        description: 'client authentication failed',
        client: { authMethod: 'client_secret_basic' },
      },
      {
        stage: 'token',
        status: 401,
        error: 'invalid_client',
        description:
          'AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
      },
      {
        stage: 'token',
        status: 200,
        error: 'incorrect_client_credentials',
        description: 'The client_id and/or client_secret passed are incorrect.',
      },
    ],
  },
  {
    id: 'unknown-client',
    title: 'The provider does not know this client ID',
    matches: (e) =>
      entra('700016')(e) ||
      (errorIs('invalid_client', 'unauthorized_client')(e) &&
        describes(
          e,
          /not found|unknown client|invalid client_id|client.*(does not exist|not registered)/i,
        )) ||
      (errorIs('invalid_client')(e) && e.client?.authMethod === 'none'),
    cause:
      'The client_id is not registered at this issuer: a typo, another environment or tenant, or a deleted client.',
    fix: 'Copy the client ID from the provider’s console, for the same realm, tenant or authorization server as the issuer.',
    refs: ['rfc6749-2.2', 'rfc6749-5.2'],
    examples: [
      {
        stage: 'token',
        status: 400,
        error: 'unauthorized_client',
        description:
          "AADSTS700016: Application with identifier 'x' was not found in the directory 'contoso'.",
      },
      { stage: 'token', status: 401, error: 'invalid_client', client: { authMethod: 'none' } },
    ],
  },
  {
    id: 'unauthorized-client',
    title: 'This client may not use this grant',
    matches: errorIs('unauthorized_client'),
    cause:
      'The client is registered, but not for the authorization code grant (or for refresh tokens, or for this response type).',
    fix: 'Enable the authorization code grant (and refresh tokens, if wanted) for this client in the provider’s console.',
    hint: byPreset({
      keycloak: 'Keycloak: Clients → your client → Settings → Capability config → Standard flow.',
      auth0: 'Auth0: Applications → your application → Advanced Settings → Grant Types.',
      okta: 'Okta: Applications → your app → General → Grant type.',
    }),
    refs: ['rfc6749-4.1.2.1', 'rfc6749-5.2'],
    examples: [
      {
        stage: 'callback',
        error: 'unauthorized_client',
        description: 'Client is not allowed to initiate browser login with given response_type.',
      },
    ],
  },
  {
    id: 'invalid-scope',
    title: 'A requested scope is not allowed',
    matches: (e) => errorIs('invalid_scope')(e) || entra('70011', '65005')(e),
    cause:
      'The provider refused the scope parameter: a scope it does not know, one this client is not allowed, or a malformed list (scopes are separated by spaces).',
    fix: 'Ask only for scopes the provider lists in scopes_supported and this client is allowed to use.',
    hint: byPreset({
      keycloak: 'Keycloak: Clients → your client → Client scopes (default and optional scopes).',
      auth0:
        'Auth0: API scopes are defined on the API (Applications → APIs → Permissions) and need an audience.',
      entra:
        'Entra ID: scopes of other APIs take their full form, e.g. api://APP-ID/read or https://graph.microsoft.com/User.Read.',
      google: 'Google: the scope must be enabled on the OAuth consent screen.',
    }),
    refs: ['rfc6749-3.3', 'rfc6749-4.1.2.1'],
    examples: [
      { stage: 'callback', error: 'invalid_scope', description: 'requested scope is not allowed' },
      {
        stage: 'callback',
        error: 'invalid_scope',
        description: "AADSTS70011: The provided value for the input parameter 'scope' is not valid.",
      },
    ],
  },
  {
    id: 'insufficient-scope',
    title: 'The access token lacks a scope this call needs',
    matches: errorIs('insufficient_scope'),
    cause:
      'The call was refused because the token was issued without a scope it needs — for UserInfo, the openid scope; for an API, its own scope.',
    fix: 'Add the missing scope to the client’s scopes (openid for UserInfo) and run again.',
    refs: ['rfc6750-3.1', 'oidc-5.3'],
    examples: [
      {
        stage: 'userinfo',
        status: 403,
        error: 'insufficient_scope',
        description: "access token missing 'openid' scope",
      },
    ],
  },
  {
    id: 'login-required',
    title: 'The provider needs the user to sign in interactively',
    matches: (e) =>
      errorIs('login_required', 'interaction_required', 'account_selection_required')(e) ||
      entra('50058', '50076', '50079')(e),
    cause:
      'A silent request (prompt=none) cannot show a login page, or the provider requires another step (MFA, account choice) it cannot show without interaction.',
    fix: 'Remove prompt=none (or use prompt=login) so the provider can show its pages.',
    refs: ['oidc-3.1.2.6'],
    examples: [
      { stage: 'callback', error: 'login_required', description: 'End-User authentication is required' },
    ],
  },
  {
    id: 'consent-required',
    title: 'The user (or an admin) has not consented',
    matches: (e) => errorIs('consent_required')(e) || entra('65001')(e),
    cause:
      'The scopes need consent that has not been given, and the request did not allow the provider to ask (prompt=none), or only an administrator may grant it.',
    fix: 'Remove prompt=none (or use prompt=consent); for admin-only scopes, ask an administrator to grant consent.',
    hint: byPreset({
      entra: 'Entra ID: API permissions → Grant admin consent for the tenant.',
      google: 'Google: add the user as a test user while the consent screen is in testing.',
    }),
    refs: ['oidc-3.1.2.6'],
    examples: [
      { stage: 'callback', error: 'consent_required' },
      {
        stage: 'callback',
        error: 'invalid_grant',
        description:
          "AADSTS65001: The user or administrator has not consented to use the application with ID 'x'.",
      },
    ],
  },
  {
    id: 'access-denied',
    title: 'Access was denied',
    matches: (e) => errorIs('access_denied')(e) || entra('65004')(e),
    cause:
      'The user pressed Deny or cancelled — or the provider denied access by policy (the user is not assigned to the application, a conditional-access rule).',
    fix: 'Sign in again and allow; if it was not the user, check the user’s assignment to the application.',
    hint: byPreset({
      okta: 'Okta: Applications → your app → Assignments.',
      entra: 'Entra ID: Enterprise applications → your app → Users and groups (when assignment is required).',
    }),
    refs: ['rfc6749-4.1.2.1'],
    examples: [{ stage: 'callback', error: 'access_denied', description: 'End-User aborted interaction' }],
  },
  {
    id: 'clock-skew',
    title: 'The token’s times do not fit this clock',
    matches: (e) => failed(e, 'exp', 'iat', 'nbf'),
    cause:
      'The ID token is already expired, issued in the future, or not yet valid by this client’s clock: the client’s and the provider’s clocks differ (or a cached token is reused).',
    fix: 'Set this computer’s clock to network time (and the provider’s). If you moved the playground’s clock forward, move it back.',
    refs: ['oidc-3.1.3.7', 'rfc7519-4.1'],
    examples: [
      { stage: 'id-token', failedChecks: ['exp'] },
      { stage: 'id-token', failedChecks: ['iat'] },
    ],
  },
  {
    id: 'audience-mismatch',
    title: 'The ID token was issued to another client',
    matches: (e) => failed(e, 'aud', 'azp'),
    cause:
      'The token’s aud (or azp) does not name this client_id: it belongs to another client or application.',
    fix: 'Use the client ID the token was issued for, or check which client ran the login.',
    hint: byPreset({
      auth0:
        'Auth0: audience sets the access token’s audience (your API); the ID token’s aud is always the client ID.',
    }),
    refs: ['oidc-3.1.3.7'],
    examples: [{ stage: 'id-token', failedChecks: ['aud'] }],
  },
  {
    id: 'nonce-mismatch',
    title: 'The ID token’s nonce is missing or wrong',
    matches: (e) => failed(e, 'nonce'),
    cause:
      'The nonce in the ID token is not the one this client sent with the request: the token belongs to another login (replayed or injected), or the provider dropped the nonce.',
    fix: 'Press Restart for a fresh login; if the nonce is always missing, the provider ignores it (report it).',
    refs: ['oidc-3.1.2.1', 'oidc-3.1.3.7'],
    examples: [{ stage: 'id-token', failedChecks: ['nonce'] }],
  },
  {
    id: 'state-mismatch',
    title: 'The response’s state does not match',
    matches: (e) => failed(e, 'state-matches'),
    cause:
      'The authorization response did not bring back the state this client sent: it answers another request (an older tab or popup), or it was forged (CSRF). The client must drop it.',
    fix: 'Press Restart and finish the login in the window this run opened.',
    refs: ['rfc6749-10.12', 'rfc9700-4.7'],
    examples: [{ stage: 'callback', failedChecks: ['state-matches'] }],
  },
  {
    id: 'id-token-signature',
    title: 'The ID token’s signature does not verify',
    matches: (e) => failed(e, 'signature'),
    cause:
      'No key in the provider’s JWKS verifies the signature with the expected algorithm: the token is signed with another algorithm (e.g. HS256 with the client secret), a rotated key, or it was tampered with.',
    fix: 'Check id_token_signing_alg_values_supported and the client’s registered signing algorithm (RS256 is the default).',
    refs: ['oidc-3.1.3.7', 'oidc-10.1'],
    examples: [{ stage: 'id-token', failedChecks: ['signature'] }],
  },
  {
    id: 'invalid-grant',
    title: 'The code (or refresh token) was refused',
    matches: (e) =>
      errorIs('invalid_grant', 'bad_verification_code')(e) || entra('54005', '70008', '700082')(e),
    cause:
      'Codes are single-use and short-lived: it expired, was already redeemed, was issued to another client, or the refresh token was revoked or rotated.',
    fix: 'Press Restart for a fresh code; for refresh tokens, sign in again.',
    refs: ['rfc6749-5.2', 'rfc6749-4.1.2'],
    examples: [
      { stage: 'token', status: 400, error: 'invalid_grant', description: 'grant request is invalid' },
      {
        stage: 'token',
        status: 200,
        error: 'bad_verification_code',
        description: 'The code passed is incorrect or expired.',
      },
    ],
  },
  {
    id: 'invalid-token',
    title: 'The access token was refused',
    matches: errorIs('invalid_token'),
    cause:
      'The API or UserInfo endpoint did not accept the access token: expired, revoked, or meant for another audience.',
    fix: 'Run again for a fresh token; for an API, check the token’s audience (audience / resource parameters).',
    hint: byPreset({ auth0: 'Auth0: set audience to the API’s identifier to get a token for it.' }),
    refs: ['rfc6750-3.1'],
    examples: [{ stage: 'api', status: 401, error: 'invalid_token', description: 'invalid token provided' }],
  },
  {
    id: 'unsupported-response-type',
    title: 'The provider does not offer the authorization code grant to this client',
    matches: errorIs('unsupported_response_type'),
    cause: 'response_type=code is not enabled for this client (or at all).',
    fix: 'Enable the authorization code flow for the client in the provider’s console.',
    refs: ['rfc6749-3.1.1'],
    examples: [{ stage: 'callback', error: 'unsupported_response_type' }],
  },
  {
    id: 'introspection-refused',
    title: 'The provider refused introspection for this client',
    matches: (e) =>
      e.stage === 'introspection' && (e.status === 401 || e.status === 403 || e.error === 'invalid_client'),
    cause:
      'Introspection is for authenticated clients (resource servers): many providers refuse it to public clients.',
    fix: 'Use a confidential client for introspection, or skip it — the access token was issued either way.',
    refs: ['rfc7662-2'],
    examples: [{ stage: 'introspection', status: 401, error: 'invalid_client' }],
  },
  {
    id: 'provider-error',
    title: 'The provider had a problem of its own',
    matches: (e) => errorIs('server_error', 'temporarily_unavailable')(e) || (e.status ?? 0) >= 500,
    cause:
      'The provider failed to handle the request (a 5xx, server_error or temporarily_unavailable). This is not the client’s fault.',
    fix: 'Try again later; check the provider’s status page or logs.',
    refs: ['rfc6749-4.1.2.1'],
    examples: [
      { stage: 'token', status: 503 },
      { stage: 'callback', error: 'server_error' },
    ],
  },
  {
    id: 'invalid-request',
    title: 'The provider refused the request as malformed',
    matches: errorIs('invalid_request'),
    cause:
      'A parameter is missing, repeated or has a value the provider does not accept; its description names which.',
    fix: 'Read the provider’s error_description and adjust the extra parameters or client settings it names.',
    refs: ['rfc6749-4.1.2.1', 'rfc6749-5.2'],
    examples: [{ stage: 'callback', error: 'invalid_request', description: 'missing required parameter' }],
  },
]

/** A failure the catalogue does not know: still said plainly, with what the provider returned. */
export const unknownFailure: Omit<DiagnosisEntry, 'matches' | 'examples'> = {
  id: 'unrecognised',
  title: 'The run stopped',
  cause:
    'Grantscope does not recognise this failure; the step above shows exactly what the provider returned.',
  fix: 'Read the provider’s error and error_description in the HTTP tab.',
  refs: [],
}

export interface Diagnosis {
  readonly id: string
  readonly title: string
  readonly cause: string
  readonly fix: string
  readonly hint?: string
  readonly refs: readonly SpecRefId[]
  readonly action?: DiagnosisAction
  /** What the provider returned, quoted (as text). */
  readonly evidence: string
}

function quote(e: Evidence): string {
  if (e.network !== undefined) return `no HTTP answer the page could read (${e.network})`
  if (e.popup === 'error-page') return 'the popup stayed on the provider, showing an error page'
  if (e.popup === 'closed') return 'the popup closed before an answer came back'
  const parts = [
    e.status === undefined ? undefined : `HTTP ${e.status}`,
    e.error === undefined ? undefined : `error=${e.error}`,
    e.description === undefined ? undefined : `“${e.description}”`,
    e.failedChecks?.length ? `failed checks: ${e.failedChecks.join(', ')}` : undefined,
    e.discovery === undefined ? undefined : `discovery: ${e.discovery}`,
  ].filter((p) => p !== undefined)
  return parts.join(' · ')
}

/** The diagnosis for what the provider returned: the first catalogue entry that explains it. */
export function diagnose(evidence: Evidence, preset: ProviderPreset, context: HintContext): Diagnosis {
  const entry = diagnosisCatalogue.find((d) => d.matches(evidence))
  const base = entry ?? unknownFailure
  const hint = entry?.hint?.(preset, context)
  return {
    id: base.id,
    title: base.title,
    cause: base.cause,
    fix: base.fix,
    refs: base.refs,
    evidence: quote(evidence),
    ...(hint === undefined ? {} : { hint }),
    ...(base.action === undefined ? {} : { action: base.action }),
  }
}
