import { InvalidGrant, InvalidRequest, InvalidScope } from '../errors.ts'
import { nowSeconds, timeOfDay } from '../server-context.ts'
import { revokeGrant } from '../tokens/revoke-grant.ts'
import { failed, required, type TokenContext } from './pipeline.ts'

const check = 'check-refresh-token'

/**
 * The refresh token must be known, unexpired, issued to this client and of a live grant; a
 * requested `scope` "MUST NOT include any scope not originally granted" (RFC 6749 §6). Reusing a
 * rotated token "will inform the authorization server of the breach … it will revoke the active
 * refresh token" (RFC 9700 §4.14.2) — here the whole grant.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export function checkRefreshToken(ctx: TokenContext): void {
  const client = required(ctx.client, 'client')
  const value = ctx.params.get('refresh_token')
  if (value === undefined)
    throw failed(ctx, check, new InvalidRequest('refresh_token is missing'), ['rfc6749-6'])
  const { store } = ctx.server
  const token = store.get('refreshTokens', value)
  const grant = token === undefined ? undefined : store.get('grants', token.grantId)
  if (token === undefined || grant === undefined) {
    throw failed(ctx, check, new InvalidGrant('The refresh token is unknown or expired'), [
      'rfc6749-6',
      'rfc6749-5.2',
    ])
  }
  if (token.clientId !== client.client_id) {
    throw failed(
      ctx,
      check,
      new InvalidGrant('The refresh token was issued to another client'),
      ['rfc6749-6'],
      `refresh token was issued to ${token.clientId}, but ${client.client_id} is using it`,
    )
  }
  if (token.rotatedAt !== undefined) {
    revokeGrant(
      ctx.server,
      token.grantId,
      `rotated refresh token reused at ${timeOfDay(nowSeconds(ctx.server))}`,
    )
    throw failed(
      ctx,
      check,
      new InvalidGrant('The refresh token was already used'),
      ['rfc9700-4.14', 'rfc9700-2.2.2'],
      `refresh token already exchanged at ${timeOfDay(token.rotatedAt)} — reuse means it may be stolen, so the whole grant is now revoked`,
    )
  }
  if (grant.revokedAt !== undefined) {
    throw failed(
      ctx,
      check,
      new InvalidGrant('The refresh token was revoked'),
      ['rfc6749-6'],
      `refresh token revoked at ${timeOfDay(grant.revokedAt)}: ${grant.revokedReason ?? 'its grant was revoked'}`,
    )
  }
  if (token.expiresAt <= nowSeconds(ctx.server)) {
    throw failed(ctx, check, new InvalidGrant('The refresh token has expired'), ['rfc6749-6'])
  }
  const requested = ctx.params.get('scope')
  const granted = token.scope.split(' ')
  const extra = requested?.split(' ').filter((s) => s !== '' && !granted.includes(s)) ?? []
  if (extra.length > 0) {
    throw failed(ctx, check, new InvalidScope(`scope ${extra.join(' ')} was not originally granted`), [
      'rfc6749-6',
    ])
  }
  ctx.refreshTokenValue = value
  ctx.refreshToken = token
  ctx.trace.pass(check, `refresh token is valid and was issued to ${client.client_id} for ${token.scope}`, [
    'rfc6749-6',
  ])
}
