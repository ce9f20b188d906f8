import { InvalidScope } from '../errors.ts'
import type { Params } from '../http/params.ts'
import type { RegisteredClient, RequestContext } from '../server-context.ts'
import { failed, listWords, required } from './pipeline.ts'

const check = 'check-scope'

/** scope-token = 1*( %x21 / %x23-5B / %x5D-7E ) (RFC 6749 §3.3). */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/

/**
 * Every requested scope must be one the server knows and, when the client registered a scope
 * list, one of those. "If the client omits the scope parameter … the authorization server MUST
 * either process the request using a pre-defined default value or fail the request indicating an
 * invalid scope": this server uses the client's registered list as the default, and fails when
 * the client registered none — to make the choice visible.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.3
 */
export function checkScope(
  ctx: RequestContext & { readonly params: Params; readonly client?: RegisteredClient; scope?: string },
): void {
  const client = required(ctx.client, 'client')
  const raw = ctx.params.get('scope')
  if (raw === undefined) {
    if (client.scope === undefined) {
      throw failed(
        ctx,
        check,
        new InvalidScope(`scope is missing, and client ${client.client_id} has no default scope`),
        ['rfc6749-3.3'],
      )
    }
    ctx.scope = client.scope
    ctx.trace.info(
      check,
      `scope omitted: ${client.client_id} gets its registered default scope, ${client.scope}`,
      ['rfc6749-3.3'],
    )
    return
  }
  const scopes = [...new Set(raw.split(' ').filter((s) => s !== ''))]
  const unknown = scopes.filter((s) => !SCOPE_TOKEN.test(s) || !Object.hasOwn(ctx.server.scopes, s))
  if (unknown.length > 0 || scopes.length === 0) {
    throw failed(
      ctx,
      check,
      new InvalidScope(`unknown scope: ${unknown.join(' ')}`),
      ['rfc6749-3.3', 'rfc6749-4.1.2.1'],
      `${listWords(unknown.map((s) => `"${s}"`))} ${unknown.length === 1 ? 'is' : 'are'} not a scope this server knows (known: ${Object.keys(ctx.server.scopes).join(' ')})`,
    )
  }
  const allowed = client.scope?.split(' ')
  const refused = allowed === undefined ? [] : scopes.filter((s) => !allowed.includes(s))
  if (allowed !== undefined && refused.length > 0) {
    throw failed(
      ctx,
      check,
      new InvalidScope(`scope ${refused.join(' ')} is not allowed for client ${client.client_id}`),
      ['rfc6749-3.3'],
      `${client.client_id} registered the scopes ${allowed.join(' ')}; it may not ask for ${listWords(refused)}`,
    )
  }
  ctx.scope = scopes.join(' ')
  ctx.trace.pass(
    check,
    allowed === undefined
      ? `Every requested scope is known: ${ctx.scope}`
      : `Every requested scope is known and registered for ${client.client_id}: ${ctx.scope}`,
    ['rfc6749-3.3'],
  )
}
