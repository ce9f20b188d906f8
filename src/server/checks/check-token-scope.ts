import { InsufficientScope } from '../errors.ts'
import { failed, listWords, required, type BearerContext } from './pipeline.ts'

const check = 'check-token-scope'

/**
 * The token must carry every scope the resource needs, else 403 `insufficient_scope` with the
 * needed `scope` in the challenge.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 */
export function checkTokenScope(ctx: BearerContext): void {
  const claims = required(ctx.claims, 'access token claims')
  const granted = claims.scope.split(' ')
  const missing = ctx.requiredScopes.filter((s) => !granted.includes(s))
  const needed = ctx.requiredScopes.join(' ')
  if (missing.length > 0) {
    throw failed(
      ctx,
      check,
      new InsufficientScope(`This resource needs the scope ${needed}`, needed),
      ['rfc6750-3.1'],
      `The token was granted "${claims.scope}" but this resource needs ${listWords(missing)} too`,
    )
  }
  ctx.trace.pass(check, `The token was granted ${needed}, which this resource needs`, [
    'rfc6750-3.1',
    'rfc6749-3.3',
  ])
}
