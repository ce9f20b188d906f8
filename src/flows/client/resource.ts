import * as oauth from 'oauth4webapi'
import { header, type HttpExchange, type Transport } from '@/protocol/http-exchange.ts'
import type { TraceEntry } from '@/protocol/trace.ts'
import type { ClientConfig } from '../client-config.ts'
import { ClientChecks, FlowError } from '../flow-error.ts'
import { clientOf, jsonObject, oauthErrorFailure, Recorder, requireValue } from './recorder.ts'

export interface UserInfoResult {
  readonly claims: Readonly<Record<string, unknown>>
  readonly exchange: HttpExchange
  readonly checks: readonly TraceEntry[]
}

/**
 * Calls the UserInfo endpoint with the access token, then checks what arrived: a 200 JSON object
 * whose `sub` is the user of the ID token ("MUST be verified to exactly match").
 * @see https://openid.net/specs/openid-connect-core-1_0.html#UserInfoResponse
 */
export async function fetchUserInfo(
  transport: Transport,
  as: oauth.AuthorizationServer,
  config: ClientConfig,
  accessToken: string,
  expectedSubject: string,
): Promise<UserInfoResult> {
  const rec = new Recorder(transport)
  const response = await rec.send('The UserInfo endpoint', () =>
    oauth.userInfoRequest(as, clientOf(config), accessToken, rec.options),
  )
  const exchange = rec.last!
  const body = jsonObject(exchange.response?.body)
  if (response.status !== 200) throw new FlowError(bearerFailure(response.status, exchange, body), exchange)
  const checks = new ClientChecks()
  checks.expect(
    body?.['sub'] === expectedSubject,
    'sub-matches',
    `sub "${expectedSubject}" is the same user as in the ID token`,
    `sub ${JSON.stringify(body?.['sub'])} is not the ID token’s user "${expectedSubject}": these claims are about someone else`,
    ['oidc-5.3'],
  )
  checks.stopIfFailed('UserInfo was refused', ['oidc-5.3'], exchange)
  try {
    await oauth.processUserInfoResponse(as, clientOf(config), expectedSubject, response)
    checks.pass('oauth4webapi', 'oauth4webapi, a certified client library, accepts the response too', [
      'oidc-5.3',
    ])
  } catch (e) {
    checks.fail('oauth4webapi', `oauth4webapi refuses it: ${e instanceof Error ? e.message : String(e)}`, [
      'oidc-5.3',
    ])
    checks.stopIfFailed('UserInfo was refused', ['oidc-5.3'], exchange)
  }
  return { claims: body!, exchange, checks: checks.entries }
}

export interface ResourceResult {
  readonly status: number
  readonly body: unknown
  readonly exchange: HttpExchange
  /** The RFC 6750 challenge of a refusal: `error` and `error_description` from WWW-Authenticate. */
  readonly challenge?: { readonly error?: string; readonly description?: string }
}

/**
 * Calls a protected resource with the access token in the Authorization header. A refusal is an
 * answer, not an exception: the flow decides what it means (an expired token is refreshed).
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 */
export async function callResource(
  transport: Transport,
  url: string,
  accessToken: string,
): Promise<ResourceResult> {
  const rec = new Recorder(transport)
  const request = () =>
    oauth.protectedResourceRequest(
      accessToken,
      'GET',
      new URL(url),
      new Headers({ accept: 'application/json' }),
      null,
      rec.options,
    )
  // oauth4webapi throws on a WWW-Authenticate challenge; the recorded exchange has the answer.
  const status = await rec
    .send('The resource server', request)
    .then((r) => r.status)
    .catch((e: unknown) => {
      const answered = rec.last?.response
      if (e instanceof FlowError && answered !== undefined) return answered.status
      throw e
    })
  const exchange = rec.last!
  const body = jsonObject(exchange.response?.body) ?? exchange.response?.body
  const challenge = parseChallenge(header(exchange.response?.headers ?? [], 'www-authenticate'))
  return { status, body, exchange, ...(challenge === undefined ? {} : { challenge }) }
}

/** The `error` and `error_description` of a `WWW-Authenticate: Bearer` challenge (RFC 6750 §3). */
export function parseChallenge(value: string | undefined): ResourceResult['challenge'] {
  if (value === undefined || !/^bearer\b/i.test(value)) return undefined
  const attribute = (name: string) => new RegExp(`${name}="([^"]*)"`, 'i').exec(value)?.[1]
  const error = attribute('error')
  const description = attribute('error_description')
  return { ...(error === undefined ? {} : { error }), ...(description === undefined ? {} : { description }) }
}

/** A refused resource call, explained by its challenge. */
export function bearerFailure(status: number, exchange: HttpExchange, body?: Record<string, unknown>) {
  const challenge = parseChallenge(header(exchange.response?.headers ?? [], 'www-authenticate'))
  const failure = oauthErrorFailure(
    status,
    challenge?.error === undefined
      ? body
      : { error: challenge.error, error_description: challenge.description },
    ['rfc6750-3.1'],
  )
  return {
    ...failure,
    hint:
      challenge?.error === 'invalid_token'
        ? 'The token expired or was revoked: get a new one (refresh, or sign in again).'
        : challenge?.error === 'insufficient_scope'
          ? 'The token lacks a scope this API needs: ask for it in the authorization request.'
          : 'Check the access token and the URL of the API.',
  }
}

/** The resource URL the flow calls; a missing one is a configuration error. */
export const resourceUrlOf = (config: ClientConfig) => requireValue(config.resourceUrl, 'The resource URL')
