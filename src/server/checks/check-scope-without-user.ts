import { userScopes } from '../demo-world.ts'
import { InvalidScope } from '../errors.ts'
import { failed, listWords, required, type TokenContext } from './pipeline.ts'

const check = 'check-scope-without-user'

/**
 * In the client credentials grant "the client is requesting access to the protected resources
 * under its control" — no user is involved, so scopes about a user (who they are: `openid`,
 * `profile`, `email`; their friends; access while they are away: `offline_access`) cannot be
 * granted.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 */
export function checkScopeWithoutUser(ctx: TokenContext): void {
  const client = required(ctx.client, 'client')
  const requested = (ctx.params.get('scope') ?? '').split(' ')
  const needUser = requested.filter((s) => userScopes.includes(s))
  if (needUser.length > 0) {
    throw failed(
      ctx,
      check,
      new InvalidScope(
        `scope ${needUser.join(' ')} needs a user, but in the client credentials grant the client acts on its own behalf`,
      ),
      ['rfc6749-4.4', 'rfc6749-3.3'],
      `${listWords(needUser)} ${needUser.length === 1 ? 'is' : 'are'} about a user, but no user takes part in the client credentials grant: ${client.client_id} acts on its own behalf`,
    )
  }
  ctx.trace.pass(check, 'No scope about a user was asked for: the client acts on its own behalf', [
    'rfc6749-4.4',
  ])
}
