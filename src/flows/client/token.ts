import * as oauth from 'oauth4webapi'
import { header, type HttpExchange, type Transport } from '@/protocol/http-exchange.ts'
import type { TraceEntry } from '@/protocol/trace.ts'
import type { ClientConfig } from '../client-config.ts'
import { ClientChecks, FlowError } from '../flow-error.ts'
import type { HeldToken } from '../step.ts'
import type { AuthorizationRequest } from './authorization.ts'
import { clientAuth, clientOf, jsonObject, oauthErrorFailure, Recorder, requireValue } from './recorder.ts'

/** A successful token response, as plain data (RFC 6749 §5.1). */
export interface TokenSet {
  readonly access_token: string
  readonly token_type: string
  readonly expires_in?: number
  readonly refresh_token?: string
  readonly id_token?: string
  readonly scope?: string
}

export interface TokenResult {
  readonly tokens: TokenSet
  readonly exchange: HttpExchange
  readonly checks: readonly TraceEntry[]
}

/** What the client expects of a token response. */
export interface TokenExpectations {
  /** An ID token must come back (OpenID Connect with `openid`). */
  readonly idToken: boolean
  /** Run oauth4webapi's own processing after ours; skipped when the ID token is verified in a later step. */
  readonly crossCheck?: (
    as: oauth.AuthorizationServer,
    client: oauth.Client,
    response: Response,
  ) => Promise<unknown>
}

/**
 * Checks a token endpoint response as it arrived, before using it: a 200 with a JSON object, an
 * access token, `token_type` Bearer, a numeric `expires_in`, `Cache-Control: no-store` — or an
 * OAuth error, explained. Each check is shown; a failed one stops the step.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
export async function readTokenResponse(
  as: oauth.AuthorizationServer,
  config: ClientConfig,
  response: Response,
  exchange: HttpExchange,
  expect: TokenExpectations,
  nowMs: number,
): Promise<TokenResult> {
  const body = jsonObject(exchange.response?.body)
  if (response.status !== 200)
    throw new FlowError(
      oauthErrorFailure(response.status, body, ['rfc6749-5.2'], tokenErrorHint(body)),
      exchange,
    )
  const checks = new ClientChecks()
  if (
    !checks.expect(body !== undefined, 'json', 'The body is a JSON object', 'The body is not a JSON object', [
      'rfc6749-5.1',
    ])
  )
    checks.stopIfFailed('The token response was refused', ['rfc6749-5.1'], exchange)
  const b = body!
  checks.expect(
    typeof b['access_token'] === 'string' && b['access_token'] !== '',
    'access-token',
    'An access token arrived',
    'There is no access_token',
    ['rfc6749-5.1'],
  )
  checks.expect(
    typeof b['token_type'] === 'string' && b['token_type'].toLowerCase() === 'bearer',
    'token-type',
    `token_type is ${String(b['token_type'])}: send it as "Authorization: Bearer …"`,
    `token_type is ${JSON.stringify(b['token_type'])}, not Bearer: this client cannot use it`,
    ['rfc6749-5.1', 'rfc6750-2.1'],
  )
  if (b['expires_in'] !== undefined)
    checks.expect(
      typeof b['expires_in'] === 'number' && b['expires_in'] > 0,
      'expires-in',
      `The access token lives ${JSON.stringify(b['expires_in'])} s`,
      `expires_in is ${JSON.stringify(b['expires_in'])}, not a positive number of seconds`,
      ['rfc6749-5.1'],
    )
  if (b['refresh_token'] !== undefined)
    checks.expect(
      typeof b['refresh_token'] === 'string',
      'refresh-token',
      'A refresh token arrived',
      'refresh_token is not a string',
      ['rfc6749-5.1'],
    )
  if (expect.idToken)
    checks.expect(
      typeof b['id_token'] === 'string',
      'id-token-present',
      'An ID token arrived (verified in the next step)',
      'No id_token, although the client asked for openid',
      ['oidc-3.1.3.3'],
    )
  const cacheControl = header(exchange.response?.headers ?? [], 'cache-control') ?? ''
  checks.expect(
    /(^|,)\s*no-store\s*(,|$)/i.test(cacheControl),
    'no-store',
    'The response may not be cached (Cache-Control: no-store)',
    `Cache-Control is "${cacheControl || 'missing'}", not no-store: a cache could keep these tokens`,
    ['rfc6749-5.1'],
  )
  if (typeof b['scope'] === 'string' && b['scope'] !== config.scope)
    checks.info('scope', `The server granted "${b['scope']}" (asked: "${config.scope}")`, ['rfc6749-3.3'])
  checks.stopIfFailed('The token response was refused', ['rfc6749-5.1'], exchange)
  if (expect.crossCheck !== undefined) {
    try {
      await expect.crossCheck(as, clientOf(config, nowMs), response)
      checks.pass('oauth4webapi', 'oauth4webapi, a certified client library, accepts the response too', [
        'rfc6749-5.1',
      ])
    } catch (e) {
      checks.fail(
        'oauth4webapi',
        `oauth4webapi refuses the response: ${e instanceof Error ? e.message : String(e)}`,
        ['rfc6749-5.1'],
      )
      checks.stopIfFailed('The token response was refused', ['rfc6749-5.1'], exchange)
    }
  }
  return { tokens: b as unknown as TokenSet, exchange, checks: checks.entries }
}

/** What to do about the token errors people meet most. */
function tokenErrorHint(body: Record<string, unknown> | undefined): string | undefined {
  switch (body?.['error']) {
    case 'invalid_client':
      return 'The client authentication failed: check the client_id, the secret, and the authentication method the client is registered with.'
    case 'invalid_grant':
      return 'The code, refresh token, password or device code was refused: it may be expired, used already, revoked, or issued to another client.'
    case 'unauthorized_client':
      return 'This client is not registered for this grant type.'
    case 'invalid_scope':
      return 'Ask only for scopes the client is registered for.'
    case 'access_denied':
      return 'The user refused on their other device: the device must stop polling and say that access was denied (RFC 8628 §3.5).'
    case 'expired_token':
      return 'Nobody entered the code before it expired: the device must stop polling and start again with a new code (RFC 8628 §3.5).'
    default:
      return undefined
  }
}

/** Sends a token request and checks the answer. */
async function tokenRequest(
  transport: Transport,
  as: oauth.AuthorizationServer,
  config: ClientConfig,
  send: (rec: Recorder) => Promise<Response>,
  expect: TokenExpectations,
  nowMs: number,
): Promise<TokenResult> {
  const rec = new Recorder(transport)
  const response = await rec.send('The token endpoint', () => send(rec))
  return readTokenResponse(as, config, response, rec.last!, expect, nowMs)
}

/**
 * Redeems the authorization code: the same `redirect_uri`, `code_verifier` with PKCE, the client's
 * authentication when it is confidential. The ID token is verified in the next step.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3
 */
export function exchangeCode(
  transport: Transport,
  as: oauth.AuthorizationServer,
  config: ClientConfig,
  code: string,
  request: AuthorizationRequest,
  nowMs: number,
): Promise<TokenResult> {
  return tokenRequest(
    transport,
    as,
    config,
    // The generic request puts the same parameters on the wire as authorizationCodeGrantRequest,
    // without requiring oauth4webapi's own validation of the callback: the client's checks did that.
    (rec) =>
      oauth.genericTokenEndpointRequest(
        as,
        clientOf(config),
        clientAuth(config),
        'authorization_code',
        {
          code,
          redirect_uri: requireValue(config.redirectUri, 'The redirect URI'),
          ...(request.codeVerifier === undefined ? {} : { code_verifier: request.codeVerifier }),
        },
        rec.options,
      ),
    { idToken: request.nonce !== undefined },
    nowMs,
  )
}

/**
 * The client credentials grant: the client asks for a token for itself.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4.2
 */
export function clientCredentials(
  transport: Transport,
  as: oauth.AuthorizationServer,
  config: ClientConfig,
  nowMs: number,
): Promise<TokenResult> {
  return tokenRequest(
    transport,
    as,
    config,
    (rec) =>
      oauth.clientCredentialsGrantRequest(
        as,
        clientOf(config),
        clientAuth(config),
        { scope: config.scope },
        rec.options,
      ),
    { idToken: false, crossCheck: (a, c, r) => oauth.processClientCredentialsResponse(a, c, r) },
    nowMs,
  )
}

/**
 * The resource owner password credentials grant (legacy): the client sends the user's password.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.3.2
 */
export function passwordGrant(
  transport: Transport,
  as: oauth.AuthorizationServer,
  config: ClientConfig,
  username: string,
  password: string,
  nowMs: number,
): Promise<TokenResult> {
  return tokenRequest(
    transport,
    as,
    config,
    (rec) =>
      oauth.genericTokenEndpointRequest(
        as,
        clientOf(config),
        clientAuth(config),
        'password',
        { username, password, scope: config.scope },
        rec.options,
      ),
    { idToken: false, crossCheck: (a, c, r) => oauth.processGenericTokenEndpointResponse(a, c, r) },
    nowMs,
  )
}

/**
 * Refreshes the access token with the refresh token.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export function refreshGrant(
  transport: Transport,
  as: oauth.AuthorizationServer,
  config: ClientConfig,
  refreshToken: string,
  nowMs: number,
): Promise<TokenResult> {
  return tokenRequest(
    transport,
    as,
    config,
    (rec) =>
      oauth.refreshTokenGrantRequest(as, clientOf(config), clientAuth(config), refreshToken, rec.options),
    { idToken: false, crossCheck: (a, c, r) => oauth.processRefreshTokenResponse(a, c, r) },
    nowMs,
  )
}

/** The tokens the client holds after a token response, newest first in importance. */
export function heldTokens(
  tokens: TokenSet,
  nowMs: number,
  previous: readonly HeldToken[] = [],
): HeldToken[] {
  const now = Math.floor(nowMs / 1000)
  const held: HeldToken[] = [
    {
      name: 'access_token',
      value: tokens.access_token,
      ...(typeof tokens.expires_in === 'number' ? { expiresAt: now + tokens.expires_in } : {}),
    },
  ]
  if (tokens.id_token !== undefined) held.push({ name: 'id_token', value: tokens.id_token })
  const kept = previous.find((t) => t.name === 'refresh_token')
  if (tokens.refresh_token !== undefined) held.push({ name: 'refresh_token', value: tokens.refresh_token })
  else if (kept !== undefined) held.push(kept)
  return held
}
