import { InvalidClientMetadata } from '../errors.ts'
import { failed, listWords, type RegistrationContext } from './pipeline.ts'

const check = 'check-registration-scope'

/**
 * `scope` is the space-separated list of scopes the client may ask for. Each must be a scope this
 * server knows. "If omitted, an authorization server MAY register a client with a default set of
 * scopes": here a client registered without `scope` may ask for every scope the server knows,
 * and must then name the ones it wants in each request.
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-2
 */
export function checkRegistrationScope(ctx: RegistrationContext): void {
  const raw = ctx.metadata['scope'] as string | undefined
  const known = Object.keys(ctx.server.scopes)
  if (raw === undefined) {
    ctx.trace.info(
      check,
      `No scope registered: this client may ask for every scope the server knows (${known.join(' ')})`,
      ['rfc7591-2'],
    )
    return
  }
  const scopes = [...new Set(raw.split(' ').filter((s) => s !== ''))]
  const unknown = scopes.filter((s) => !Object.hasOwn(ctx.server.scopes, s))
  if (unknown.length > 0 || scopes.length === 0)
    throw failed(
      ctx,
      check,
      new InvalidClientMetadata(
        scopes.length === 0
          ? 'scope must name at least one scope'
          : `scope: ${unknown.join(' ')} is not a scope of this server`,
      ),
      ['rfc7591-2', 'rfc7591-3.2.2'],
      `${listWords(unknown.map((s) => `"${s.slice(0, 40)}"`)) || 'an empty scope'} is not a scope this server knows (${known.join(' ')})`,
    )
  ctx.accepted.scope = scopes.join(' ')
  ctx.trace.pass(check, `The client may ask for ${ctx.accepted.scope}`, ['rfc7591-2'])
}
