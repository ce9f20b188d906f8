import type { SpecRefId } from '@/protocol/spec-refs.ts'
import type { ClientAuthMethod } from '../client-config.ts'

export type LintSeverity = 'error' | 'warning' | 'info' | 'ok'

/** One finding about the provider's metadata, for the client about to use it. */
export interface LintFinding {
  /** Stable id of the rule, e.g. `issuer-match`. */
  readonly id: string
  readonly severity: LintSeverity
  readonly field?: string
  readonly message: string
  readonly fix?: string
  readonly refs: readonly SpecRefId[]
}

export interface LintInput {
  /** The issuer URL the user typed. */
  readonly issuer: string
  readonly document: Readonly<Record<string, unknown>>
  /** Where the metadata came from; `manual` documents were typed by the user. */
  readonly source: 'openid' | 'rfc8414' | 'manual'
  readonly authMethod: ClientAuthMethod
  readonly usePkce: boolean
  readonly scope: string
  /** An API the client calls with the access token, when the user set one. */
  readonly apiUrl?: string
}

/** Hosts where plain HTTP is normal: a provider running on this machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '')
  return host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1'
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)
const list = (value: unknown): readonly string[] | undefined =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined

/** The raw host of a URL string, before URL parsing lowercases it. */
const rawHost = (url: string) => /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(url)?.[1]

function issuerMatch(asked: string, actual: string | undefined): LintFinding {
  const refs: SpecRefId[] = ['oidc-discovery-4.3', 'rfc8414-3.3']
  if (actual === undefined)
    return {
      id: 'issuer-match',
      severity: 'error',
      field: 'issuer',
      message: 'The document has no issuer.',
      refs,
    }
  if (actual === asked)
    return {
      id: 'issuer-match',
      severity: 'ok',
      field: 'issuer',
      message: `issuer is exactly ${asked}.`,
      refs,
    }
  const why =
    actual.replace(/\/$/, '') === asked.replace(/\/$/, '')
      ? `differs by a trailing slash (${actual.endsWith('/') ? 'the provider has one, you do not' : 'you have one, the provider does not'})`
      : actual.toLowerCase() === asked.toLowerCase()
        ? rawHost(actual) !== rawHost(asked)
          ? 'differs in the letter case of the host (DNS ignores case; issuer comparison does not)'
          : 'differs in letter case'
        : 'is another URL'
  return {
    id: 'issuer-match',
    severity: 'error',
    field: 'issuer',
    message: `The document’s issuer ${actual} ${why} from the URL you asked, ${asked}. The client must refuse it: issuers are compared character for character, and the ID token’s iss will carry the provider’s spelling.`,
    fix: `Use ${actual} as the issuer URL, exactly.`,
    refs,
  }
}

function httpsFindings(document: LintInput['document']): LintFinding[] {
  const findings: LintFinding[] = []
  const loopback: string[] = []
  for (const [field, value] of Object.entries(document)) {
    if (field !== 'issuer' && !field.endsWith('_endpoint') && field !== 'jwks_uri') continue
    const url = text(value)
    if (url === undefined) continue
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      findings.push({
        id: 'url',
        severity: 'error',
        field,
        message: `${field} is not a URL: ${url}`,
        refs: ['rfc8414-2'],
      })
      continue
    }
    if (parsed.protocol === 'https:') continue
    if (isLoopbackHost(parsed.hostname)) loopback.push(field)
    else
      findings.push({
        id: 'https',
        severity: 'error',
        field,
        message: `${field} uses ${parsed.protocol} — metadata URLs must use https, or anyone on the network can read and change the traffic.`,
        fix: 'Serve the provider over https (or run it on localhost while developing).',
        refs: ['rfc8414-2'],
      })
  }
  // One warning for a local provider, not one per endpoint: it is the normal case while developing.
  if (loopback.length > 0)
    findings.push({
      id: 'https',
      severity: 'warning',
      field: loopback[0]!,
      message: `${loopback.join(', ')} use${loopback.length === 1 ? 's' : ''} http: on a loopback host — normal for a provider on this machine, never acceptable in production.`,
      refs: ['rfc8414-2'],
    })
  return findings
}

function endpointFindings(input: LintInput, openid: boolean): LintFinding[] {
  const d = input.document
  const findings: LintFinding[] = []
  const required: [string, string][] = [
    ['authorization_endpoint', 'the browser cannot be sent to sign in'],
    ['token_endpoint', 'the code cannot be redeemed'],
  ]
  if (openid) required.push(['jwks_uri', 'ID token signatures cannot be verified'])
  for (const [field, consequence] of required)
    if (text(d[field]) === undefined)
      findings.push({
        id: 'missing-endpoint',
        severity: 'error',
        field,
        message: `No ${field}: ${consequence}.`,
        fix:
          input.source === 'manual'
            ? `Enter the ${field}.`
            : 'Check the issuer URL, or enter the endpoints by hand.',
        refs: ['rfc8414-2'],
      })
  if (text(d['userinfo_endpoint']) === undefined && !input.apiUrl)
    findings.push({
      id: 'no-api',
      severity: openid ? 'info' : 'warning',
      field: 'userinfo_endpoint',
      message: 'No userinfo_endpoint, and no API URL set: the run has nothing to call with the access token.',
      fix: 'Set the API URL in the client settings (any endpoint that accepts this access token).',
      refs: ['oidc-5.3'],
    })
  for (const field of ['revocation_endpoint', 'introspection_endpoint'] as const)
    if (text(d[field]) === undefined)
      findings.push({
        id: 'optional-endpoint',
        severity: 'info',
        field,
        message: `No ${field}: the run skips ${field === 'revocation_endpoint' ? 'revocation' : 'introspection'}.`,
        refs: [field === 'revocation_endpoint' ? 'rfc7009-2' : 'rfc7662-2'],
      })
  return findings
}

function supportFindings(input: LintInput): LintFinding[] {
  const d = input.document
  const findings: LintFinding[] = []
  const responseTypes = list(d['response_types_supported'])
  if (responseTypes !== undefined && !responseTypes.includes('code'))
    findings.push({
      id: 'response-type-code',
      severity: 'error',
      field: 'response_types_supported',
      message: `response_types_supported (${responseTypes.join(', ')}) has no "code": the authorization code grant is not offered.`,
      refs: ['rfc6749-3.1.1'],
    })
  const grants = list(d['grant_types_supported'])
  if (grants !== undefined && !grants.includes('authorization_code'))
    findings.push({
      id: 'grant-types',
      severity: 'error',
      field: 'grant_types_supported',
      message: 'grant_types_supported does not list authorization_code.',
      refs: ['rfc8414-2'],
    })
  const pkce = list(d['code_challenge_methods_supported'])
  if (pkce === undefined)
    findings.push({
      id: 'pkce-s256',
      severity: 'warning',
      field: 'code_challenge_methods_supported',
      message:
        'The provider does not say whether it supports PKCE (no code_challenge_methods_supported). Many do anyway, but a client cannot tell whether a code_challenge is checked or silently ignored.',
      fix: input.usePkce
        ? 'Keep PKCE on; if the token request fails, check the provider’s PKCE settings.'
        : 'Turn PKCE on.',
      refs: ['rfc7636-4.3', 'rfc9700-2.1.1'],
    })
  else if (!pkce.includes('S256'))
    findings.push({
      id: 'pkce-s256',
      severity: input.usePkce ? 'error' : 'warning',
      field: 'code_challenge_methods_supported',
      message: `code_challenge_methods_supported is ${JSON.stringify(pkce)}: no S256. plain gives no protection once the challenge leaks.`,
      fix: 'Enable S256 PKCE at the provider.',
      refs: ['rfc7636-4.3', 'rfc9700-2.1.1'],
    })
  else
    findings.push({
      id: 'pkce-s256',
      severity: 'ok',
      field: 'code_challenge_methods_supported',
      message: 'PKCE with S256 is supported.',
      refs: ['rfc7636-4.3'],
    })
  findings.push(
    d['authorization_response_iss_parameter_supported'] === true
      ? {
          id: 'iss-parameter',
          severity: 'ok',
          field: 'authorization_response_iss_parameter_supported',
          message: 'Authorization responses carry iss (RFC 9207): the client can detect mix-up attacks.',
          refs: ['rfc9207-3'],
        }
      : {
          id: 'iss-parameter',
          severity: 'warning',
          field: 'authorization_response_iss_parameter_supported',
          message:
            'The provider does not announce the iss response parameter (RFC 9207): a client talking to several providers cannot tell which one answered (mix-up attacks).',
          fix: 'Nothing to change in the client; newer provider versions support it.',
          refs: ['rfc9207-3', 'rfc9207-2.4'],
        },
  )
  return findings
}

function authMethodFinding(input: LintInput): LintFinding {
  const methods = list(input.document['token_endpoint_auth_methods_supported'])
  const offered = methods ?? ['client_secret_basic']
  const method = input.authMethod
  const kind = method === 'none' ? 'a public client (no secret)' : 'a confidential client'
  if (offered.includes(method))
    return {
      id: 'auth-method',
      severity: 'ok',
      field: 'token_endpoint_auth_methods_supported',
      message: `${method} is supported for ${kind}${methods === undefined ? ' (the default when the list is absent)' : ''}.`,
      refs: ['rfc6749-2.3.1'],
    }
  const usable = offered.filter((m) => (method === 'none' ? m === 'none' : m.startsWith('client_secret_')))
  return {
    id: 'auth-method',
    severity: method === 'none' && methods === undefined ? 'warning' : 'error',
    field: 'token_endpoint_auth_methods_supported',
    message: `The provider lists ${offered.join(', ')}${methods === undefined ? ' (absent: client_secret_basic only)' : ''}, not ${method}, so ${kind} will likely get invalid_client.`,
    fix:
      usable.length > 0
        ? `Choose ${usable.join(' or ')}.`
        : method === 'none'
          ? 'This provider may not accept public clients: use a client with a secret (through the relay).'
          : 'This provider offers no client-secret method Grantscope supports.',
    refs: ['rfc6749-2.3.1', 'rfc8414-2'],
  }
}

function scopeFindings(input: LintInput): LintFinding[] {
  const known = list(input.document['scopes_supported'])
  if (known === undefined) return []
  const unknown = input.scope.split(' ').filter((s) => s !== '' && !known.includes(s))
  if (unknown.length === 0) return []
  return [
    {
      id: 'scopes',
      severity: 'warning',
      field: 'scopes_supported',
      message: `scopes_supported does not list ${unknown.join(', ')}. Providers may accept unlisted scopes, but a refused one comes back as invalid_scope.`,
      refs: ['rfc6749-3.3', 'rfc8414-2'],
    },
  ]
}

function algorithmFinding(input: LintInput): LintFinding[] {
  const algs = list(input.document['id_token_signing_alg_values_supported'])
  if (algs === undefined || algs.includes('RS256')) return []
  return [
    {
      id: 'id-token-alg',
      severity: 'info',
      field: 'id_token_signing_alg_values_supported',
      message: `ID tokens are signed with ${algs.join(', ')}, not RS256: the client will expect ${idTokenAlgorithm(input.document)}.`,
      refs: ['oidc-3.1.3.7'],
    },
  ]
}

/** The algorithm the client accepts for ID tokens: RS256 when offered (OIDC's default), else the first listed. */
export function idTokenAlgorithm(document: Readonly<Record<string, unknown>>): string {
  const algs = list(document['id_token_signing_alg_values_supported'])?.filter((a) => a !== 'none')
  return algs === undefined || algs.length === 0 || algs.includes('RS256') ? 'RS256' : algs[0]!
}

/**
 * Checks the provider's metadata against what this client is about to send, before the first
 * request: each finding says what is wrong for this client and what to change.
 */
export function lintMetadata(input: LintInput): LintFinding[] {
  const openid = input.scope.split(' ').includes('openid')
  return [
    ...(input.source === 'manual' ? [] : [issuerMatch(input.issuer, text(input.document['issuer']))]),
    ...httpsFindings(input.document),
    ...endpointFindings(input, openid),
    ...supportFindings(input),
    authMethodFinding(input),
    ...scopeFindings(input),
    ...algorithmFinding(input),
  ]
}

const order: Record<LintSeverity, number> = { error: 0, warning: 1, info: 2, ok: 3 }

/** Findings worst first, so errors are read before notes. */
export const bySeverity = (findings: readonly LintFinding[]) =>
  [...findings].sort((a, b) => order[a.severity] - order[b.severity])
