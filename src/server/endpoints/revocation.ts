import { reply, type Reply } from '../http/reply.ts'
import { checkClientAuthentication } from '../checks/check-client-authentication.ts'
import { checkDuplicateParams } from '../checks/check-duplicate-params.ts'
import { required, runChecks, type Check, type TokenLookupContext } from '../checks/pipeline.ts'
import { checkTokenParam } from '../checks/check-token-param.ts'
import { tokenErrorResponse } from '../http/back-channel.ts'
import { noStoreCors } from '../http/responses.ts'
import type { RequestContext } from '../server-context.ts'
import { nowSeconds, timeOfDay } from '../server-context.ts'
import { findToken } from '../tokens/find-token.ts'
import { revokeGrant } from '../tokens/revoke-grant.ts'
import { readBackChannelForm } from './back-channel-form.ts'

/** The client is authenticated as at the token endpoint — a public client by its client_id alone. */
export const revocationChecks: readonly Check<TokenLookupContext>[] = [
  checkDuplicateParams,
  checkClientAuthentication,
  checkTokenParam,
]

const check = 'revoke-token'

/**
 * POST `/as/revoke`: the client says it no longer needs a token. Revoking a refresh token revokes
 * its whole grant — "the authorization server SHOULD also invalidate all access tokens based on the
 * same authorization grant" — and revoking a JWT access token marks its `jti` revoked, which the
 * RS, UserInfo and introspection check. The answer is 200 with an empty body whether or not
 * anything was revoked: "invalid tokens do not cause an error response" (§2.2), and a token of
 * another client is refused without telling which, so nobody learns about others' tokens.
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.1
 */
export async function revocationEndpoint(ctx: RequestContext): Promise<Reply> {
  try {
    const rctx: TokenLookupContext = { ...ctx, params: await readBackChannelForm(ctx) }
    await runChecks(rctx, revocationChecks)
    await revoke(rctx)
    return reply(200, noStoreCors, null)
  } catch (error) {
    return tokenErrorResponse(ctx, error)
  }
}

async function revoke(ctx: TokenLookupContext): Promise<void> {
  const client = required(ctx.client, 'client')
  const { server } = ctx
  const found = await findToken(server, required(ctx.token, 'token'), ctx.tokenTypeHint)
  if (!found.active) {
    ctx.trace.info(
      check,
      `Nothing to revoke — ${found.reason}. Answered 200 all the same: "invalid tokens do not cause an error response"`,
      ['rfc7009-2.2'],
    )
    return
  }
  if (found.clientId !== client.client_id) {
    ctx.trace.fail(
      check,
      `Not revoked: this ${found.kind === 'access_token' ? 'access' : 'refresh'} token was issued to ${found.clientId}, not ${client.client_id}. Answered 200 exactly as for an unknown token, so the caller learns nothing about other clients' tokens`,
      ['rfc7009-2.1'],
    )
    return
  }
  const at = timeOfDay(nowSeconds(server))
  if (found.kind === 'refresh_token') {
    revokeGrant(server, found.record.grantId, `${client.client_id} revoked its refresh token at ${at}`)
    ctx.trace.pass(
      check,
      'Revoked the refresh token and, with it, its whole grant: every access token issued from it stops working too',
      ['rfc7009-2.1'],
    )
    return
  }
  found.record.revokedAt = nowSeconds(server)
  found.record.revokedReason = `${client.client_id} revoked it at ${at}`
  ctx.trace.pass(
    check,
    `Revoked this ${found.record.format === 'jwt' ? `JWT access token (jti ${found.claims.jti.slice(0, 8)}…)` : 'opaque access token'}: the resource server, UserInfo and introspection refuse it from now on. Its grant, and any refresh token, stay valid`,
    ['rfc7009-2.1'],
  )
}
