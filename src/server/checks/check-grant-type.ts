import { grantTypes, type TokenGrantType } from '../demo-world.ts'
import { InvalidRequest, UnsupportedGrantType } from '../errors.ts'
import { failed, type TokenContext } from './pipeline.ts'

const check = 'check-grant-type'

const known = new Set<string>(Object.values(grantTypes).filter((g) => g !== grantTypes.implicit))
const isKnown = (value: string): value is TokenGrantType => known.has(value)

/**
 * `grant_type` is REQUIRED; a type the server does not support is `unsupported_grant_type`.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export function checkGrantType(ctx: TokenContext): void {
  const grantType = ctx.params.get('grant_type')
  if (grantType === undefined) {
    throw failed(ctx, check, new InvalidRequest('grant_type is missing'), ['rfc6749-4.1.3', 'rfc6749-5.2'])
  }
  if (!isKnown(grantType)) {
    throw failed(
      ctx,
      check,
      new UnsupportedGrantType(`grant_type ${grantType} is not supported`),
      ['rfc6749-5.2'],
      `grant_type "${grantType}" is not a grant this server knows (${[...known].join(', ')})`,
    )
  }
  ctx.grantType = grantType
  ctx.trace.pass(check, `grant_type is ${grantType}`, ['rfc6749-5.2'])
}
