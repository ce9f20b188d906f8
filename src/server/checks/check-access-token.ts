import { InvalidToken } from '../errors.ts'
import { nowSeconds, timeOfDay } from '../server-context.ts'
import { verifyAccessToken } from '../tokens/verify-access-token.ts'
import { failed, required, type BearerContext } from './pipeline.ts'

const check = 'check-access-token'

/**
 * Validates the access token — a JWT as RFC 9068 §4 requires (typ `at+jwt`, signature with the
 * server's key, `iss`, `aud`, `exp`), or an opaque one by its record — and then that neither it
 * nor its grant was revoked (for example by the client at the revocation endpoint, or after a
 * replayed authorization code).
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-4
 */
export async function checkAccessToken(ctx: BearerContext): Promise<void> {
  const token = required(ctx.accessToken, 'access token')
  const { server } = ctx
  const verdict = await verifyAccessToken(server, token)
  if (!verdict.valid)
    throw failed(ctx, check, new InvalidToken(verdict.description), verdict.refs, verdict.summary)
  const { claims, grant, record } = verdict
  ctx.claims = claims
  ctx.grant = grant
  const expiry = `expires ${timeOfDay(claims.exp)} (now ${timeOfDay(nowSeconds(server))}), not revoked`
  if (record.format === 'opaque')
    ctx.trace.pass(
      check,
      `Valid opaque access token: this server issued it (its record says who for and what), ${expiry}`,
      ['rfc6749-1.4', 'rfc6750-3.1'],
    )
  else
    ctx.trace.pass(
      check,
      `Valid JWT access token: signed by this server, typ at+jwt, audience ${server.resourceAudience}, ${expiry}`,
      ['rfc9068-4'],
    )
}
