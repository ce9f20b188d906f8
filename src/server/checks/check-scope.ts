import { InvalidScope } from '../errors.ts'
import { failed, listWords, type AuthorizeContext } from './pipeline.ts'

const check = 'check-scope'

/** scope-token = 1*( %x21 / %x23-5B / %x5D-7E ) (RFC 6749 §3.3). */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/

/**
 * Every requested scope must be one the server knows. "If the client omits the scope parameter …
 * the authorization server MUST either process the request using a pre-defined default value or
 * fail the request indicating an invalid scope" — this server fails, to make the choice visible.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.3
 */
export function checkScope(ctx: AuthorizeContext): void {
  const raw = ctx.params.get('scope')
  if (raw === undefined) {
    throw failed(ctx, check, new InvalidScope('scope is missing; this server has no default scope'), [
      'rfc6749-3.3',
    ])
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
  ctx.scope = scopes.join(' ')
  ctx.trace.pass(check, `Every requested scope is known: ${ctx.scope}`, ['rfc6749-3.3'])
}
