import { InsufficientScope, InvalidToken } from '../errors.ts'
import { findUser } from '../server-context.ts'
import { failed, required, type BearerContext } from './pipeline.ts'

const check = 'check-token-user'

/**
 * A resource that reads a user's data needs a token issued for a user. A client credentials token
 * has none — its `sub` is the client itself (RFC 9068 §2.2) — so it is refused like a token
 * without the scope: 403 `insufficient_scope`, "The request requires higher privileges than
 * provided by the access token."
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 */
export function checkTokenUser(ctx: BearerContext): void {
  const claims = required(ctx.claims, 'access token claims')
  const grant = required(ctx.grant, 'grant')
  if (grant.userId === undefined) {
    throw failed(
      ctx,
      check,
      new InsufficientScope(
        "This endpoint reads a user's data, but the token was issued to a client acting on its own behalf (client credentials)",
        ctx.requiredScopes.join(' '),
      ),
      ['rfc6750-3.1', 'rfc9068-2.2'],
      `No user behind this token: its sub is ${claims.sub}, the client itself (client credentials). This endpoint returns one user's data, so it needs a token a user consented to`,
    )
  }
  const user = findUser(ctx.server, grant.userId)
  if (user === undefined)
    throw failed(ctx, check, new InvalidToken('The access token names a user this server does not have'), [
      'rfc9068-4',
    ])
  ctx.user = user
  ctx.trace.pass(
    check,
    `The token was issued for ${user.username} (sub ${user.sub}): their data is returned`,
    ['rfc9068-2.2'],
  )
}
