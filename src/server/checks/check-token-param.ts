import { InvalidRequest } from '../errors.ts'
import { tokenTypeHints, type TokenTypeHint } from '../tokens/find-token.ts'
import { failed, type TokenLookupContext } from './pipeline.ts'

const check = 'check-token-param'

const isHint = (value: string): value is TokenTypeHint =>
  (tokenTypeHints as readonly string[]).includes(value)

/**
 * "token REQUIRED. The token that the client wants to get revoked [or introspected]";
 * `token_type_hint` is OPTIONAL and only a hint — an unknown value is ignored ("An authorization
 * server MAY ignore this parameter").
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.1
 */
export function checkTokenParam(ctx: TokenLookupContext): void {
  const token = ctx.params.get('token')
  if (token === undefined)
    throw failed(ctx, check, new InvalidRequest('token is missing'), ['rfc7009-2.1', 'rfc7662-2.1'])
  ctx.token = token
  const hint = ctx.params.get('token_type_hint')
  if (hint === undefined) {
    ctx.trace.pass(check, 'token is present, without token_type_hint: every kind of token is looked at', [
      'rfc7009-2.1',
    ])
    return
  }
  if (!isHint(hint)) {
    ctx.trace.info(
      check,
      `token_type_hint "${hint}" is not one this server knows (access_token, refresh_token): ignored`,
      ['rfc7009-2.1'],
    )
    return
  }
  ctx.tokenTypeHint = hint
  ctx.trace.pass(
    check,
    `token is present; token_type_hint ${hint} decides where to look first, but the other kind is looked at too`,
    ['rfc7009-2.1'],
  )
}
