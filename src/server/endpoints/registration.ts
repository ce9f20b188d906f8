import type { Reply } from '../http/reply.ts'
import type { RequestContext } from '../server-context.ts'
import { buildClient, clientInformation, newIdentity, validateMetadata } from '../clients/register-client.ts'
import { tokenErrorResponse } from '../http/back-channel.ts'
import { readJsonObject } from '../http/json-body.ts'
import { jsonResponse, noStoreCors } from '../http/responses.ts'

/**
 * POST `/as/register`: open dynamic client registration. Anyone may register an app — a
 * developer's SPA on `http://localhost:5173`, a CLI on a loopback port — and gets 201 with its new
 * `client_id` (and `client_secret` for a confidential one). Registered clients are kept in memory,
 * bounded, and forgotten after a day unused. Errors are `invalid_redirect_uri` or
 * `invalid_client_metadata`, saying which value is wrong.
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3
 */
export async function registrationEndpoint(ctx: RequestContext): Promise<Reply> {
  try {
    const rctx = await validateMetadata(ctx, await readJsonObject(ctx))
    const client = buildClient(rctx, newIdentity(ctx.server, 'registered'))
    ctx.server.clients.add(client)
    ctx.trace.pass(
      'register-client',
      `Registered ${client.client_id} (${client.client_name}), ${client.client_secret === undefined ? 'a public client' : 'a confidential client with a new secret'}; it can be read, changed and deleted at its registration_client_uri with its registration access token`,
      ['rfc7591-3.2.1', 'rfc7592-2'],
    )
    return jsonResponse(clientInformation(ctx.server, client), 201, noStoreCors)
  } catch (error) {
    return tokenErrorResponse(ctx, error)
  }
}
