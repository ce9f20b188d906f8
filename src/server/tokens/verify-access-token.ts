import { createLocalJWKSet, errors, jwtVerify, type JWTPayload } from 'jose'
import { signingAlgorithms } from '../../protocol/server-policies.ts'
import type { SpecRefId } from '../../protocol/spec-refs.ts'
import type { ServerContext } from '../server-context.ts'
import { timeOfDay } from '../server-context.ts'
import type { AccessTokenRecord, GrantRecord } from '../store.ts'

export interface AccessTokenClaims {
  readonly sub: string
  readonly client_id: string
  readonly scope: string
  readonly jti: string
  readonly exp: number
  readonly iat: number
}

export type AccessTokenVerdict =
  | {
      readonly valid: true
      readonly claims: AccessTokenClaims
      readonly record: AccessTokenRecord
      readonly grant: GrantRecord
    }
  | {
      readonly valid: false
      /** For the wire: what a client may be told. */
      readonly description: string
      /** For the trace: the whole story. */
      readonly summary: string
      readonly refs: readonly SpecRefId[]
    }

const invalid = (
  description: string,
  refs: readonly SpecRefId[],
  summary = description,
): AccessTokenVerdict => ({
  valid: false,
  description,
  summary,
  refs,
})

/**
 * Validates an access token as the resource server, UserInfo, introspection and revocation all
 * must, so that the four agree: a JWT as RFC 9068 §4 requires — typ `at+jwt`, a signature by one
 * of the server's keys, `iss`, `aud`, `exp` — or an opaque token by looking it up; then that neither
 * the token (RFC 7009) nor its grant (for example after a replayed authorization code) was revoked.
 * A token is judged by what it is, not by the current `accessTokenFormat`: switching the setting
 * does not invalidate tokens already issued.
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-4
 */
export async function verifyAccessToken(server: ServerContext, token: string): Promise<AccessTokenVerdict> {
  if (token.split('.').length !== 3) return verifyOpaque(server, token)
  let payload: JWTPayload
  try {
    ;({ payload } = await jwtVerify(token, createLocalJWKSet({ keys: server.keys.publicJwks() }), {
      algorithms: [...signingAlgorithms],
      typ: 'at+jwt',
      issuer: server.issuer,
      audience: server.resourceAudience,
      currentDate: new Date(server.clock()),
      requiredClaims: ['sub', 'jti', 'exp', 'iat'],
    }))
  } catch (error) {
    return invalid(describeJoseError(error), ['rfc9068-4', 'rfc6750-3.1'])
  }
  const claims = toClaims(payload)
  if (claims === undefined) return invalid('The access token lacks client_id or scope', ['rfc9068-2.2'])
  const record = server.store.get('accessTokens', claims.jti)
  if (record?.format !== 'jwt')
    return invalid(
      'The access token is not known to this server',
      ['rfc9068-4'],
      'Signature is fine, but this server has no record of the token (jti): it was issued before a reset, or forgotten',
    )
  return checkRecord(server, claims, record)
}

/**
 * An opaque access token means only what this server's record says; an unknown or expired one is
 * as invalid as a forged JWT.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-1.4
 */
function verifyOpaque(server: ServerContext, token: string): AccessTokenVerdict {
  const record = server.store.get('accessTokens', token)
  if (record?.format !== 'opaque')
    return invalid(
      'The access token is not known to this server',
      ['rfc6750-3.1'],
      'Not a JWT, and not an opaque access token this server issued (or it expired and was forgotten)',
    )
  if (record.expiresAt <= Math.floor(server.clock() / 1000))
    return invalid(`The access token expired at ${timeOfDay(record.expiresAt)}`, ['rfc6750-3.1'])
  const claims: AccessTokenClaims = {
    sub: record.subject,
    client_id: record.clientId,
    scope: record.scope,
    jti: token,
    exp: record.expiresAt,
    iat: record.issuedAt,
  }
  return checkRecord(server, claims, record)
}

/** The token itself is fine; is it, its grant or its client revoked or gone? */
function checkRecord(
  server: ServerContext,
  claims: AccessTokenClaims,
  record: AccessTokenRecord,
): AccessTokenVerdict {
  const grant = server.store.get('grants', record.grantId)
  if (grant === undefined)
    return invalid(
      'The access token is not known to this server',
      ['rfc6750-3.1'],
      'The grant the token was issued from was forgotten (the server was reset, or its memory was full)',
    )
  if (!server.clients.has(record.clientId))
    return invalid(
      'The access token was issued to a client that no longer exists',
      ['rfc7592-2.3', 'rfc6750-3.1'],
      `Issued to ${record.clientId}, which was deleted or forgotten: its tokens die with it`,
    )
  if (record.revokedAt !== undefined) {
    return invalid(
      'The access token was revoked',
      ['rfc7009-2.1', 'rfc6750-3.1'],
      `Access token revoked at ${timeOfDay(record.revokedAt)}: ${record.revokedReason ?? 'revoked'}`,
    )
  }
  if (grant.revokedAt !== undefined) {
    return invalid(
      'The access token was revoked',
      ['rfc6749-4.1.2', 'rfc6750-3.1'],
      `Access token revoked at ${timeOfDay(grant.revokedAt)}: ${grant.revokedReason ?? 'its grant was revoked'}`,
    )
  }
  return { valid: true, claims, record, grant }
}

function toClaims(payload: JWTPayload): AccessTokenClaims | undefined {
  const { sub, jti, exp, iat } = payload
  const clientId = payload['client_id']
  const scope = payload['scope']
  if (
    typeof clientId !== 'string' ||
    typeof scope !== 'string' ||
    sub === undefined ||
    jti === undefined ||
    exp === undefined ||
    iat === undefined
  )
    return undefined
  return { sub, jti, exp, iat, client_id: clientId, scope }
}

function describeJoseError(error: unknown): string {
  if (error instanceof errors.JWTExpired)
    return `The access token expired${typeof error.payload.exp === 'number' ? ` at ${timeOfDay(error.payload.exp)}` : ''}`
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return 'The access token signature does not verify with this server key'
  if (error instanceof errors.JWTClaimValidationFailed)
    return `The access token claim ${error.claim} is not valid: ${error.reason}`
  if (error instanceof errors.JWKSNoMatchingKey)
    return 'The access token was signed with a key this server does not have (kid)'
  if (error instanceof errors.JOSEAlgNotAllowed)
    return `The access token is not signed with an algorithm of this server (${signingAlgorithms.join(', ')})`
  return 'The access token is not a JWT issued by this server'
}
