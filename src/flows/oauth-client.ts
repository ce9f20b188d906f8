/**
 * The client's protocol operations, one per request, on top of oauth4webapi (a strict, certified
 * client). Each operation sends through the injected Transport, records the exchange verbatim before
 * oauth4webapi validates the response, and returns the client's own checks for the UI.
 */
import type { JSONWebKeySet } from 'jose'
import * as oauth from 'oauth4webapi'
import { decodeJwt, verifyJwtSignature } from '@/protocol/jwt.ts'
import {
  exchange,
  header,
  type HeaderList,
  type HttpExchange,
  type Transport,
} from '@/protocol/http-exchange.ts'
import { computeS256Challenge, generateCodeVerifier } from '@/protocol/pkce.ts'
import { randomToken } from '@/protocol/base64url.ts'
import type { SpecRefId } from '@/protocol/spec-refs.ts'
import { traceEntry, type TraceEntry } from '@/protocol/trace.ts'
import type { ClientConfig } from './client-config.ts'
import type { FlowFailure } from './step.ts'

/** Thrown by an operation that failed; carries what the UI needs to explain it. */
export class FlowError extends Error {
  constructor(
    readonly failure: FlowFailure,
    readonly exchange?: HttpExchange,
    readonly checks: readonly TraceEntry[] = [],
  ) {
    super(failure.message)
    this.name = 'FlowError'
  }
}

const pass = (check: string, summary: string, refs: readonly SpecRefId[]) =>
  traceEntry('pass', check, summary, refs)
const fail = (check: string, summary: string, refs: readonly SpecRefId[]) =>
  traceEntry('fail', check, summary, refs)

/** Records every request oauth4webapi makes through `transport`; the last one is kept for the step. */
class Recorder {
  last: HttpExchange | undefined
  constructor(private readonly transport: Transport) {}

  readonly options = {
    [oauth.allowInsecureRequests]: true,
    [oauth.customFetch]: async (
      url: string,
      init: oauth.CustomFetchOptions<string, unknown>,
    ): Promise<Response> => {
      const request = new Request(url, {
        method: init.method,
        headers: init.headers,
        body: (init.body ?? null) as BodyInit | null,
        redirect: 'manual',
      })
      const result = await exchange(this.transport, request)
      this.last = result.exchange
      return result.response
    },
  }
}

function clientOf(config: ClientConfig): oauth.Client {
  return { client_id: config.clientId }
}

function clientAuth(config: ClientConfig): oauth.ClientAuth {
  return config.clientSecret === undefined ? oauth.None() : oauth.ClientSecretBasic(config.clientSecret)
}

/** Explains a network failure the way a developer needs it (CORS, wrong URL, server down). */
function networkFailure(what: string, error: unknown): FlowFailure {
  return {
    title: `${what} could not be reached`,
    message: error instanceof Error ? error.message : String(error),
    hint: 'Check the issuer URL. Against a real provider, a "Failed to fetch" without a status is usually CORS: allow this origin in the provider’s console.',
    refs: ['rfc8414-3'],
  }
}

function errorFailure(error: unknown, fallbackTitle: string, refs: readonly SpecRefId[]): FlowFailure {
  if (error instanceof oauth.ResponseBodyError || error instanceof oauth.AuthorizationResponseError) {
    return {
      title: `The server answered ${error.error}`,
      message: error.error_description ?? error.message,
      refs,
    }
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    const challenge = error.cause[0]
    const code = challenge?.parameters.error
    return {
      title:
        code === undefined
          ? `The server refused the request (${error.status})`
          : `The server answered ${code}`,
      message: challenge?.parameters.error_description ?? error.message,
      refs,
    }
  }
  return { title: fallbackTitle, message: error instanceof Error ? error.message : String(error), refs }
}

export interface Discovered {
  readonly as: oauth.AuthorizationServer
  readonly exchange: HttpExchange
  readonly checks: readonly TraceEntry[]
}

/**
 * Fetches the OpenID provider configuration and checks its `issuer`.
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig
 */
export async function discover(transport: Transport, config: ClientConfig): Promise<Discovered> {
  let issuer: URL
  try {
    issuer = new URL(config.issuer)
  } catch {
    throw new FlowError({
      title: 'The issuer is not a URL',
      message: `"${config.issuer}" is not an absolute URL.`,
      hint: 'Use the issuer exactly as the provider documents it, e.g. https://id.example.com/realms/demo.',
      refs: ['oidc-discovery-4'],
    })
  }
  const rec = new Recorder(transport)
  let response: Response
  try {
    response = await oauth.discoveryRequest(issuer, { ...rec.options, algorithm: 'oidc' })
  } catch (e) {
    throw new FlowError(networkFailure('The discovery document', e), rec.last)
  }
  try {
    const as = await oauth.processDiscoveryResponse(issuer, response)
    const missing = (['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const).filter((k) => !as[k])
    if (missing.length > 0)
      throw new FlowError(
        {
          title: 'The discovery document lacks required endpoints',
          message: `It has no ${missing.join(', ')}.`,
          hint: 'This flow needs an authorization endpoint, a token endpoint and a JWKS; check that the issuer supports the authorization code grant.',
          refs: ['oidc-discovery-3', 'rfc8414-2'],
        },
        rec.last,
      )
    const checks = [
      pass('issuer-matches', `"issuer" in the document is exactly ${as.issuer}, the issuer we asked`, [
        'oidc-discovery-4',
      ]),
      pass(
        'has-endpoints',
        `Endpoints named: authorize ${as.authorization_endpoint}, token ${as.token_endpoint}, JWKS ${as.jwks_uri}`,
        ['oidc-discovery-3'],
      ),
    ]
    return { as, exchange: rec.last!, checks }
  } catch (e) {
    throw new FlowError(
      {
        ...errorFailure(e, 'The discovery document was refused', ['oidc-discovery-4']),
        hint: 'The issuer in the document must equal the issuer URL byte for byte (watch trailing slashes).',
      },
      rec.last,
    )
  }
}

export interface AuthorizationRequest {
  readonly url: string
  readonly state: string
  readonly nonce?: string
  readonly codeVerifier?: string
  readonly codeChallenge?: string
}

/**
 * Builds the authorization request: fresh `state`, `nonce` (OpenID) and PKCE values.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
 */
export async function buildAuthorizationRequest(
  as: oauth.AuthorizationServer,
  config: ClientConfig,
): Promise<AuthorizationRequest> {
  const url = new URL(as.authorization_endpoint!)
  const state = randomToken(16)
  const openid = config.scope.split(' ').includes('openid')
  const nonce = openid ? randomToken(16) : undefined
  url.searchParams.set('response_type', 'code')
  url.searchParams.set('client_id', config.clientId)
  url.searchParams.set('redirect_uri', config.redirectUri)
  url.searchParams.set('scope', config.scope)
  url.searchParams.set('state', state)
  if (nonce !== undefined) url.searchParams.set('nonce', nonce)
  if (!config.usePkce) return { url: url.href, state, ...(nonce === undefined ? {} : { nonce }) }
  const codeVerifier = generateCodeVerifier()
  const codeChallenge = await computeS256Challenge(codeVerifier)
  url.searchParams.set('code_challenge', codeChallenge)
  url.searchParams.set('code_challenge_method', 'S256')
  return { url: url.href, state, codeVerifier, codeChallenge, ...(nonce === undefined ? {} : { nonce }) }
}

export interface CallbackResult {
  readonly params: URLSearchParams
  readonly checks: readonly TraceEntry[]
}

/**
 * Checks the authorization response the browser delivered: `state`, then `iss` (RFC 9207), then the
 * code or the error. oauth4webapi's validateAuthResponse has the final word.
 * @see https://www.rfc-editor.org/rfc/rfc9207#section-2.4
 */
export function checkCallback(
  as: oauth.AuthorizationServer,
  config: ClientConfig,
  callbackUrl: string,
  expectedState: string,
): CallbackResult {
  const params = new URL(callbackUrl).searchParams
  const checks: TraceEntry[] = []
  const state = params.get('state')
  checks.push(
    state === expectedState
      ? pass(
          'state-matches',
          'state matches the value this client sent — the response belongs to this login',
          ['rfc6749-10.12'],
        )
      : fail(
          'state-matches',
          `state is ${state === null ? 'missing' : `"${state}"`}, but this client sent "${expectedState}"`,
          ['rfc6749-10.12'],
        ),
  )
  checks.push(issCheck(as, params.get('iss')))
  try {
    // oauth4webapi only redeems parameters that went through its own validation.
    const validated = oauth.validateAuthResponse(as, clientOf(config), params, expectedState)
    checks.push(pass('code-present', 'The response carries an authorization code', ['rfc6749-4.1.2']))
    return { params: validated, checks }
  } catch (e) {
    // oauth4webapi checks state and iss before it looks at `error`, so an AuthorizationResponseError
    // means the error response itself is authentic: it belongs to this request, from this server.
    if (e instanceof oauth.AuthorizationResponseError) {
      checks.push(fail('no-error', `The server returned error=${e.error}`, ['rfc6749-4.1.2.1']))
      throw new FlowError(authorizationErrorFailure(e), undefined, checks)
    }
    throw new FlowError(
      errorFailure(e, 'The authorization response was refused', ['rfc6749-4.1.2.1']),
      undefined,
      checks,
    )
  }
}

/**
 * RFC 9207 §2.4: when the server advertises `authorization_response_iss_parameter_supported`, a
 * missing or different `iss` must be rejected; otherwise a missing `iss` is merely not protected.
 */
function issCheck(as: oauth.AuthorizationServer, iss: string | null): TraceEntry {
  if (iss === as.issuer)
    return pass('iss-matches', `iss is ${iss}, the server this client sent the user to`, ['rfc9207-2.4'])
  if (iss === null && as.authorization_response_iss_parameter_supported !== true)
    return traceEntry(
      'info',
      'iss-matches',
      'No iss: this server does not advertise RFC 9207, so the client cannot detect a mix-up attack here',
      ['rfc9207-2.4'],
    )
  return fail(
    'iss-matches',
    `iss is ${iss === null ? 'missing' : `"${iss}"`}, expected ${as.issuer} (mix-up attack?)`,
    ['rfc9207-2.4'],
  )
}

/** Sentence-ends a provider's text, so the explanation after it reads as a new sentence. */
const sentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`)

/** Explains an authentic error response from the authorization endpoint (e.g. the user pressed Deny). */
function authorizationErrorFailure(e: oauth.AuthorizationResponseError): FlowFailure {
  const description = e.error_description ?? ''
  if (e.error === 'access_denied')
    return {
      title: 'The user denied access (access_denied)',
      message: `${sentence(description || 'The resource owner denied the request')} No code was issued, so the client gets no tokens. state and iss still came back, so the client knows this answer is for its own request, from the right server.`,
      hint: 'Press Restart and choose Allow on the consent page to see the rest of the flow.',
      refs: ['rfc6749-4.1.2.1', 'rfc9207-2'],
    }
  return {
    title: `The authorization server answered ${e.error}`,
    message: description || 'The authorization request was refused.',
    hint: 'The error code says which part of the request to fix; RFC 6749 §4.1.2.1 lists them.',
    refs: ['rfc6749-4.1.2.1'],
  }
}

export interface TokenResult {
  readonly tokens: oauth.TokenEndpointResponse
  readonly exchange: HttpExchange
  readonly checks: readonly TraceEntry[]
}

/**
 * Exchanges the code at the token endpoint: client_secret_basic for a confidential client,
 * `code_verifier` for PKCE.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3
 */
export async function exchangeCode(
  transport: Transport,
  as: oauth.AuthorizationServer,
  config: ClientConfig,
  callbackParams: URLSearchParams,
  request: AuthorizationRequest,
): Promise<TokenResult> {
  const rec = new Recorder(transport)
  let response: Response
  try {
    response = await oauth.authorizationCodeGrantRequest(
      as,
      clientOf(config),
      clientAuth(config),
      callbackParams,
      config.redirectUri,
      request.codeVerifier ?? oauth.nopkce,
      rec.options,
    )
  } catch (e) {
    throw new FlowError(networkFailure('The token endpoint', e), rec.last)
  }
  try {
    const tokens = await oauth.processAuthorizationCodeResponse(as, clientOf(config), response, {
      expectedNonce: request.nonce ?? oauth.expectNoNonce,
      requireIdToken: request.nonce !== undefined,
    })
    const checks = [
      pass(
        'token-response',
        `200 with token_type ${tokens.token_type}, an access token${tokens.refresh_token ? ', a refresh token' : ''}${tokens.id_token ? ' and an ID token' : ''}`,
        ['rfc6749-5.1'],
      ),
      noStoreCheck(rec.last?.response?.headers ?? []),
    ]
    return { tokens, exchange: rec.last!, checks }
  } catch (e) {
    throw new FlowError(errorFailure(e, 'The token response was refused', ['rfc6749-5.2']), rec.last)
  }
}

/** RFC 6749 §5.1: a response with tokens "MUST include the HTTP Cache-Control response header field with a value of no-store". */
function noStoreCheck(headers: HeaderList): TraceEntry {
  const value = header(headers, 'cache-control') ?? ''
  return /(^|,)\s*no-store\s*(,|$)/i.test(value)
    ? pass('no-store', 'The response may not be cached (Cache-Control: no-store)', ['rfc6749-5.1'])
    : fail(
        'no-store',
        `Cache-Control is "${value || 'missing'}", not no-store: a cache could keep these tokens`,
        ['rfc6749-5.1'],
      )
}

async function readJwks(response: Response): Promise<JSONWebKeySet | undefined> {
  try {
    const body: unknown = await response.json()
    const keys = (body as { keys?: unknown } | null)?.keys
    return Array.isArray(keys) ? (body as JSONWebKeySet) : undefined
  } catch {
    return undefined
  }
}

export interface IdTokenResult {
  readonly exchange: HttpExchange
  readonly checks: readonly TraceEntry[]
  readonly claims: Readonly<Record<string, unknown>>
}

/**
 * Verifies the ID token: signature against the JWKS, then iss, aud, azp, exp, iat and nonce.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation
 */
export async function verifyIdToken(
  transport: Transport,
  as: oauth.AuthorizationServer,
  config: ClientConfig,
  idToken: string,
  expectedNonce: string | undefined,
  nowSeconds: number,
): Promise<IdTokenResult> {
  let fetched: Awaited<ReturnType<typeof exchange>>
  try {
    fetched = await exchange(
      transport,
      new Request(as.jwks_uri!, { headers: { accept: 'application/json' } }),
    )
  } catch (e) {
    throw new FlowError(networkFailure('The JWKS', e))
  }
  const { response, exchange: jwksExchange } = fetched
  const jwks = response.ok ? await readJwks(response) : undefined
  if (!jwks)
    throw new FlowError(
      {
        title: 'The server’s keys (JWKS) could not be read',
        message: `${as.jwks_uri} answered ${response.status} without a JSON object holding a "keys" array.`,
        hint: 'Without the keys the ID token’s signature cannot be checked, so the token must not be trusted.',
        refs: ['rfc7517-5', 'oidc-3.1.3.7'],
      },
      jwksExchange,
    )
  const checks: TraceEntry[] = []
  // OIDC Core §3.1.3.7: the alg must be the one the client registered (RS256 unless it chose
  // another) — not whatever the token or the server says.
  const signature = await verifyJwtSignature(idToken, jwks, [config.idTokenSigningAlg ?? 'RS256'])
  checks.push(
    signature.ok
      ? pass(
          'signature',
          `Signature valid: ${signature.value.alg} with key "${signature.value.kid ?? '(no kid)'}" from the JWKS`,
          ['oidc-3.1.3.7'],
        )
      : fail('signature', `Signature invalid: ${signature.error}`, ['oidc-3.1.3.7']),
  )
  const decoded = decodeJwt(idToken)
  if (!decoded.ok)
    throw new FlowError(
      { title: 'The ID token is malformed', message: decoded.error, refs: ['oidc-2'] },
      jwksExchange,
      checks,
    )
  const c = decoded.value.payload
  const check = (name: string, ok: boolean, good: string, bad: string) =>
    checks.push(ok ? pass(name, good, ['oidc-3.1.3.7']) : fail(name, bad, ['oidc-3.1.3.7']))
  check(
    'iss',
    c.iss === as.issuer,
    `iss is ${as.issuer}, the issuer we discovered`,
    `iss is ${String(c.iss)}, expected ${as.issuer}`,
  )
  const aud = Array.isArray(c.aud) ? c.aud : [c.aud]
  check(
    'aud',
    aud.includes(config.clientId),
    `aud contains this client (${config.clientId})`,
    `aud ${JSON.stringify(c.aud)} does not contain ${config.clientId}`,
  )
  if (aud.length > 1 || c.azp !== undefined)
    check(
      'azp',
      c.azp === config.clientId,
      `azp is this client (${config.clientId})`,
      `azp ${String(c.azp)} is not ${config.clientId}`,
    )
  const exp = typeof c.exp === 'number' ? c.exp : NaN
  check(
    'exp',
    exp > nowSeconds,
    `Not expired: exp is ${exp - nowSeconds} s from now`,
    `Expired ${nowSeconds - exp} s ago (or exp missing)`,
  )
  const iat = typeof c.iat === 'number' ? c.iat : NaN
  check(
    'iat',
    iat <= nowSeconds + 30,
    `Issued ${Math.max(0, nowSeconds - iat)} s ago`,
    `iat ${String(c.iat)} is in the future or missing`,
  )
  if (expectedNonce !== undefined)
    check(
      'nonce',
      c.nonce === expectedNonce,
      'nonce equals the value this client sent — no replayed ID token',
      `nonce ${String(c.nonce)} is not the one sent`,
    )
  const failed = checks.filter((x) => x.outcome === 'fail')
  if (failed.length > 0)
    throw new FlowError(
      {
        title: 'The ID token failed verification',
        message: failed.map((f) => f.summary).join('; '),
        refs: ['oidc-3.1.3.7'],
      },
      jwksExchange,
      checks,
    )
  return { exchange: jwksExchange, checks, claims: c }
}

export interface ApiResult {
  readonly body: unknown
  readonly exchange: HttpExchange
  readonly checks: readonly TraceEntry[]
}

/**
 * Calls the UserInfo endpoint with the access token and checks `sub` against the ID token.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#UserInfo
 */
export async function fetchUserInfo(
  transport: Transport,
  as: oauth.AuthorizationServer,
  config: ClientConfig,
  accessToken: string,
  expectedSubject: string,
): Promise<ApiResult> {
  const rec = new Recorder(transport)
  try {
    const response = await oauth.userInfoRequest(as, clientOf(config), accessToken, rec.options)
    const body = await oauth.processUserInfoResponse(as, clientOf(config), expectedSubject, response)
    return {
      body,
      exchange: rec.last!,
      checks: [pass('sub-matches', `sub "${body.sub}" is the same user as in the ID token`, ['oidc-5.3'])],
    }
  } catch (e) {
    throw new FlowError(errorFailure(e, 'UserInfo was refused', ['oidc-5.3', 'rfc6750-3.1']), rec.last)
  }
}

/**
 * Calls the resource server with the access token in the Authorization header.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 */
export async function callResource(
  transport: Transport,
  config: ClientConfig,
  accessToken: string,
): Promise<ApiResult> {
  const rec = new Recorder(transport)
  let response: Response
  try {
    response = await oauth.protectedResourceRequest(
      accessToken,
      'GET',
      new URL(config.resourceUrl),
      new Headers({ accept: 'application/json' }),
      null,
      rec.options,
    )
  } catch (e) {
    throw new FlowError(errorFailure(e, 'The resource server refused the request', ['rfc6750-3.1']), rec.last)
  }
  if (!response.ok)
    throw new FlowError(
      {
        title: `The resource server answered ${response.status}`,
        message: await response.text(),
        refs: ['rfc6750-3.1'],
      },
      rec.last,
    )
  const body: unknown = await response.json()
  return {
    body,
    exchange: rec.last!,
    checks: [
      pass('api-ok', `200 from ${new URL(config.resourceUrl).pathname}: the access token was accepted`, [
        'rfc6750-2.1',
      ]),
    ],
  }
}
