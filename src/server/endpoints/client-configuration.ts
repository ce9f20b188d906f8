import { reply, type Reply } from '../http/reply.ts'
import { checkRegistrationAccessToken } from '../checks/check-registration-access-token.ts'
import { failed, required, runChecks, type ClientConfigurationContext } from '../checks/pipeline.ts'
import { revokeClientGrants } from '../clients/revoke-client.ts'
import { buildClient, clientInformation, validateMetadata } from '../clients/register-client.ts'
import { InvalidRequest } from '../errors.ts'
import { bearerErrorResponse, tokenErrorResponse } from '../http/back-channel.ts'
import { readJsonObject } from '../http/json-body.ts'
import { jsonResponse, noStoreCors } from '../http/responses.ts'
import type { RequestContext } from '../server-context.ts'
import { timeOfDay, nowSeconds } from '../server-context.ts'

/** The client configuration endpoint of each registered client: `/as/register/{client_id}`. */
export const clientConfigurationPrefix = '/as/register/'

const realm = 'client registration'

function configurationContext(ctx: RequestContext): ClientConfigurationContext {
  let clientId = ctx.url.pathname.slice(clientConfigurationPrefix.length)
  try {
    clientId = decodeURIComponent(clientId)
  } catch {
    // Not percent-encoded validly: no client has such an id, and the token check says so.
  }
  return { ...ctx, clientId }
}

/** Answers a configuration request, its errors as RFC 6750 (token) or RFC 7591 (metadata) errors. */
async function withClient(
  ctx: RequestContext,
  answer: (cctx: ClientConfigurationContext) => Promise<Reply> | Reply,
): Promise<Reply> {
  const cctx = configurationContext(ctx)
  try {
    await runChecks(cctx, [checkRegistrationAccessToken])
  } catch (error) {
    return bearerErrorResponse(cctx, error, realm)
  }
  try {
    return await answer(cctx)
  } catch (error) {
    return tokenErrorResponse(cctx, error)
  }
}

/**
 * GET `/as/register/{client_id}`: the client's current registration, secret included.
 * @see https://www.rfc-editor.org/rfc/rfc7592#section-2.1
 */
export function readClientEndpoint(ctx: RequestContext): Promise<Reply> {
  return withClient(ctx, (cctx) => {
    const client = required(cctx.client, 'client')
    cctx.trace.pass('read-client', `The registration of ${client.client_id}`, ['rfc7592-2.1'])
    return jsonResponse(clientInformation(ctx.server, client), 200, noStoreCors)
  })
}

/** Fields only the server sets: "The client MUST NOT include [them] in its request". */
const serverOnly = [
  'registration_access_token',
  'registration_client_uri',
  'client_secret_expires_at',
  'client_id_issued_at',
] as const

/**
 * PUT `/as/register/{client_id}`: replaces the registration — "this request MUST include all
 * client metadata fields as returned to the client from a previous registration"; omitted ones
 * fall back to their defaults. `client_id` must be the same; a `client_secret`, if sent, must be
 * the current one. The registration access token stays.
 * @see https://www.rfc-editor.org/rfc/rfc7592#section-2.2
 */
export function updateClientEndpoint(ctx: RequestContext): Promise<Reply> {
  return withClient(ctx, async (cctx) => {
    const client = required(cctx.client, 'client')
    const metadata = await readJsonObject(cctx)
    const check = 'check-client-update'
    const forbidden = serverOnly.filter((name) => Object.hasOwn(metadata, name))
    if (forbidden.length > 0)
      throw failed(cctx, check, new InvalidRequest(`${forbidden.join(', ')} must not be sent in an update`), [
        'rfc7592-2.2',
      ])
    if (metadata['client_id'] !== client.client_id)
      throw failed(cctx, check, new InvalidRequest('client_id must be the client_id of this registration'), [
        'rfc7592-2.2',
      ])
    const secret = metadata['client_secret']
    if (secret !== undefined && secret !== client.client_secret)
      throw failed(
        cctx,
        check,
        new InvalidRequest('client_secret is not the current secret of this client'),
        ['rfc7592-2.2'],
      )
    cctx.trace.pass(check, `An update of ${client.client_id}, without server-only fields`, ['rfc7592-2.2'])
    const registration = required(client.registration, 'registration')
    const rctx = await validateMetadata(cctx, metadata)
    const updated = buildClient(rctx, {
      kind: client.kind === 'configured' ? 'configured' : 'registered',
      clientId: client.client_id,
      accessToken: registration.accessToken,
      issuedAt: registration.issuedAt,
      ...(client.client_secret === undefined ? {} : { clientSecret: client.client_secret }),
    })
    ctx.server.clients.add(updated)
    cctx.trace.pass('update-client', `Updated the registration of ${client.client_id}`, ['rfc7592-2.2'])
    return jsonResponse(clientInformation(ctx.server, updated), 200, noStoreCors)
  })
}

/**
 * DELETE `/as/register/{client_id}`: forgets the client and revokes its grants, so its tokens stop
 * working at once (the resource server also refuses tokens of clients it does not know).
 * @see https://www.rfc-editor.org/rfc/rfc7592#section-2.3
 */
export function deleteClientEndpoint(ctx: RequestContext): Promise<Reply> {
  return withClient(ctx, (cctx) => {
    const client = required(cctx.client, 'client')
    ctx.server.clients.delete(client.client_id)
    revokeClientGrants(
      ctx.server,
      client.client_id,
      `its client was deleted at ${timeOfDay(nowSeconds(ctx.server))}`,
    )
    cctx.trace.pass(
      'delete-client',
      `Deleted ${client.client_id}: its grants and tokens are revoked, and its registration access token is dead`,
      ['rfc7592-2.3'],
    )
    return reply(204, noStoreCors, null)
  })
}
