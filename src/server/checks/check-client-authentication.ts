import { timingSafeEqual } from '../../protocol/pkce.ts'
import type { ClientAuthMethod } from '../demo-world.ts'
import { InvalidClient, InvalidRequest } from '../errors.ts'
import { parseBasicCredentials } from '../http/basic-credentials.ts'
import type { RegisteredClient } from '../server-context.ts'
import { failed, type ClientRequestContext } from './pipeline.ts'

const check = 'check-client-authentication'

interface Presented {
  readonly method: ClientAuthMethod
  readonly clientId: string | undefined
  readonly secret: string | undefined
}

/**
 * Authenticates the client: client_secret_basic, client_secret_post, or none for public clients.
 * "The client MUST NOT use more than one authentication method in each request" (RFC 6749 §2.3);
 * a failed Basic attempt gets 401 with a Basic challenge (RFC 6749 §5.2).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 */
export function checkClientAuthentication(ctx: ClientRequestContext): void {
  const presented = presentedCredentials(ctx)
  const client = presented.clientId === undefined ? undefined : ctx.server.clients.get(presented.clientId)
  if (client === undefined) {
    throw invalidClient(
      ctx,
      presented.clientId === undefined
        ? 'client_id is missing: send it in the body, or authenticate with HTTP Basic'
        : `client_id ${presented.clientId} is not registered`,
    )
  }
  verifyMethod(ctx, client, presented)
  ctx.client = client
  ctx.trace.pass(
    check,
    presented.method === 'none'
      ? `${client.client_id} is a public client: identified by client_id only (no secret to check)`
      : `${client.client_id} authenticated with ${presented.method}: the secret matches`,
    ['rfc6749-2.3.1', 'rfc6749-3.2.1'],
  )
}

function presentedCredentials(ctx: ClientRequestContext): Presented {
  const authorization = ctx.request.headers.get('authorization')
  const bodySecret = ctx.params.get('client_secret')
  const bodyId = ctx.params.get('client_id')
  if (authorization === null) {
    return {
      method: bodySecret === undefined ? 'none' : 'client_secret_post',
      clientId: bodyId,
      secret: bodySecret,
    }
  }
  ctx.triedBasic = /^basic /i.test(authorization)
  if (bodySecret !== undefined) {
    throw failed(
      ctx,
      check,
      new InvalidRequest(
        'Use one client authentication method: both an Authorization header and client_secret were sent',
      ),
      ['rfc6749-2.3'],
    )
  }
  const basic = parseBasicCredentials(authorization)
  if (basic === undefined) {
    throw invalidClient(ctx, 'The Authorization header is not valid HTTP Basic client credentials')
  }
  if (bodyId !== undefined && bodyId !== basic.clientId) {
    throw failed(
      ctx,
      check,
      new InvalidRequest('client_id in the body differs from the one in the Authorization header'),
      ['rfc6749-2.3'],
    )
  }
  return { method: 'client_secret_basic', clientId: basic.clientId, secret: basic.clientSecret }
}

function verifyMethod(ctx: ClientRequestContext, client: RegisteredClient, presented: Presented): void {
  if (!client.token_endpoint_auth_methods.includes(presented.method)) {
    const expected = client.token_endpoint_auth_methods.join(' or ')
    throw invalidClient(
      ctx,
      presented.method === 'none'
        ? `${client.client_id} is a confidential client and must authenticate (${expected})`
        : `${client.client_id} does not use ${presented.method} (registered: ${expected})`,
    )
  }
  if (presented.method === 'none') return
  const ok =
    timingSafeEqual(presented.secret ?? '', client.client_secret ?? '\u0000') &&
    client.client_secret !== undefined
  if (!ok) throw invalidClient(ctx, `Wrong client secret for ${client.client_id}`)
}

function invalidClient(ctx: ClientRequestContext, description: string): InvalidClient {
  const error = new InvalidClient(description)
  error.triedBasic = ctx.triedBasic === true
  const suffix = error.triedBasic ? ' (401 with a Basic challenge, because the client tried HTTP Basic)' : ''
  return failed(ctx, check, error, ['rfc6749-2.3.1', 'rfc6749-5.2'], description + suffix)
}
