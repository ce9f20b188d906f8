import type { ServerContext } from '../server-context.ts'
import { nowSeconds, timeOfDay } from '../server-context.ts'
import type { AccessTokenRecord, GrantRecord, RefreshTokenRecord } from '../store.ts'
import { verifyAccessToken, type AccessTokenClaims } from './verify-access-token.ts'

/** What a token presented to revocation or introspection turned out to be. */
export type FoundToken =
  | {
      readonly active: true
      readonly kind: 'access_token'
      readonly clientId: string
      readonly claims: AccessTokenClaims
      readonly record: AccessTokenRecord
      readonly grant: GrantRecord
    }
  | {
      readonly active: true
      readonly kind: 'refresh_token'
      readonly clientId: string
      readonly record: RefreshTokenRecord
      readonly grant: GrantRecord
    }
  | {
      readonly active: false
      /** Why it is not an active token, for the trace only: the wire never says (RFC 7662 §2.2). */
      readonly reason: string
    }

/** The values of `token_type_hint` this server knows (RFC 7009 §2.1, RFC 7662 §2.1). */
export const tokenTypeHints = ['access_token', 'refresh_token'] as const
export type TokenTypeHint = (typeof tokenTypeHints)[number]

/**
 * Finds an active token of this server: an opaque refresh token in the store, or an access token
 * — a JWT that verifies (RFC 9068 §4), or an opaque one in the store — that was not revoked. The hint is only a hint — "If the server
 * is unable to locate the token using the given hint, it MUST extend its search across all of its
 * supported token types" — so both kinds are always tried; the hint only orders the search.
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.1
 */
export async function findToken(
  server: ServerContext,
  token: string,
  hint: TokenTypeHint | undefined,
): Promise<FoundToken> {
  const order: readonly TokenTypeHint[] =
    hint === 'refresh_token' ? ['refresh_token', 'access_token'] : ['access_token', 'refresh_token']
  const reasons: string[] = []
  for (const kind of order) {
    const found =
      kind === 'refresh_token' ? findRefreshToken(server, token) : await findAccessToken(server, token)
    if (found.active) return found
    if (found.reason !== '') reasons.push(found.reason)
  }
  return {
    active: false,
    reason:
      reasons.join('; ') || 'neither a refresh token this server knows nor a JWT access token it issued',
  }
}

const notFound = (reason = ''): FoundToken => ({ active: false, reason })

function findRefreshToken(server: ServerContext, token: string): FoundToken {
  const record = server.store.get('refreshTokens', token)
  if (record === undefined) return notFound()
  const grant = server.store.get('grants', record.grantId)
  if (grant === undefined) return notFound('a refresh token whose grant this server forgot')
  if (grant.revokedAt !== undefined)
    return notFound(
      `a refresh token of ${record.clientId}, revoked at ${timeOfDay(grant.revokedAt)}: ${grant.revokedReason ?? 'its grant was revoked'}`,
    )
  if (record.revokedAt !== undefined)
    return notFound(
      `a refresh token of ${record.clientId}, revoked at ${timeOfDay(record.revokedAt)}: ${record.revokedReason ?? 'revoked'}`,
    )
  if (record.rotatedAt !== undefined)
    return notFound(
      `a refresh token of ${record.clientId} that was exchanged (rotated) at ${timeOfDay(record.rotatedAt)}`,
    )
  if (record.expiresAt <= nowSeconds(server))
    return notFound(`a refresh token of ${record.clientId} that expired at ${timeOfDay(record.expiresAt)}`)
  return { active: true, kind: 'refresh_token', clientId: record.clientId, record, grant }
}

async function findAccessToken(server: ServerContext, token: string): Promise<FoundToken> {
  const jwt = token.split('.').length === 3
  if (!jwt && server.store.get('accessTokens', token) === undefined) return notFound()
  const verdict = await verifyAccessToken(server, token)
  if (!verdict.valid)
    return notFound(
      `${jwt ? 'a JWT' : 'an opaque token'} that is not an active access token: ${verdict.summary}`,
    )
  return {
    active: true,
    kind: 'access_token',
    clientId: verdict.claims.client_id,
    claims: verdict.claims,
    record: verdict.record,
    grant: verdict.grant,
  }
}
