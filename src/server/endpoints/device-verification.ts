import type { Reply } from '../http/reply.ts'
import { checkUserCode } from '../checks/check-user-code.ts'
import { checkUserCodeRateLimit } from '../checks/check-user-code-rate-limit.ts'
import {
  required,
  runChecks,
  type Check,
  type DeviceVerificationContext,
  type InteractionContext,
} from '../checks/pipeline.ts'
import { InvalidRequest, UserCodeRefused } from '../errors.ts'
import { errorPage } from '../http/front-channel.ts'
import { isFormEncoded, Params, readForm } from '../http/params.ts'
import { lifetimes } from '../policies.ts'
import type { RequestContext } from '../server-context.ts'
import { newSecretValue, nowSeconds, timeOfDay } from '../server-context.ts'
import type { DeviceInteraction } from '../store.ts'
import { formatUserCode, normaliseUserCode } from '../tokens/user-code.ts'
import { deviceCodePageResponse, deviceResultPageResponse, signInOrConsent } from './interaction-pages.ts'

export const deviceVerificationChecks: readonly Check<DeviceVerificationContext>[] = [
  checkUserCodeRateLimit,
  checkUserCode,
]

/**
 * GET `/as/device`: the page where the user types the code their device shows; opened from
 * `verification_uri_complete`, the code is already filled in — the user still confirms it.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.3.1
 */
export function deviceCodePageEndpoint(ctx: RequestContext): Reply {
  const given = ctx.url.searchParams.get('user_code')
  const normalised = given === null ? '' : normaliseUserCode(given)
  ctx.trace.info(
    'device-code-page',
    given === null
      ? 'Showing the device code page: the user types the code from their device'
      : 'Showing the device code page with the code from verification_uri_complete filled in; the user checks it and presses Continue',
    given === null ? ['rfc8628-3.3'] : ['rfc8628-3.3.1'],
  )
  return deviceCodePageResponse(
    ctx.server,
    given === null ? {} : { userCode: normalised.length === 8 ? formatUserCode(normalised) : given },
  )
}

/**
 * POST `/as/device`: checks the typed code, then shows the login page — or the consent page when
 * the browser is signed in already. A wrong code shows the code page again with an error.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.3
 */
export async function deviceCodeEntryEndpoint(ctx: RequestContext): Promise<Reply> {
  const form = isFormEncoded(ctx.request) ? await readForm(ctx.request) : undefined
  if (form === undefined) return errorPage(new InvalidRequest('The code form must be posted as a form'))
  const vctx: DeviceVerificationContext = { ...ctx, params: new Params(form) }
  try {
    await runChecks(vctx, deviceVerificationChecks)
  } catch (error) {
    if (!(error instanceof UserCodeRefused)) throw error
    return deviceCodePageResponse(
      ctx.server,
      { userCode: error.userCode, error: error.message },
      error.status,
    )
  }
  const deviceCode = required(vctx.deviceCode, 'device code')
  const id = newSecretValue(ctx.server)
  const interaction: DeviceInteraction = {
    kind: 'device',
    id,
    clientId: deviceCode.clientId,
    scope: deviceCode.scope,
    deviceCode: required(vctx.deviceCodeValue, 'device code value'),
    userCode: formatUserCode(deviceCode.userCode),
    evictAt: Math.min(nowSeconds(ctx.server) + lifetimes.interactionSeconds, deviceCode.expiresAt),
  }
  ctx.server.store.put('interactions', id, interaction)
  ctx.trace.info(
    'create-interaction',
    `The code is valid; it waits for the user to sign in and decide, as interaction ${id.slice(0, 8)}… until ${timeOfDay(interaction.evictAt)}`,
    ['rfc8628-3.3'],
  )
  return signInOrConsent(ctx, id, interaction)
}

/**
 * The user's decision on a device's consent page: recorded on the device code, where the device's
 * next poll finds it (RFC 8628 §3.5). The user code is spent either way. Nothing is redirected:
 * the browser shows a page saying what happened.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.3
 */
export function finishDeviceInteraction(
  ctx: InteractionContext,
  interaction: DeviceInteraction,
  decision: 'allow' | 'deny',
): Reply {
  const { store } = ctx.server
  const deviceCode = store.get('deviceCodes', interaction.deviceCode)
  if (
    deviceCode === undefined ||
    deviceCode.status !== 'pending' ||
    deviceCode.expiresAt <= nowSeconds(ctx.server)
  ) {
    ctx.trace.fail(
      'record-device-decision',
      deviceCode === undefined || deviceCode.status === 'pending'
        ? 'The device code expired while the user was deciding: nothing is recorded'
        : 'Another browser already answered for this user code: nothing is recorded',
      ['rfc8628-3.3'],
    )
    return errorPage(
      new InvalidRequest('This code has expired or was already used. Start again on your device.'),
    )
  }
  const session = required(ctx.session, 'session')
  store.delete('userCodes', deviceCode.userCode)
  if (decision === 'deny') {
    deviceCode.status = 'denied'
    ctx.trace.info(
      'record-device-decision',
      `Recorded the denial: ${deviceCode.clientId}'s next poll gets access_denied. The user code is spent`,
      ['rfc8628-3.5'],
    )
    return deviceResultPageResponse(ctx.server, 'denied', deviceCode.clientId)
  }
  deviceCode.status = 'allowed'
  deviceCode.userId = session.userId
  deviceCode.authTime = interaction.authTime ?? session.authTime
  ctx.trace.pass(
    'record-device-decision',
    `Recorded the approval: ${deviceCode.clientId}'s next poll gets the tokens. The user code is spent`,
    ['rfc8628-3.5'],
  )
  return deviceResultPageResponse(ctx.server, 'allowed', deviceCode.clientId)
}
