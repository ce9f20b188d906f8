import { createLocalJWKSet, errors, jwtVerify, type JWTPayload } from 'jose'
import { InvalidToken } from '../errors.ts'
import { nowSeconds, timeOfDay } from '../server-context.ts'
import { failed, required, type AccessTokenClaims, type BearerContext } from './pipeline.ts'

const check = 'check-access-token'

/**
 * Validates a JWT access token as RFC 9068 §4 requires — typ `at+jwt`, signature with the
 * server's key, `iss`, `aud`, `exp` — and then that its grant was not revoked (for example after a
 * replayed authorization code).
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-4
 */
export async function checkAccessToken(ctx: BearerContext): Promise<void> {
  const token = required(ctx.accessToken, 'access token')
  const { server } = ctx
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
    throw failed(ctx, check, new InvalidToken(describeJoseError(error)), ['rfc9068-4', 'rfc6750-3.1'])
  }
  const claims = toClaims(payload)
  if (claims === undefined)
    throw failed(ctx, check, new InvalidToken('The access token lacks client_id or scope'), ['rfc9068-2.2'])
  const record = server.store.get('accessTokens', claims.jti)
  const grant = record === undefined ? undefined : server.store.get('grants', record.grantId)
  if (record === undefined || grant === undefined) {
    throw failed(
      ctx,
      check,
      new InvalidToken('The access token is not known to this server'),
      ['rfc9068-4'],
      'Signature is fine, but this server has no record of the token (jti): it was issued before a reset',
    )
  }
  if (grant.revokedAt !== undefined) {
    throw failed(
      ctx,
      check,
      new InvalidToken('The access token was revoked'),
      ['rfc6749-4.1.2', 'rfc6750-3.1'],
      `Access token revoked at ${timeOfDay(grant.revokedAt)}: ${grant.revokedReason ?? 'its grant was revoked'}`,
    )
  }
  ctx.claims = claims
  ctx.trace.pass(
    check,
    `Valid access token: signed by this server, typ at+jwt, audience ${server.resourceAudience}, expires ${timeOfDay(claims.exp)} (now ${timeOfDay(nowSeconds(server))}), not revoked`,
    ['rfc9068-4'],
  )
}

function toClaims(payload: JWTPayload): AccessTokenClaims | undefined {
  const { sub, jti, exp } = payload
  const clientId = payload['client_id']
  const scope = payload['scope']
  if (
    typeof clientId !== 'string' ||
    typeof scope !== 'string' ||
    sub === undefined ||
    jti === undefined ||
    exp === undefined
  )
    return undefined
  return { sub, jti, exp, client_id: clientId, scope }
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
