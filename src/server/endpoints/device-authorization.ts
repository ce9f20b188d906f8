import type { Reply } from '../http/reply.ts'
import { checkClientAuthentication } from '../checks/check-client-authentication.ts'
import { checkClientGrant } from '../checks/check-client-grant.ts'
import { checkDuplicateParams } from '../checks/check-duplicate-params.ts'
import { checkScope } from '../checks/check-scope.ts'
import { required, runChecks, type Check, type DeviceAuthorizationContext } from '../checks/pipeline.ts'
import { grantTypes } from '../demo-world.ts'
import { tokenErrorResponse } from '../http/back-channel.ts'
import { jsonResponse, noStoreCors } from '../http/responses.ts'
import type { RequestContext } from '../server-context.ts'
import { issueDeviceCode } from '../tokens/issue-device-code.ts'
import { readBackChannelForm } from './back-channel-form.ts'

/** The client is authenticated as at the token endpoint — a public client by its client_id alone. */
export const deviceAuthorizationChecks: readonly Check<DeviceAuthorizationContext>[] = [
  checkDuplicateParams,
  checkClientAuthentication,
  checkClientGrant,
  checkScope,
]

/**
 * POST `/as/device_authorization`: a device without a browser or keyboard asks for a device code
 * to poll with and a user code to show. Errors are token-endpoint errors (RFC 8628 §3.2).
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.1
 */
export async function deviceAuthorizationEndpoint(ctx: RequestContext): Promise<Reply> {
  try {
    const dctx: DeviceAuthorizationContext = {
      ...ctx,
      params: await readBackChannelForm(ctx),
      grantType: grantTypes.deviceCode,
    }
    await runChecks(dctx, deviceAuthorizationChecks)
    const body = issueDeviceCode(ctx, required(dctx.client, 'client'), required(dctx.scope, 'scope'))
    return jsonResponse(body, 200, noStoreCors)
  } catch (error) {
    return tokenErrorResponse(ctx, error)
  }
}
