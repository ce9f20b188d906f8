import * as oauth from 'oauth4webapi'
import type { HttpExchange, Transport } from '@/protocol/http-exchange.ts'
import type { ClientConfig } from '../client-config.ts'
import { ClientChecks, FlowError } from '../flow-error.ts'
import type { HeldToken } from '../step.ts'
import { clientAuth, clientOf, jsonObject, oauthErrorFailure, Recorder } from './recorder.ts'

type TokenName = Exclude<HeldToken['name'], 'id_token'>

export interface IntrospectionResult {
  readonly exchange: HttpExchange
  /** The server's answer, a JSON object with a boolean `active` (checked before this returns). */
  readonly body: Readonly<Record<string, unknown>>
  readonly checks: ClientChecks
}

/**
 * Asks the server whether a token is active (RFC 7662 §2.1), authenticated as the client, and checks
 * the answer is an introspection response: 200, a JSON object, `active` a boolean (§2.2). Whether
 * the token should be active is the caller's to judge.
 * @see https://www.rfc-editor.org/rfc/rfc7662#section-2.1
 */
export async function introspectToken(
  transport: Transport,
  as: oauth.AuthorizationServer,
  config: ClientConfig,
  token: string,
  hint: TokenName,
): Promise<IntrospectionResult> {
  const rec = new Recorder(transport)
  const response = await rec.send('The introspection endpoint', () =>
    oauth.introspectionRequest(as, clientOf(config), clientAuth(config), token, {
      ...rec.options,
      additionalParameters: { token_type_hint: hint },
    }),
  )
  const exchange = rec.last!
  const body = jsonObject(exchange.response?.body)
  if (response.status !== 200)
    throw new FlowError(
      oauthErrorFailure(
        response.status,
        body,
        ['rfc7662-2.1'],
        response.status === 401
          ? 'Introspection is for authenticated clients: a public client (no secret) is refused, and a confidential one must send its secret.'
          : undefined,
      ),
      exchange,
    )
  const checks = new ClientChecks()
  checks.expect(
    typeof body?.['active'] === 'boolean',
    'introspection-response',
    `200 with "active": ${String(body?.['active'])} — a well-formed introspection response`,
    'The answer is not a JSON object with a boolean "active" member, which every introspection response has',
    ['rfc7662-2.2'],
  )
  checks.stopIfFailed('The introspection response is malformed', ['rfc7662-2.2'], exchange)
  return { exchange, body: body!, checks }
}

/**
 * Tells the server the client no longer needs a token (RFC 7009 §2.1), with `token_type_hint`. The
 * server answers 200 whether or not it knew the token (§2.2): a 200 says nothing about the token,
 * which is why the flow checks the effect afterwards.
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.1
 */
export async function revokeToken(
  transport: Transport,
  as: oauth.AuthorizationServer,
  config: ClientConfig,
  token: string,
  hint: TokenName,
): Promise<HttpExchange> {
  const rec = new Recorder(transport)
  const response = await rec.send('The revocation endpoint', () =>
    oauth.revocationRequest(as, clientOf(config), clientAuth(config), token, {
      ...rec.options,
      additionalParameters: { token_type_hint: hint },
    }),
  )
  const exchange = rec.last!
  if (response.status !== 200)
    throw new FlowError(
      oauthErrorFailure(response.status, jsonObject(exchange.response?.body), ['rfc7009-2.2']),
      exchange,
    )
  return exchange
}
