import { AccessDenied, InvalidRequest } from '../errors.ts'
import { findUser } from '../server-context.ts'
import { failed, required, type InteractionContext } from './pipeline.ts'

const check = 'check-consent'

/**
 * Reads the user's decision. Deny: "The resource owner or authorization server denied the
 * request" — `access_denied`, sent back to the client by redirect.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 */
export function checkConsent(ctx: InteractionContext): void {
  const interaction = required(ctx.interaction, 'interaction')
  const decision = ctx.params.get('decision')
  const who = findUser(ctx.server, interaction.userId ?? '')?.username ?? 'The user'
  if (decision === 'deny') {
    throw failed(
      ctx,
      check,
      new AccessDenied('The user denied the request'),
      ['rfc6749-4.1.2.1'],
      `${who} pressed Deny: ${interaction.clientId} gets access_denied and nothing else`,
    )
  }
  if (decision !== 'allow') {
    throw failed(ctx, check, new InvalidRequest('The consent form must say allow or deny'), [
      'rfc6749-4.1.2.1',
    ])
  }
  ctx.trace.pass(check, `${who} allowed ${interaction.clientId} to ${interaction.scope}`, ['rfc6749-4.1.2'])
}
