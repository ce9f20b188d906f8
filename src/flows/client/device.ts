import * as oauth from 'oauth4webapi'
import type { HttpExchange, Transport } from '@/protocol/http-exchange.ts'
import type { TraceEntry } from '@/protocol/trace.ts'
import type { ClientConfig } from '../client-config.ts'
import { ClientChecks, FlowError } from '../flow-error.ts'
import { clientAuth, clientOf, jsonObject, oauthErrorFailure, Recorder } from './recorder.ts'
import { readTokenResponse, type TokenResult } from './token.ts'

/** The device authorization response, as plain data (RFC 8628 §3.2). */
export interface DeviceAuthorization {
  readonly device_code: string
  readonly user_code: string
  readonly verification_uri: string
  readonly verification_uri_complete?: string
  readonly expires_in: number
  /** Seconds between polls; 5 when the server does not say (RFC 8628 §3.5). */
  readonly interval: number
}

export interface DeviceAuthorizationResult {
  readonly device: DeviceAuthorization
  readonly exchange: HttpExchange
  readonly checks: readonly TraceEntry[]
}

/**
 * Starts the device flow: asks the device authorization endpoint for a device code and a user code,
 * then checks what arrived before showing anything to the user.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.1
 */
export async function deviceAuthorization(
  transport: Transport,
  as: oauth.AuthorizationServer,
  config: ClientConfig,
): Promise<DeviceAuthorizationResult> {
  const rec = new Recorder(transport)
  const response = await rec.send('The device authorization endpoint', () =>
    oauth.deviceAuthorizationRequest(
      as,
      clientOf(config),
      clientAuth(config),
      { scope: config.scope },
      rec.options,
    ),
  )
  const exchange = rec.last!
  const body = jsonObject(exchange.response?.body)
  if (response.status !== 200)
    throw new FlowError(oauthErrorFailure(response.status, body, ['rfc8628-3.2']), exchange)
  const checks = new ClientChecks()
  const b = body ?? {}
  const text = (name: string) => typeof b[name] === 'string' && b[name] !== ''
  checks.expect(
    text('device_code'),
    'device-code',
    'A device_code arrived (kept by the TV, never shown)',
    'There is no device_code',
    ['rfc8628-3.2'],
  )
  checks.expect(
    text('user_code'),
    'user-code',
    `The user code to show: ${String(b['user_code'])}`,
    'There is no user_code',
    ['rfc8628-3.2'],
  )
  checks.expect(
    text('verification_uri'),
    'verification-uri',
    `Where the user goes: ${String(b['verification_uri'])}`,
    'There is no verification_uri',
    ['rfc8628-3.2'],
  )
  checks.expect(
    typeof b['expires_in'] === 'number' && b['expires_in'] > 0,
    'expires-in',
    `The codes live ${JSON.stringify(b['expires_in'])} s`,
    `expires_in is ${JSON.stringify(b['expires_in'])}, not a positive number`,
    ['rfc8628-3.2'],
  )
  if (b['interval'] !== undefined)
    checks.expect(
      typeof b['interval'] === 'number' && b['interval'] > 0,
      'interval',
      `Poll every ${JSON.stringify(b['interval'])} s`,
      `interval is ${JSON.stringify(b['interval'])}, not a positive number`,
      ['rfc8628-3.2'],
    )
  checks.stopIfFailed('The device authorization response was refused', ['rfc8628-3.2'], exchange)
  try {
    await oauth.processDeviceAuthorizationResponse(as, clientOf(config), response)
    checks.pass('oauth4webapi', 'oauth4webapi, a certified client library, accepts the response too', [
      'rfc8628-3.2',
    ])
  } catch (e) {
    checks.fail('oauth4webapi', `oauth4webapi refuses it: ${e instanceof Error ? e.message : String(e)}`, [
      'rfc8628-3.2',
    ])
    checks.stopIfFailed('The device authorization response was refused', ['rfc8628-3.2'], exchange)
  }
  const device: DeviceAuthorization = {
    device_code: b['device_code'] as string,
    user_code: b['user_code'] as string,
    verification_uri: b['verification_uri'] as string,
    ...(typeof b['verification_uri_complete'] === 'string'
      ? { verification_uri_complete: b['verification_uri_complete'] }
      : {}),
    expires_in: b['expires_in'] as number,
    interval: typeof b['interval'] === 'number' ? b['interval'] : 5,
  }
  return { device, exchange, checks: checks.entries }
}

/** One poll's answer: keep waiting, slow down, or the tokens. */
export type PollResult =
  | { readonly kind: 'pending' | 'slow_down'; readonly exchange: HttpExchange; readonly description?: string }
  | ({ readonly kind: 'tokens' } & TokenResult)

/**
 * Polls the token endpoint with the device code. `authorization_pending` and `slow_down` are
 * answers to wait on (with 5 s more after slow_down); any other error ends the flow, explained.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.5
 */
export async function pollDeviceToken(
  transport: Transport,
  as: oauth.AuthorizationServer,
  config: ClientConfig,
  deviceCode: string,
  nowMs: number,
): Promise<PollResult> {
  const rec = new Recorder(transport)
  const response = await rec.send('The token endpoint', () =>
    oauth.deviceCodeGrantRequest(as, clientOf(config), clientAuth(config), deviceCode, rec.options),
  )
  const exchange = rec.last!
  const body = jsonObject(exchange.response?.body)
  const error = body?.['error']
  if (response.status === 400 && (error === 'authorization_pending' || error === 'slow_down')) {
    const description =
      typeof body?.['error_description'] === 'string' ? body['error_description'] : undefined
    return {
      kind: error === 'slow_down' ? 'slow_down' : 'pending',
      exchange,
      ...(description === undefined ? {} : { description }),
    }
  }
  const tokens = await readTokenResponse(
    as,
    config,
    response,
    exchange,
    { idToken: false, crossCheck: (a, c, r) => oauth.processDeviceCodeResponse(a, c, r) },
    nowMs,
  )
  return { kind: 'tokens', ...tokens }
}
