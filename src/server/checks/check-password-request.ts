import { InvalidRequest } from '../errors.ts'
import { failed, type TokenContext } from './pipeline.ts'

const check = 'check-password-request'

/**
 * The password grant's own parameters: "username REQUIRED. The resource owner username.
 * password REQUIRED. The resource owner password."
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.3.2
 */
export function checkPasswordRequest(ctx: TokenContext): void {
  for (const name of ['username', 'password'] as const) {
    if (ctx.params.get(name) === undefined)
      throw failed(ctx, check, new InvalidRequest(`${name} is missing`), ['rfc6749-4.3.2'])
  }
  ctx.trace.pass(check, 'username and password are present', ['rfc6749-4.3.2'])
}
