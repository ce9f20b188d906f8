import * as oauth from 'oauth4webapi'
import { randomToken } from '@/protocol/base64url.ts'
import { computeS256Challenge, generateCodeVerifier } from '@/protocol/pkce.ts'
import type { SpecRefId } from '@/protocol/spec-refs.ts'
import type { TraceEntry } from '@/protocol/trace.ts'
import { misbehaves, type ClientConfig } from '../client-config.ts'
import { ClientChecks, FlowError } from '../flow-error.ts'
import type { FlowFailure } from '../step.ts'
import { clientOf, requireValue, sentence } from './recorder.ts'

/** The response types this client knows (RFC 6749 §3.1.1, OIDC Core §3.2.2.1). */
export type ResponseType = 'code' | 'token' | 'id_token token'

/** An authorization request as the client built it: plain data, kept in the machine's context. */
export interface AuthorizationRequest {
  readonly url: string
  readonly responseType: ResponseType
  readonly state: string
  readonly nonce?: string
  readonly codeVerifier?: string
  readonly codeChallenge?: string
}

/**
 * Builds the authorization request: fresh `state`, a `nonce` when OpenID Connect is asked for (or
 * the response type returns an ID token), and PKCE values when the client uses PKCE.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.3
 */
export async function buildAuthorizationRequest(
  as: oauth.AuthorizationServer,
  config: ClientConfig,
  responseType: ResponseType = 'code',
  random?: (length: number) => Uint8Array,
): Promise<AuthorizationRequest> {
  const url = new URL(requireValue(as.authorization_endpoint, 'The authorization endpoint'))
  const state = randomToken(16, random)
  const openid = config.scope.split(' ').includes('openid') || responseType === 'id_token token'
  const nonce = openid ? randomToken(16, random) : undefined
  url.searchParams.set('response_type', responseType)
  url.searchParams.set('client_id', config.clientId)
  url.searchParams.set('redirect_uri', requireValue(config.redirectUri, 'The redirect URI'))
  url.searchParams.set('scope', config.scope)
  url.searchParams.set('state', state)
  if (nonce !== undefined) url.searchParams.set('nonce', nonce)
  for (const [name, value] of Object.entries(config.extraParams ?? {})) url.searchParams.set(name, value)
  const base = { responseType, state, ...(nonce === undefined ? {} : { nonce }) }
  if (responseType !== 'code' || config.usePkce !== true) return { url: url.href, ...base }
  const codeVerifier = generateCodeVerifier(random)
  const codeChallenge = await computeS256Challenge(codeVerifier)
  url.searchParams.set('code_challenge', codeChallenge)
  url.searchParams.set('code_challenge_method', 'S256')
  return { url: url.href, ...base, codeVerifier, codeChallenge }
}

export interface AuthorizationResponse {
  /** The response parameters (query for `code`, fragment for the implicit grant). */
  readonly params: Readonly<Record<string, string>>
  readonly checks: readonly TraceEntry[]
}

/**
 * Checks the authorization response the browser delivered, before using anything in it: `state`
 * (CSRF, RFC 6749 §10.12), then `iss` (mix-up, RFC 9207 §2.4), then the code, the tokens or the
 * error. A failed check stops here; oauth4webapi cross-checks code responses afterwards.
 * @see https://www.rfc-editor.org/rfc/rfc9207#section-2.4
 */
export function checkAuthorizationResponse(
  as: oauth.AuthorizationServer,
  config: ClientConfig,
  callbackUrl: string,
  request: AuthorizationRequest,
): AuthorizationResponse {
  const url = new URL(callbackUrl)
  const fragment = request.responseType !== 'code'
  const search = fragment ? new URLSearchParams(url.hash.slice(1)) : url.searchParams
  const params = Object.fromEntries(search)
  const checks = new ClientChecks()
  const state = search.get('state')
  const ignoreState = misbehaves(config, 'ignore-state')
  if (ignoreState)
    checks.skipped(
      'state-matches',
      `state is ${state === null ? 'missing' : `"${state}"`}; this client sent "${request.state}"`,
      ['rfc6749-10.12'],
    )
  else
    checks.expect(
      state === request.state,
      'state-matches',
      'state matches the value this client sent — the response belongs to this login',
      `state is ${state === null ? 'missing' : `"${state}"`}, but this client sent "${request.state}": the response may be an attacker’s (CSRF)`,
      ['rfc6749-10.12'],
    )
  const iss = search.get('iss')
  const ignoreIss = misbehaves(config, 'ignore-iss')
  if (ignoreIss)
    checks.skipped('iss-matches', `iss is ${iss ?? 'missing'}; this client expects ${as.issuer}`, [
      'rfc9207-2.4',
    ])
  else checks.entries.push(issCheck(as, iss))
  checks.stopIfFailed(
    'The client refused the authorization response',
    ['rfc6749-10.12', 'rfc9207-2.4'],
    undefined,
    'The client must not use a response it cannot tie to its own request and to the server it chose. Press Restart to begin a new login.',
  )
  const error = search.get('error')
  if (error !== null) {
    checks.fail('no-error', `The server returned error=${error}`, ['rfc6749-4.1.2.1'])
    throw new FlowError(
      authorizationErrorFailure(error, search.get('error_description') ?? ''),
      undefined,
      checks.entries,
    )
  }
  if (!fragment) {
    checks.expect(
      search.has('code'),
      'code-present',
      'The response carries an authorization code',
      'The response has neither code nor error',
      ['rfc6749-4.1.2'],
    )
    checks.stopIfFailed('The authorization response has no code', ['rfc6749-4.1.2'])
    // A client set to skip a check gives its cross-check the same blind spot.
    crossCheck(checks, () =>
      oauth.validateAuthResponse(
        ignoreIss ? { ...as, issuer: iss ?? as.issuer } : as,
        clientOf(config),
        url.searchParams,
        ignoreState ? oauth.skipStateCheck : request.state,
      ),
    )
  } else {
    checks.expect(
      typeof params['access_token'] === 'string' && params['access_token'] !== '',
      'token-present',
      'The fragment carries an access token',
      'The fragment has no access_token',
      ['rfc6749-4.2.2'],
    )
    checks.expect(
      params['token_type']?.toLowerCase() === 'bearer',
      'token-type',
      `token_type is ${params['token_type']}`,
      `token_type is ${params['token_type'] ?? 'missing'}, not Bearer`,
      ['rfc6749-4.2.2', 'rfc6750-2.1'],
    )
    checks.expect(
      params['refresh_token'] === undefined,
      'no-refresh-token',
      'No refresh token in the fragment, as RFC 6749 §4.2.2 requires',
      'A refresh token arrived in the URL fragment: the server must never send one here',
      ['rfc6749-4.2.2'],
    )
    if (request.responseType === 'id_token token')
      checks.expect(
        typeof params['id_token'] === 'string',
        'id-token-present',
        'The fragment carries an ID token, to be verified next',
        'The fragment has no id_token',
        ['oidc-3.2.2.5'],
      )
    checks.stopIfFailed('The implicit response is incomplete', ['rfc6749-4.2.2'])
  }
  return { params, checks: checks.entries }
}

/** Runs oauth4webapi's own validation after ours passed; a disagreement is shown, never hidden. */
function crossCheck(checks: ClientChecks, validate: () => unknown): void {
  try {
    validate()
    checks.pass('oauth4webapi', 'oauth4webapi, a certified client library, accepts the response too', [
      'rfc9207-2.4',
    ])
  } catch (e) {
    checks.fail(
      'oauth4webapi',
      `oauth4webapi refuses the response: ${e instanceof Error ? e.message : String(e)}`,
      ['rfc9207-2.4'],
    )
    checks.stopIfFailed('The client refused the authorization response', ['rfc6749-4.1.2'])
  }
}

/**
 * RFC 9207 §2.4: when the server advertises `authorization_response_iss_parameter_supported`, a
 * missing or different `iss` must be rejected; otherwise a missing `iss` is merely not protected.
 */
function issCheck(as: oauth.AuthorizationServer, iss: string | null): TraceEntry {
  const refs: SpecRefId[] = ['rfc9207-2.4']
  if (iss === as.issuer)
    return {
      check: 'iss-matches',
      outcome: 'pass',
      summary: `iss is ${iss}, the server this client sent the user to`,
      refs,
    }
  if (iss === null && as.authorization_response_iss_parameter_supported !== true)
    return {
      check: 'iss-matches',
      outcome: 'info',
      summary:
        'No iss: this server does not advertise RFC 9207, so the client cannot detect a mix-up attack here',
      refs,
    }
  return {
    check: 'iss-matches',
    outcome: 'fail',
    summary: `iss is ${iss === null ? 'missing' : `"${iss}"`}, expected ${as.issuer} (a mix-up attack?)`,
    refs,
  }
}

/** Explains an authentic error response from the authorization endpoint (e.g. the user pressed Deny). */
function authorizationErrorFailure(error: string, description: string): FlowFailure {
  if (error === 'access_denied')
    return {
      title: 'The user denied access (access_denied)',
      message: `${sentence(description || 'The resource owner denied the request')} No code or token was issued, so the client gets nothing. state and iss still came back, so the client knows this answer is for its own request, from the right server.`,
      hint: 'Press Restart and choose Allow on the consent page to see the rest of the flow.',
      refs: ['rfc6749-4.1.2.1', 'rfc9207-2'],
    }
  return {
    title: `The authorization server answered ${error}`,
    message: description || 'The authorization request was refused.',
    hint: 'The error code says which part of the request to fix; RFC 6749 §4.1.2.1 lists them.',
    refs: ['rfc6749-4.1.2.1'],
  }
}
