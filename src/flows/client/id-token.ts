import type { JSONWebKeySet } from 'jose'
import * as oauth from 'oauth4webapi'
import { exchange, type HttpExchange, type Transport } from '@/protocol/http-exchange.ts'
import { atHash, decodeJwt, verifyJwtSignature } from '@/protocol/jwt.ts'
import type { TraceEntry } from '@/protocol/trace.ts'
import { misbehaves, type ClientConfig } from '../client-config.ts'
import { ClientChecks, FlowError } from '../flow-error.ts'
import { clientOf, jsonObject, networkFailure, requireValue } from './recorder.ts'

export interface IdTokenResult {
  readonly exchange: HttpExchange
  readonly jwks: JSONWebKeySet
  readonly checks: readonly TraceEntry[]
  readonly claims: Readonly<Record<string, unknown>>
}

export interface IdTokenExpectations {
  readonly nonce: string | undefined
  /** The access token that came with the ID token: `at_hash` must match it (required in the implicit grant). */
  readonly accessToken?: string
  readonly requireAtHash?: boolean
  /** The token response the ID token came in, for oauth4webapi's cross-check (code flow only). */
  readonly tokenResponse?: HttpExchange
  readonly nowMs: number
}

/**
 * Verifies the ID token the way OIDC Core §3.1.3.7 lists it, each check shown on what actually
 * arrived: the signature against the server's JWKS with the registered algorithm, then iss, aud,
 * azp, exp, iat, nonce and at_hash. Only when all pass does oauth4webapi get its say.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation
 */
export async function verifyIdToken(
  transport: Transport,
  as: oauth.AuthorizationServer,
  config: ClientConfig,
  idToken: string,
  expected: IdTokenExpectations,
): Promise<IdTokenResult> {
  const jwksUri = requireValue(as.jwks_uri, 'The JWKS URI')
  let fetched: Awaited<ReturnType<typeof exchange>>
  try {
    fetched = await exchange(transport, new Request(jwksUri, { headers: { accept: 'application/json' } }))
  } catch (e) {
    throw new FlowError(networkFailure('The JWKS', e))
  }
  const jwksExchange = fetched.exchange
  const body = jsonObject(jwksExchange.response?.body)
  const jwks =
    fetched.response.ok && Array.isArray(body?.['keys']) ? (body as unknown as JSONWebKeySet) : undefined
  if (jwks === undefined)
    throw new FlowError(
      {
        title: 'The server’s keys (JWKS) could not be read',
        message: `${jwksUri} answered ${fetched.response.status} without a JSON object holding a "keys" array.`,
        hint: 'Without the keys the ID token’s signature cannot be checked, so the token must not be trusted.',
        refs: ['rfc7517-5', 'oidc-3.1.3.7'],
      },
      jwksExchange,
    )
  const checks = new ClientChecks()
  const refs = ['oidc-3.1.3.7'] as const
  // The alg must be the one the client registered (RS256 unless it chose another) — not whatever
  // the token or the server says (OIDC Core §3.1.3.7 item 7).
  const signature = await verifyJwtSignature(idToken, jwks, [config.idTokenSigningAlg ?? 'RS256'])
  if (signature.ok)
    checks.pass(
      'signature',
      `Signature valid: ${signature.value.alg} with key "${signature.value.kid ?? '(no kid)'}" from the JWKS`,
      refs,
    )
  else checks.fail('signature', `Signature invalid: ${signature.error}`, refs)
  const decoded = decodeJwt(idToken)
  if (!decoded.ok)
    throw new FlowError(
      { title: 'The ID token is malformed', message: decoded.error, refs: ['oidc-2'] },
      jwksExchange,
      checks.entries,
    )
  const c = decoded.value.payload
  const now = Math.floor(expected.nowMs / 1000)
  checks.expect(
    c.iss === as.issuer,
    'iss',
    `iss is ${as.issuer}, the issuer we discovered`,
    `iss is ${String(c.iss)}, expected ${as.issuer}`,
    refs,
  )
  const aud = Array.isArray(c.aud) ? c.aud : [c.aud]
  const ignoreAud = misbehaves(config, 'ignore-aud')
  if (ignoreAud)
    checks.skipped('aud', `aud is ${JSON.stringify(c.aud)}; this client is ${config.clientId}`, refs)
  else
    checks.expect(
      aud.includes(config.clientId),
      'aud',
      `aud contains this client (${config.clientId})`,
      `aud ${JSON.stringify(c.aud)} does not contain ${config.clientId}: this token was issued to someone else`,
      refs,
    )
  if (!ignoreAud && (aud.length > 1 || c.azp !== undefined))
    checks.expect(
      c.azp === config.clientId,
      'azp',
      `azp is this client (${config.clientId})`,
      `azp ${String(c.azp)} is not ${config.clientId}`,
      refs,
    )
  const exp = typeof c.exp === 'number' ? c.exp : NaN
  checks.expect(
    exp > now,
    'exp',
    `Not expired: exp is ${exp - now} s from now`,
    Number.isNaN(exp) ? 'exp is missing' : `Expired ${now - exp} s ago`,
    refs,
  )
  const iat = typeof c.iat === 'number' ? c.iat : NaN
  checks.expect(
    iat <= now + 60,
    'iat',
    `Issued ${Math.max(0, now - iat)} s ago`,
    Number.isNaN(iat) ? 'iat is missing' : `iat is ${iat - now} s in the future: check the clocks`,
    refs,
  )
  if (misbehaves(config, 'ignore-nonce'))
    checks.skipped(
      'nonce',
      `nonce is ${JSON.stringify(c.nonce)}; this client sent ${JSON.stringify(expected.nonce)}`,
      refs,
    )
  else if (expected.nonce !== undefined)
    checks.expect(
      c.nonce === expected.nonce,
      'nonce',
      'nonce equals the value this client sent — no replayed ID token',
      c.nonce === undefined
        ? 'nonce is missing'
        : `nonce ${JSON.stringify(c.nonce)} is not the one this client sent: a replayed or injected token?`,
      refs,
    )
  else
    checks.expect(
      c.nonce === undefined,
      'nonce',
      'No nonce, and none was sent',
      `A nonce ${JSON.stringify(c.nonce)} arrived, but this client sent none`,
      refs,
    )
  if (expected.accessToken !== undefined && (expected.requireAtHash === true || c.at_hash !== undefined)) {
    const alg = decoded.value.header['alg']
    const want = await atHash(expected.accessToken, typeof alg === 'string' ? alg : 'RS256')
    checks.expect(
      c.at_hash === want,
      'at_hash',
      'at_hash matches the access token that came with it',
      c.at_hash === undefined
        ? 'at_hash is missing'
        : `at_hash ${JSON.stringify(c.at_hash)} does not match the access token (expected ${want}): the token was swapped`,
      ['oidc-3.1.3.6', 'oidc-3.2.2.9'],
    )
  }
  checks.stopIfFailed(
    'The ID token failed verification',
    refs,
    jwksExchange,
    'The client must not accept a login it cannot verify.',
  )
  const blindSpots = misbehaves(config, 'ignore-aud') || misbehaves(config, 'ignore-nonce')
  if (blindSpots && expected.tokenResponse?.response !== undefined)
    checks.info(
      'oauth4webapi',
      'oauth4webapi’s cross-check is not run: it makes every check, and this client is set to skip some',
      refs,
    )
  else if (expected.tokenResponse?.response !== undefined) {
    const recorded = expected.tokenResponse.response
    try {
      await oauth.processAuthorizationCodeResponse(
        as,
        clientOf(config, expected.nowMs),
        new Response(recorded.body, {
          status: recorded.status,
          headers: new Headers(recorded.headers.map(([name, value]): [string, string] => [name, value])),
        }),
        { expectedNonce: expected.nonce ?? oauth.expectNoNonce, requireIdToken: true },
      )
      checks.pass(
        'oauth4webapi',
        'oauth4webapi, a certified client library, accepts the token response and ID token too',
        refs,
      )
    } catch (e) {
      checks.fail(
        'oauth4webapi',
        `oauth4webapi refuses it: ${e instanceof Error ? e.message : String(e)}`,
        refs,
      )
      checks.stopIfFailed('The ID token failed verification', refs, jwksExchange)
    }
  }
  return { exchange: jwksExchange, jwks, checks: checks.entries, claims: c }
}
