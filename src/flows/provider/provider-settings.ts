import type { ClientAuthMethod, ClientConfig } from '../client-config.ts'
import { idTokenAlgorithm } from './lint-metadata.ts'
import { presetById, type ManualEndpoints, type PresetId } from './presets.ts'

/** Extra authorization request parameters with a field of their own. */
export const namedParams = ['audience', 'resource', 'prompt', 'login_hint', 'acr_values'] as const
export type NamedParam = (typeof namedParams)[number]

export const endpointFields = [
  'authorization_endpoint',
  'token_endpoint',
  'userinfo_endpoint',
  'jwks_uri',
  'revocation_endpoint',
  'introspection_endpoint',
] as const satisfies readonly (keyof ManualEndpoints)[]

/**
 * Everything the user sets up for their provider. Only `clientSecret` is secret: it never goes
 * into a URL, a share link or storage unless the user opts in to sessionStorage for this tab.
 */
export interface ProviderSettings {
  readonly preset: PresetId
  readonly issuer: string
  /** `manual`: the provider publishes no metadata; the endpoints below are used as typed. */
  readonly metadata: 'discover' | 'manual'
  readonly endpoints: Readonly<Record<(typeof endpointFields)[number], string>>
  readonly clientId: string
  readonly clientSecret: string
  readonly rememberSecret: boolean
  readonly authMethod: ClientAuthMethod
  readonly usePkce: boolean
  readonly scope: string
  readonly params: Readonly<Record<NamedParam, string>>
  /** Further parameters as `name=value` lines. */
  readonly customParams: string
  /** An API to call with the access token; UserInfo when empty. */
  readonly apiUrl: string
  readonly connection: 'direct' | 'relay'
  /** Where the user signs in: a popup (the run stays on screen), or this tab (a full-page redirect). */
  readonly signIn: 'popup' | 'tab'
}

const noEndpoints = Object.fromEntries(endpointFields.map((f) => [f, ''])) as ProviderSettings['endpoints']
const noParams = Object.fromEntries(namedParams.map((p) => [p, ''])) as ProviderSettings['params']

export const defaultSettings: ProviderSettings = {
  preset: 'custom',
  issuer: '',
  metadata: 'discover',
  endpoints: noEndpoints,
  clientId: '',
  clientSecret: '',
  rememberSecret: false,
  authMethod: 'none',
  // PKCE for every client type (RFC 9700 §2.1.1), with a switch to leave it out.
  usePkce: true,
  scope: 'openid profile email',
  params: noParams,
  customParams: '',
  apiUrl: '',
  connection: 'direct',
  signIn: 'popup',
}

/** The settings a preset suggests; what the user typed for the client stays. */
export function applyPreset(settings: ProviderSettings, id: PresetId, origin: string): ProviderSettings {
  const preset = presetById(id)
  const endpoints = preset.endpoints?.(preset.issuerPattern) ?? {}
  const localClient = preset.clients?.[0]
  return {
    ...settings,
    preset: id,
    issuer: id === 'grantscope' ? `${origin}/as` : preset.discovery ? '' : preset.issuerPattern,
    metadata: preset.discovery ? 'discover' : 'manual',
    endpoints: { ...noEndpoints, ...endpoints },
    scope: preset.scope,
    params: { ...noParams, ...pick(preset.params ?? {}, namedParams) },
    customParams: Object.entries(preset.params ?? {})
      .filter(([name]) => !(namedParams as readonly string[]).includes(name))
      .map(([name, value]) => `${name}=${value}`)
      .join('\n'),
    apiUrl: preset.apiUrl ?? '',
    ...(localClient === undefined
      ? {}
      : {
          clientId: localClient.clientId,
          clientSecret: localClient.clientSecret ?? '',
          authMethod: localClient.clientSecret === undefined ? 'none' : 'client_secret_basic',
        }),
  }
}

function pick(record: Readonly<Record<string, string>>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter(([name]) => names.includes(name)))
}

/** `name=value` lines, as typed; lines without `=` or a name are ignored. */
export function parseCustomParams(text: string): Record<string, string> {
  const params: Record<string, string> = {}
  for (const line of text.split('\n')) {
    const at = line.indexOf('=')
    const name = line.slice(0, at).trim()
    if (at > 0 && name !== '') params[name] = line.slice(at + 1).trim()
  }
  return params
}

/** Every extra authorization parameter that has a value. */
export function extraParams(settings: ProviderSettings): Record<string, string> {
  const named = Object.entries(settings.params).filter(([, value]) => value.trim() !== '')
  return {
    ...Object.fromEntries(named.map(([n, v]) => [n, v.trim()])),
    ...parseCustomParams(settings.customParams),
  }
}

/**
 * Whether client_secret_basic changes the secret before Base64: RFC 6749 §2.3.1 form-encodes the
 * id and the secret (Appendix B), so anything but letters, digits and `*-._` is percent-encoded.
 */
export const secretNeedsEncoding = (secret: string) => /[^A-Za-z0-9*\-._]/.test(secret)

/** The redirect URI of this page: the callback page next to it. */
export function redirectUriFor(pageUrl: string): string {
  return new URL('callback', new URL('./', pageUrl)).href
}

/** The metadata document made of the endpoints the user typed (providers without discovery). */
export function manualDocument(settings: ProviderSettings): Record<string, unknown> {
  const endpoints = Object.entries(settings.endpoints).filter(([, url]) => url.trim() !== '')
  return {
    issuer: settings.issuer.trim(),
    ...Object.fromEntries(endpoints.map(([f, url]) => [f, url.trim()])),
  }
}

/** The client's registration, as the grant machines read it. */
export function toClientConfig(
  settings: ProviderSettings,
  redirectUri: string,
  document: Readonly<Record<string, unknown>>,
): ClientConfig {
  const userinfo =
    typeof document['userinfo_endpoint'] === 'string' ? document['userinfo_endpoint'] : undefined
  const resourceUrl = settings.apiUrl.trim() || userinfo
  const confidential = settings.authMethod !== 'none'
  return {
    issuer: settings.issuer.trim(),
    clientId: settings.clientId.trim(),
    ...(confidential ? { clientSecret: settings.clientSecret } : {}),
    authMethod: settings.authMethod,
    redirectUri,
    scope: settings.scope.trim().split(/\s+/).join(' '),
    usePkce: settings.usePkce,
    ...(resourceUrl === undefined ? {} : { resourceUrl }),
    idTokenSigningAlg: idTokenAlgorithm(document),
    extraParams: extraParams(settings),
  }
}

/**
 * The endpoints the relay may forward to for this provider: the back-channel endpoints of its
 * metadata and the API the user set — nothing else (the authorization endpoint is the browser's).
 */
export function relayAllowList(document: Readonly<Record<string, unknown>>, apiUrl: string): string[] {
  const urls = new Set<string>()
  for (const [field, value] of Object.entries(document))
    if (typeof value === 'string' && field !== 'authorization_endpoint')
      if (field.endsWith('_endpoint') || field === 'jwks_uri') urls.add(value)
  if (apiUrl.trim() !== '') urls.add(apiUrl.trim())
  return [...urls]
}

/** Query names of the share link. */
const q = {
  preset: 'preset',
  issuer: 'issuer',
  clientId: 'client_id',
  authMethod: 'auth',
  pkce: 'pkce',
  scope: 'scope',
  api: 'api',
  connection: 'via',
  signIn: 'sign_in',
  custom: 'params',
} as const

/**
 * The share link's query: the non-secret setup only — never the secret, a code, a token, state or
 * a verifier (RFC 9700 §4.3: URLs leak through history, logs and Referer).
 */
export function shareQuery(settings: ProviderSettings): string {
  const params = new URLSearchParams({ provider: '' })
  const set = (name: string, value: string) => {
    if (value.trim() !== '') params.set(name, value.trim())
  }
  set(q.preset, settings.preset)
  set(q.issuer, settings.issuer)
  set(q.clientId, settings.clientId)
  set(q.authMethod, settings.authMethod)
  if (!settings.usePkce) params.set(q.pkce, 'off')
  set(q.scope, settings.scope)
  for (const name of namedParams) set(`p.${name}`, settings.params[name])
  set(q.custom, settings.customParams)
  if (settings.metadata === 'manual')
    for (const field of endpointFields) set(`e.${field}`, settings.endpoints[field])
  set(q.api, settings.apiUrl)
  if (settings.connection === 'relay') params.set(q.connection, 'relay')
  if (settings.signIn === 'tab') params.set(q.signIn, 'tab')
  return `?${params.toString().replace(/^provider=&?/, 'provider&')}`.replace(/&$/, '')
}

const authMethods: readonly ClientAuthMethod[] = ['none', 'client_secret_basic', 'client_secret_post']

/** The setup a share link carries; undefined when the link carries none. */
export function settingsFromQuery(
  search: string,
  base: ProviderSettings = defaultSettings,
): ProviderSettings | undefined {
  const params = new URLSearchParams(search)
  if (!params.has(q.issuer) && !params.has(q.preset)) return undefined
  const get = (name: string) => params.get(name) ?? undefined
  const preset = presetById(get(q.preset)).id
  const method = get(q.authMethod)
  const endpoints = Object.fromEntries(
    endpointFields.map((f) => [f, get(`e.${f}`) ?? '']),
  ) as ProviderSettings['endpoints']
  return {
    ...base,
    preset,
    issuer: get(q.issuer) ?? '',
    metadata: endpointFields.some((f) => params.has(`e.${f}`)) ? 'manual' : 'discover',
    endpoints,
    clientId: get(q.clientId) ?? '',
    authMethod: authMethods.find((m) => m === method) ?? 'none',
    usePkce: get(q.pkce) !== 'off',
    scope: get(q.scope) ?? base.scope,
    params: Object.fromEntries(
      namedParams.map((n) => [n, get(`p.${n}`) ?? '']),
    ) as ProviderSettings['params'],
    customParams: get(q.custom) ?? '',
    apiUrl: get(q.api) ?? '',
    connection: get(q.connection) === 'relay' ? 'relay' : 'direct',
    signIn: get(q.signIn) === 'tab' ? 'tab' : 'popup',
  }
}

const settingsKey = 'grantscope.provider.settings'
const secretKey = 'grantscope.provider.secret'

/** Keeps the non-secret setup for this tab (it survives a reload and a full-page redirect). */
export function saveSettings(storage: Storage, settings: ProviderSettings): void {
  storage.setItem(settingsKey, JSON.stringify({ ...settings, clientSecret: '' }))
  if (settings.rememberSecret && settings.clientSecret !== '')
    storage.setItem(secretKey, settings.clientSecret)
  else storage.removeItem(secretKey)
}

export function loadSettings(storage: Storage): ProviderSettings | undefined {
  const saved = storage.getItem(settingsKey)
  if (saved === null) return undefined
  try {
    const parsed = { ...defaultSettings, ...(JSON.parse(saved) as Partial<ProviderSettings>) }
    const secret = storage.getItem(secretKey)
    return { ...parsed, clientSecret: parsed.rememberSecret && secret !== null ? secret : '' }
  } catch {
    return undefined
  }
}
