import { InvalidGrant, InvalidRequest } from '../errors.ts'
import { nowSeconds, timeOfDay } from '../server-context.ts'
import { revokeGrant } from '../tokens/revoke-grant.ts'
import { failed, required, type TokenContext } from './pipeline.ts'

const check = 'check-authorization-code'

/**
 * The code must exist, be unexpired, unused and issued to this client. On reuse "the
 * authorization server MUST deny the request and SHOULD revoke (when possible) all tokens
 * previously issued based on that authorization code" — this server does.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
 */
export function checkAuthorizationCode(ctx: TokenContext): void {
  const client = required(ctx.client, 'client')
  const value = ctx.params.get('code')
  if (value === undefined) throw failed(ctx, check, new InvalidRequest('code is missing'), ['rfc6749-4.1.3'])
  const code = ctx.server.store.get('codes', value)
  if (code === undefined) {
    throw failed(
      ctx,
      check,
      new InvalidGrant('The authorization code is unknown or expired'),
      ['rfc6749-4.1.2', 'rfc6749-5.2'],
      'This server never issued that code, or forgot it long ago',
    )
  }
  if (code.usedAt !== undefined) {
    revokeGrant(
      ctx.server,
      code.grantId,
      `authorization code replayed at ${timeOfDay(nowSeconds(ctx.server))}`,
    )
    throw failed(
      ctx,
      check,
      new InvalidGrant('The authorization code was already used'),
      ['rfc6749-4.1.2', 'rfc9700-4.5'],
      `code already used at ${timeOfDay(code.usedAt)} — tokens issued from it are now revoked`,
    )
  }
  if (code.expiresAt <= nowSeconds(ctx.server)) {
    throw failed(
      ctx,
      check,
      new InvalidGrant('The authorization code has expired'),
      ['rfc6749-4.1.2'],
      `code expired at ${timeOfDay(code.expiresAt)} (codes live ${ctx.server.policies.codeTtlSeconds} s)`,
    )
  }
  if (code.clientId !== client.client_id) {
    throw failed(
      ctx,
      check,
      new InvalidGrant('The authorization code was issued to another client'),
      ['rfc6749-4.1.3'],
      `code was issued to ${code.clientId}, but ${client.client_id} is redeeming it`,
    )
  }
  ctx.codeValue = value
  ctx.code = code
  ctx.trace.pass(
    check,
    `code is valid, unused and was issued to ${client.client_id} (expires ${timeOfDay(code.expiresAt)})`,
    ['rfc6749-4.1.3'],
  )
}
