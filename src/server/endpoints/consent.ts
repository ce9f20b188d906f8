import type { Reply } from '../http/reply.ts'
import { checkConsent } from '../checks/check-consent.ts'
import { required, runChecks, type Check, type InteractionContext } from '../checks/pipeline.ts'
import { checkInteraction } from '../checks/check-interaction.ts'
import { checkSession } from '../checks/check-session.ts'
import { AccessDenied, InvalidRequest } from '../errors.ts'
import { implicitResponse } from '../grants/implicit-grant.ts'
import { authorizationResponse, errorPage, frontChannelError } from '../http/front-channel.ts'
import { isFormEncoded, Params, readForm } from '../http/params.ts'
import type { RequestContext } from '../server-context.ts'
import { issueCode } from '../tokens/issue-code.ts'
import { finishDeviceInteraction } from './device-verification.ts'

export const consentChecks: readonly Check<InteractionContext>[] = [
  checkInteraction,
  checkSession,
  checkConsent,
]

/**
 * POST `/as/consent`: Allow redirects to the client with `code`, `state` and `iss` — or, for the
 * implicit grant, with the tokens in the fragment; Deny with `error=access_denied`. For a device,
 * the decision is recorded for its next poll and a page says so. The interaction is single-use
 * either way.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
 */
export async function consentEndpoint(ctx: RequestContext): Promise<Reply> {
  const form = isFormEncoded(ctx.request) ? await readForm(ctx.request) : undefined
  if (form === undefined) return errorPage(new InvalidRequest('The consent form must be posted as a form'))
  const ictx: InteractionContext = { ...ctx, params: new Params(form) }
  let denied: AccessDenied | undefined
  try {
    await runChecks(ictx, consentChecks)
  } catch (error) {
    if (!(error instanceof AccessDenied) || ictx.interaction === undefined)
      return frontChannelError(ctx, error, {})
    denied = error
  }
  const interaction = required(ictx.interaction, 'interaction')
  ctx.server.store.delete('interactions', required(ictx.interactionId, 'interaction id'))
  if (interaction.kind === 'device')
    return finishDeviceInteraction(ictx, interaction, denied === undefined ? 'allow' : 'deny')
  if (denied !== undefined) {
    return frontChannelError(ctx, denied, {
      redirectUri: interaction.redirectUri,
      state: interaction.state,
      responseMode: interaction.responseMode,
    })
  }
  if (interaction.responseType !== 'code') {
    const tokens = await implicitResponse(ictx, interaction)
    return authorizationResponse(ctx, interaction.redirectUri, { ...tokens }, interaction.responseMode)
  }
  const session = required(ictx.session, 'session')
  const code = issueCode(ctx, interaction, session.userId, interaction.authTime ?? session.authTime)
  return authorizationResponse(
    ctx,
    interaction.redirectUri,
    { code, state: interaction.state },
    interaction.responseMode,
  )
}
