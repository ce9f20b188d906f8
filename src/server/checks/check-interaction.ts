import { InvalidRequest } from '../errors.ts'
import { timeOfDay } from '../server-context.ts'
import { failed, type InteractionContext } from './pipeline.ts'

const check = 'check-interaction'

/**
 * Finds the validated authorization request that the login or consent form continues. Its id is
 * unguessable and single-use, so a forged form post cannot name one (RFC 6749 §10.12).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.12
 */
export function checkInteraction(ctx: InteractionContext): void {
  const id = ctx.params.get('interaction')
  if (id === undefined) {
    throw failed(ctx, check, new InvalidRequest('The form did not say which sign-in request it belongs to'), [
      'rfc6749-10.12',
    ])
  }
  const interaction = ctx.server.store.get('interactions', id)
  if (interaction === undefined) {
    throw failed(
      ctx,
      check,
      new InvalidRequest(
        'This sign-in request has expired or was already completed. Go back to the app and start again',
      ),
      ['rfc6749-10.12'],
      'Unknown or expired interaction: it was completed already, or it is older than 10 minutes, or the server was reset',
    )
  }
  ctx.interactionId = id
  ctx.interaction = interaction
  ctx.trace.pass(
    check,
    `Continues the authorization request of ${interaction.clientId} (valid until ${timeOfDay(interaction.evictAt)})`,
    ['rfc6749-10.12'],
  )
}
