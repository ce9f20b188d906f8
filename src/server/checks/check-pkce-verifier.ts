import { computeS256Challenge, isValidCodeVerifier, timingSafeEqual } from '../../protocol/pkce.ts'
import { InvalidGrant } from '../errors.ts'
import { failed, required, type TokenContext } from './pipeline.ts'

const check = 'check-pkce-verifier'

/**
 * Verifies the code_verifier against the stored challenge, in constant time (RFC 7636 §4.6). Also
 * "MUST mitigate PKCE downgrade attacks by ensuring that a token request containing a
 * code_verifier parameter is accepted only if a code_challenge parameter was present" (RFC 9700 §2.1.1).
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.6
 */
export async function checkPkceVerifier(ctx: TokenContext): Promise<void> {
  const code = required(ctx.code, 'code')
  const verifier = ctx.params.get('code_verifier')
  const challenge = code.codeChallenge
  if (challenge === undefined) {
    if (verifier !== undefined) {
      throw failed(
        ctx,
        check,
        new InvalidGrant('code_verifier sent, but the authorization request had no code_challenge'),
        ['rfc9700-2.1.1', 'rfc9700-4.8'],
        'code_verifier sent although the authorization request had no code_challenge: a PKCE downgrade, so the request is refused',
      )
    }
    ctx.trace.info(check, 'No PKCE in this grant: no challenge was sent, and no verifier', ['rfc9700-2.1.1'])
    return
  }
  if (verifier === undefined) {
    throw failed(
      ctx,
      check,
      new InvalidGrant('code_verifier is missing, but the authorization request had a code_challenge'),
      ['rfc9700-2.1.1', 'rfc7636-4.5'],
    )
  }
  if (!isValidCodeVerifier(verifier)) {
    throw failed(ctx, check, new InvalidGrant('code_verifier is malformed: 43-128 unreserved characters'), [
      'rfc7636-4.1',
    ])
  }
  const method = code.codeChallengeMethod ?? 'plain'
  const derived = method === 'S256' ? await computeS256Challenge(verifier) : verifier
  if (!timingSafeEqual(derived, challenge)) {
    throw failed(
      ctx,
      check,
      new InvalidGrant('code_verifier does not match the code_challenge'),
      ['rfc7636-4.6'],
      method === 'S256'
        ? `BASE64URL(SHA256(code_verifier)) is ${derived}, but the challenge was ${challenge}`
        : 'code_verifier is not equal to the plain challenge',
    )
  }
  ctx.trace.pass(
    check,
    `${method === 'S256' ? 'BASE64URL(SHA256(code_verifier))' : 'code_verifier'} equals the code_challenge: the caller is the app that started the flow`,
    ['rfc7636-4.6'],
  )
}
