/**
 * What Grantscope knows about well-known providers, as data: the issuer URL pattern, where each
 * setting lives in the provider's console, and the quirks that trip developers. The diagnosis
 * catalogue adds a hint per preset to each failure; nothing here changes what the client sends
 * unless the user keeps a suggested parameter.
 */
export type PresetId = 'custom' | 'keycloak' | 'auth0' | 'okta' | 'entra' | 'google' | 'github' | 'grantscope'

/** Endpoints a client can be given by hand when a provider publishes no discovery document. */
export interface ManualEndpoints {
  readonly authorization_endpoint?: string
  readonly token_endpoint?: string
  readonly userinfo_endpoint?: string
  readonly jwks_uri?: string
  readonly revocation_endpoint?: string
  readonly introspection_endpoint?: string
}

export interface PresetClient {
  readonly clientId: string
  readonly clientSecret?: string
  readonly label: string
}

export interface ProviderPreset {
  readonly id: PresetId
  readonly name: string
  /** The issuer as the provider documents it, with placeholders in braces. */
  readonly issuerPattern: string
  /** Recognises an issuer URL of this provider. */
  readonly recognises?: RegExp
  /** False for OAuth-only providers without a metadata document (GitHub). */
  readonly discovery: boolean
  readonly endpoints?: (issuer: string) => ManualEndpoints
  readonly scope: string
  /** Extra authorization parameters this provider commonly needs, suggested when the preset is chosen. */
  readonly params?: Readonly<Record<string, string>>
  /** An API to call with the access token when the provider has no UserInfo endpoint. */
  readonly apiUrl?: string
  /** Where the redirect URI is registered in the provider's console. */
  readonly redirectSetting: string
  /** The setting that allows this page's origin to call the provider from the browser (CORS). */
  readonly corsSetting: string
  /** What to know before the first run. */
  readonly quirks: readonly string[]
  /** Demo clients (the bundled server only). */
  readonly clients?: readonly PresetClient[]
}

export const presets: readonly ProviderPreset[] = [
  {
    id: 'custom',
    name: 'Another provider',
    issuerPattern: 'https://id.example.com',
    discovery: true,
    scope: 'openid profile email',
    redirectSetting: 'the client’s registered redirect URIs',
    corsSetting: 'the client’s allowed (web) origins',
    quirks: [
      'Paste the issuer exactly as the provider documents it: Grantscope appends /.well-known/openid-configuration (or asks for RFC 8414 metadata).',
    ],
  },
  {
    id: 'keycloak',
    name: 'Keycloak',
    issuerPattern: 'https://{host}/realms/{realm}',
    recognises: /\/realms\/[^/]+\/?$/,
    discovery: true,
    scope: 'openid profile email',
    redirectSetting: 'Clients → your client → Settings → Valid redirect URIs',
    corsSetting:
      'Clients → your client → Settings → Web origins (add this page’s origin, or “+” for the origins of the redirect URIs)',
    quirks: [
      'The issuer is the realm URL; Keycloak before version 17 puts /auth in front of /realms.',
      'A public client has “Client authentication” off; a confidential one has it on, and its secret is under the Credentials tab.',
      'PKCE is enforced per client under Advanced → “Proof Key for Code Exchange Code Challenge Method” (choose S256).',
    ],
  },
  {
    id: 'auth0',
    name: 'Auth0',
    issuerPattern: 'https://{tenant}.{region}.auth0.com/',
    recognises: /\.auth0\.com\/?$/,
    discovery: true,
    scope: 'openid profile email',
    params: { audience: '' },
    redirectSetting: 'Applications → your application → Settings → Allowed Callback URLs',
    corsSetting:
      'Applications → your application → Settings → Allowed Web Origins (and Allowed Origins (CORS))',
    quirks: [
      'Auth0’s issuer ends with a slash: https://TENANT.auth0.com/ — leave it there.',
      'Without an audience parameter the access token is opaque and good only for /userinfo; set audience to your API’s identifier to get a JWT for your API.',
      'A Single Page Application uses token endpoint authentication “None”; a Regular Web Application uses a secret and needs the relay.',
    ],
  },
  {
    id: 'okta',
    name: 'Okta',
    issuerPattern: 'https://{org}.okta.com/oauth2/default',
    recognises: /\.(okta|oktapreview)\.com(\/oauth2\/[^/]+)?\/?$/,
    discovery: true,
    scope: 'openid profile email',
    redirectSetting: 'Applications → your app → General → Sign-in redirect URIs',
    corsSetting: 'Security → API → Trusted Origins (add this origin with the CORS scope)',
    quirks: [
      'Two kinds of authorization server: the org server (https://ORG.okta.com) signs ID tokens for Okta itself, a custom one (https://ORG.okta.com/oauth2/default) issues access tokens for your own APIs. Use the custom one unless you call Okta’s own APIs.',
      'A Single-Page App integration is public and requires PKCE; a Web app has a secret.',
    ],
  },
  {
    id: 'entra',
    name: 'Microsoft Entra ID',
    issuerPattern: 'https://login.microsoftonline.com/{tenant-id}/v2.0',
    recognises: /login\.microsoftonline\.com\/[^/]+\/v2\.0\/?$/,
    discovery: true,
    scope: 'openid profile email offline_access',
    redirectSetting:
      'App registrations → your app → Authentication → Platform configurations → the redirect URIs of the platform (Single-page application for a public client, Web for one with a secret)',
    corsSetting:
      'App registrations → your app → Authentication: register the redirect URI under the “Single-page application” platform — only that platform may redeem codes from the browser',
    quirks: [
      'Use the v2.0 issuer with your tenant ID (not “common”): the ID token’s iss names the tenant, and “common” cannot match it.',
      'The platform decides the client type: a Single-page application redeems codes in the browser (CORS, PKCE, no secret); a Web platform must redeem them server-side with a secret — through the relay here.',
      'Errors carry an AADSTS number at the start of error_description; Grantscope explains the common ones.',
    ],
  },
  {
    id: 'google',
    name: 'Google',
    issuerPattern: 'https://accounts.google.com',
    recognises: /^https:\/\/accounts\.google\.com\/?$/,
    discovery: true,
    scope: 'openid profile email',
    params: { access_type: 'offline', prompt: 'consent' },
    redirectSetting:
      'Google Cloud console → APIs & Services → Credentials → your OAuth client → Authorized redirect URIs',
    corsSetting:
      'Google allows browser calls, but a “Web application” client must send its secret even with PKCE: use the relay of npm start for it',
    quirks: [
      'A refresh token comes back only with access_type=offline, and again only with prompt=consent after the first consent.',
      'A “Web application” client always needs its client secret at the token endpoint.',
    ],
  },
  {
    id: 'github',
    name: 'GitHub (OAuth only)',
    issuerPattern: 'https://github.com',
    recognises: /^https:\/\/github\.com\/?$/,
    discovery: false,
    endpoints: () => ({
      authorization_endpoint: 'https://github.com/login/oauth/authorize',
      token_endpoint: 'https://github.com/login/oauth/access_token',
    }),
    apiUrl: 'https://api.github.com/user',
    scope: 'read:user',
    redirectSetting: 'Settings → Developer settings → OAuth Apps → your app → Authorization callback URL',
    corsSetting: 'GitHub’s token endpoint does not allow browser calls at all: use the relay of npm start',
    quirks: [
      'GitHub is OAuth 2.0 without OpenID Connect: no discovery, no ID token, no iss parameter. The endpoints are filled in by hand.',
      'Its token endpoint answers errors with HTTP 200 and an error field, and needs the client secret.',
    ],
  },
  {
    id: 'grantscope',
    name: 'Grantscope local server',
    issuerPattern: '{origin}/as',
    discovery: true,
    scope: 'openid profile email friends.read movies.read',
    redirectSetting: 'the demo clients, which are all registered with this page’s /callback',
    corsSetting: 'nothing: the local server shares this page’s origin',
    quirks: [
      'The server npm start runs next to this page, over real HTTP: sign in as alice / wonderland.',
      'Only there with npm start; the static build has no server behind /as.',
    ],
    clients: [
      { clientId: 'spa', label: 'spa — public, PKCE required' },
      { clientId: 'web-app', clientSecret: 'web-app-secret', label: 'web-app — confidential' },
    ],
  },
]

export function presetById(id: string | null | undefined): ProviderPreset {
  return presets.find((p) => p.id === id) ?? presets[0]!
}

/** The issuer of the bundled server that `npm start` serves next to the page. */
export const localIssuer = (origin: string) => `${origin}/as`

/** The preset an issuer URL belongs to, when one recognises it. */
export function presetForIssuer(issuer: string, origin: string): ProviderPreset | undefined {
  if (issuer.replace(/\/$/, '') === localIssuer(origin)) return presetById('grantscope')
  return presets.find((p) => p.recognises?.test(issuer))
}
