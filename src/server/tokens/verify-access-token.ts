import { createLocalJWKSet, errors, jwtVerify, type JWTPayload } from 'jose'
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
 * Validates a JWT access token as RFC 9068 §4 requires — typ `at+jwt`, signature with the
 * server's key, `iss`, `aud`, `exp` — and then that neither the token (RFC 7009) nor its grant
 * (for example after a replayed authorization code) was revoked. Shared by the resource server,
 * UserInfo, introspection and revocation, so that all four agree on what is valid.
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-4
 */
export async function verifyAccessToken(server: ServerContext, token: string): Promise<AccessTokenVerdict> {
  const key = await server.signingKey()
  let payload: JWTPayload
  try {
    ;({ payload } = await jwtVerify(token, createLocalJWKSet({ keys: [key.publicJwk] }), {
      algorithms: ['RS256'],
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
  const grant = record === undefined ? undefined : server.store.get('grants', record.grantId)
  if (record === undefined || grant === undefined) {
    return invalid(
      'The access token is not known to this server',
      ['rfc9068-4'],
      'Signature is fine, but this server has no record of the token (jti): it was issued before a reset',
    )
  }
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
  if (error instanceof errors.JOSEAlgNotAllowed) return 'The access token is not signed with RS256'
  return 'The access token is not a JWT issued by this server'
}
