import { notePolicy } from '../checks/pipeline.ts'
import type { RegisteredClient, RequestContext } from '../server-context.ts'
import { newSecretValue, nowSeconds, timeOfDay } from '../server-context.ts'
import { formatUserCode, generateUserCode } from './user-code.ts'

/** The device authorization response (RFC 8628 §3.2). */
export interface DeviceAuthorizationResponse {
  device_code: string
  user_code: string
  verification_uri: string
  verification_uri_complete: string
  expires_in: number
  interval: number
}

/**
 * Issues a device code — opaque and unguessable, 256 bits, since it is what the device redeems
 * (RFC 8628 §5.2) — and a short user code for a person to type, unique among live codes. Both
 * expire after `deviceCodeTtlSeconds`.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.2
 */
export function issueDeviceCode(
  ctx: RequestContext,
  client: RegisteredClient,
  scope: string,
): DeviceAuthorizationResponse {
  const { server } = ctx
  const { deviceCodeTtlSeconds: ttl, deviceIntervalSeconds: interval } = server.policies
  const now = nowSeconds(server)
  const deviceCode = newSecretValue(server)
  let userCode = generateUserCode(server.random)
  while (server.store.get('userCodes', userCode) !== undefined) userCode = generateUserCode(server.random)
  const expiresAt = now + ttl
  server.store.put('deviceCodes', deviceCode, {
    clientId: client.client_id,
    scope,
    userCode,
    issuedAt: now,
    expiresAt,
    interval,
    status: 'pending',
    evictAt: expiresAt + ttl,
  })
  // Kept as long as the device code, so a late entry is told apart from a mistyped one in the trace.
  server.store.put('userCodes', userCode, { deviceCode, evictAt: expiresAt + ttl })
  const shown = formatUserCode(userCode)
  const verificationUri = `${server.issuer}/device`
  notePolicy(
    ctx,
    'issue-device-code',
    ['deviceIntervalSeconds', 'deviceCodeTtlSeconds'],
    `Issued a device code (opaque, 256 bits) and the user code ${shown} for ${client.client_id}, valid until ${timeOfDay(expiresAt)} (${ttl} s); the device may poll every ${interval} s`,
    ['rfc8628-3.2', 'rfc8628-6.1', 'rfc8628-5.2'],
    'pass',
  )
  return {
    device_code: deviceCode,
    user_code: shown,
    verification_uri: verificationUri,
    verification_uri_complete: `${verificationUri}?${new URLSearchParams({ user_code: shown }).toString()}`,
    expires_in: ttl,
    interval,
  }
}
