import { InvalidGrant, InvalidRequest, InvalidScope } from '../errors.ts'
import { nowSeconds, timeOfDay } from '../server-context.ts'
import { revokeGrant } from '../tokens/revoke-grant.ts'
import type { ServerContext } from '../server-context.ts'
import type { RefreshTokenRecord } from '../store.ts'
import { failed, refusedByPolicy, required, type TokenContext } from './pipeline.ts'

const check = 'check-refresh-token'

/**
 * Reuse of a rotated token: "The authorization server cannot determine which party submitted the
 * invalid refresh token, but it will revoke the active refresh token" (RFC 9700 §4.14.2) — under
 * the `refreshReuse` setting, with the whole family (every access token of the grant) or alone.
 * Returns what was revoked, for the trace.
 */
function revokeOnReuse(server: ServerContext, token: RefreshTokenRecord): string {
  const reason = `rotated refresh token reused at ${timeOfDay(nowSeconds(server))}`
  if (server.policies.refreshReuse === 'revoke-family') {
    revokeGrant(server, token.grantId, reason)
    return 'the whole family is revoked: the current refresh token and every access token of the grant'
  }
  const active = server.store.get('grants', token.grantId)?.refreshToken
  const record = active === undefined ? undefined : server.store.get('refreshTokens', active)
  if (record === undefined || record.revokedAt !== undefined)
    return 'there is no active refresh token left to revoke; access tokens already issued live on until they expire'
  record.revokedAt = nowSeconds(server)
  record.revokedReason = reason
  return 'the active refresh token is revoked; access tokens already issued live on until they expire'
}

/**
 * The refresh token must be known, unexpired, issued to this client and of a live grant; a
 * requested `scope` "MUST NOT include any scope not originally granted" (RFC 6749 §6). Reusing a
 * rotated token means it may be stolen: see `revokeOnReuse`.
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
    const revoked = revokeOnReuse(ctx.server, token)
    throw refusedByPolicy(
      ctx,
      check,
      'refreshReuse',
      new InvalidGrant('The refresh token was already used'),
      ['rfc9700-4.14.2', 'rfc9700-2.2.2'],
      `refresh token already exchanged at ${timeOfDay(token.rotatedAt)} — reuse means it may be stolen: ${revoked}`,
    )
  }
  if (token.revokedAt !== undefined) {
    throw failed(
      ctx,
      check,
      new InvalidGrant('The refresh token was revoked'),
      ['rfc9700-4.14.2'],
      `refresh token revoked at ${timeOfDay(token.revokedAt)}: ${token.revokedReason ?? 'revoked'}`,
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
