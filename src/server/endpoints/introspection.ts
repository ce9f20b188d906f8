import type { Reply } from '../http/reply.ts'
import { checkClientAuthentication } from '../checks/check-client-authentication.ts'
import { checkConfidentialClient } from '../checks/check-confidential-client.ts'
import { checkDuplicateParams } from '../checks/check-duplicate-params.ts'
import { required, runChecks, type Check, type TokenLookupContext } from '../checks/pipeline.ts'
import { checkTokenParam } from '../checks/check-token-param.ts'
import { tokenErrorResponse } from '../http/back-channel.ts'
import { jsonResponse, noStoreCors } from '../http/responses.ts'
import type { RequestContext, ServerContext } from '../server-context.ts'
import { findUser } from '../server-context.ts'
import { findToken, type FoundToken } from '../tokens/find-token.ts'
import { readBackChannelForm } from './back-channel-form.ts'

export const introspectionChecks: readonly Check<TokenLookupContext>[] = [
  checkDuplicateParams,
  checkClientAuthentication,
  checkConfidentialClient,
  checkTokenParam,
]

const check = 'introspect-token'

/**
 * POST `/as/introspect`: an authenticated client asks whether a token it was issued is active, and
 * what it grants. Anything else — unknown, expired, revoked, or another client's — is exactly
 * `{"active": false}`: the server "SHOULD NOT include any additional information about an inactive
 * token, including why the token is inactive". The trace says why.
 * @see https://www.rfc-editor.org/rfc/rfc7662#section-2.2
 */
export async function introspectionEndpoint(ctx: RequestContext): Promise<Reply> {
  try {
    const ictx: TokenLookupContext = { ...ctx, params: await readBackChannelForm(ctx) }
    await runChecks(ictx, introspectionChecks)
    return jsonResponse(await introspect(ictx), 200, noStoreCors)
  } catch (error) {
    return tokenErrorResponse(ctx, error)
  }
}

async function introspect(ctx: TokenLookupContext): Promise<Record<string, unknown>> {
  const client = required(ctx.client, 'client')
  const found = await findToken(ctx.server, required(ctx.token, 'token'), ctx.tokenTypeHint)
  if (!found.active) {
    ctx.trace.info(check, `Inactive — ${found.reason}. Answered {"active": false}, without saying why`, [
      'rfc7662-2.2',
    ])
    return { active: false }
  }
  if (found.clientId !== client.client_id) {
    ctx.trace.fail(
      check,
      `This ${found.kind === 'access_token' ? 'access' : 'refresh'} token is active but was issued to ${found.clientId}, not ${client.client_id}: answered {"active": false}, exactly as for an unknown token`,
      ['rfc7662-2.2', 'rfc7662-4'],
    )
    return { active: false }
  }
  const body = activeTokenBody(ctx.server, found)
  ctx.trace.pass(
    check,
    `Active ${found.kind === 'access_token' ? 'access' : 'refresh'} token of ${client.client_id} for ${String(body['scope'])}, until ${new Date(Number(body['exp']) * 1000).toISOString()}`,
    ['rfc7662-2.2'],
  )
  return body
}

/** The members of RFC 7662 §2.2 for an active token; `username` only when there is a user. */
function activeTokenBody(
  server: ServerContext,
  found: FoundToken & { active: true },
): Record<string, unknown> {
  const userId = found.grant.userId
  const user = userId === undefined ? undefined : findUser(server, userId)
  const common = {
    active: true,
    scope: found.kind === 'access_token' ? found.claims.scope : found.record.scope,
    client_id: found.clientId,
  }
  const specific =
    found.kind === 'access_token'
      ? {
          sub: found.claims.sub,
          exp: found.claims.exp,
          iat: found.claims.iat,
          iss: server.issuer,
          aud: server.resourceAudience,
          token_type: 'Bearer',
        }
      : {
          sub: found.record.userId,
          exp: found.record.expiresAt,
          iat: found.record.issuedAt,
          iss: server.issuer,
          // A refresh token is presented only to this server's token endpoint.
          aud: server.issuer,
          token_type: 'refresh_token',
        }
  return { ...common, ...specific, ...(user === undefined ? {} : { username: user.username }) }
}
