import { checkClientAuthentication } from '../checks/check-client-authentication.ts'
import { checkClientGrant } from '../checks/check-client-grant.ts'
import { checkDuplicateParams } from '../checks/check-duplicate-params.ts'
import { checkFormPost } from '../checks/check-form-post.ts'
import { checkScope } from '../checks/check-scope.ts'
import {
  failed,
  required,
  runChecks,
  type Check,
  type DeviceAuthorizationContext,
} from '../checks/pipeline.ts'
import { grantTypes } from '../demo-world.ts'
import { InvalidRequest } from '../errors.ts'
import { tokenErrorResponse } from '../http/back-channel.ts'
import { Params, readForm } from '../http/params.ts'
import { corsHeaders, jsonResponse, noStore } from '../http/responses.ts'
import type { RequestContext } from '../server-context.ts'
import { issueDeviceCode } from '../tokens/issue-device-code.ts'

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
export async function deviceAuthorizationEndpoint(ctx: RequestContext): Promise<Response> {
  try {
    checkFormPost(ctx)
    const form = await readForm(ctx.request)
    if (form === undefined)
      throw failed(ctx, 'check-form-post', new InvalidRequest('The request body is too large'), [
        'rfc8628-3.1',
      ])
    const dctx: DeviceAuthorizationContext = {
      ...ctx,
      params: new Params(form),
      grantType: grantTypes.deviceCode,
    }
    await runChecks(dctx, deviceAuthorizationChecks)
    const body = issueDeviceCode(ctx, required(dctx.client, 'client'), required(dctx.scope, 'scope'))
    return jsonResponse(body, 200, { ...noStore, ...corsHeaders })
  } catch (error) {
    return tokenErrorResponse(ctx, error)
  }
}
