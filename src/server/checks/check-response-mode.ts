import { InvalidRequest } from '../errors.ts'
import { failed, required, type AuthorizeContext } from './pipeline.ts'

const check = 'check-response-mode'

/**
 * `response_mode` may ask for `query` or `fragment` instead of the response type's default
 * (query for `code`, fragment for the implicit types). Tokens never go in the query, where they
 * would reach server logs and Referer headers: "In no case should a set of Authorization Response
 * parameters whose default Response Mode is the fragment encoding be encoded using the query
 * encoding."
 * @see https://openid.net/specs/oauth-v2-multiple-response-types-1_0.html#ResponseModes
 */
export function checkResponseMode(ctx: AuthorizeContext): void {
  const responseType = required(ctx.responseType, 'response type')
  const byDefault = required(ctx.responseMode, 'default response mode')
  const requested = ctx.params.get('response_mode')
  if (requested === undefined) {
    ctx.trace.pass(
      check,
      `The response goes in the ${byDefault}, the default for response_type ${responseType}`,
      ['oauth-responses-2.1'],
    )
    return
  }
  if (requested !== 'query' && requested !== 'fragment') {
    throw failed(
      ctx,
      check,
      new InvalidRequest(`response_mode ${requested} is not supported; use query or fragment`),
      ['oauth-responses-2.1'],
    )
  }
  if (requested === 'query' && byDefault === 'fragment') {
    throw failed(
      ctx,
      check,
      new InvalidRequest(`response_mode query is not allowed for response_type ${responseType}`),
      ['oauth-responses-2.1'],
      `response_mode query refused: response_type ${responseType} returns tokens, and tokens in a query string end up in server logs and Referer headers`,
    )
  }
  ctx.responseMode = requested
  ctx.trace.pass(check, `The response goes in the ${requested}, as response_mode asks`, [
    'oauth-responses-2.1',
  ])
}
