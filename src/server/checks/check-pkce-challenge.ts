import { isValidCodeChallenge } from '../../protocol/pkce.ts'
import { InvalidRequest } from '../errors.ts'
import { isPublicClient } from '../server-context.ts'
import { failed, notePolicy, refusedByPolicy, required, type AuthorizeContext } from './pipeline.ts'

const check = 'check-pkce-challenge'

/** An S256 challenge is a base64url SHA-256 digest: exactly 43 characters (RFC 7636 §4.2). */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/

/**
 * Records the PKCE challenge. "Public clients MUST use PKCE" (RFC 9700 §2.1.1) — unless the
 * insecure `publicClientsWithoutPkce` setting is on — and confidential clients must under
 * `requirePkceForConfidentialClients`; a missing `code_challenge_method` "defaults to plain"
 * (RFC 7636 §4.3), which this server refuses unless `allowPlainPkce` is on; an unsupported method
 * is `invalid_request` (RFC 7636 §4.4.1). The implicit grant issues no code, so PKCE has nothing
 * to bind there.
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.4.1
 */
export function checkPkceChallenge(ctx: AuthorizeContext): void {
  const client = required(ctx.client, 'client')
  if (ctx.grantType === 'implicit') {
    ctx.trace.info(
      check,
      'PKCE does not apply to the implicit grant: there is no code to protect, the tokens come straight back — one reason the grant is deprecated',
      ['rfc9700-2.1.2'],
    )
    return
  }
  const challenge = ctx.params.get('code_challenge')
  const method = ctx.params.get('code_challenge_method')
  if (challenge === undefined) return noChallenge(ctx, isPublicClient(client), method)
  const effective = method ?? 'plain'
  if (effective !== 'S256' && effective !== 'plain') {
    throw failed(
      ctx,
      check,
      new InvalidRequest(`code_challenge_method ${effective} is not supported; use S256`),
      ['rfc7636-4.4.1'],
    )
  }
  if (effective === 'plain') {
    const why =
      method === undefined
        ? 'code_challenge_method is missing, which means plain (RFC 7636 section 4.3)'
        : 'code_challenge_method plain'
    if (!ctx.server.policies.allowPlainPkce)
      throw refusedByPolicy(
        ctx,
        check,
        'allowPlainPkce',
        new InvalidRequest(`${why} is not allowed; use S256`),
        ['rfc7636-4.3', 'rfc7636-4.4.1', 'rfc9700-2.1.1'],
        `${why} is refused: with plain, anyone who sees the authorization request also knows the verifier. Use S256`,
      )
    notePolicy(
      ctx,
      check,
      'allowPlainPkce',
      `${why} is accepted: the verifier will be compared with the challenge as it is`,
      ['rfc7636-4.2'],
    )
  }
  const wellFormed = effective === 'S256' ? S256_CHALLENGE.test(challenge) : isValidCodeChallenge(challenge)
  if (!wellFormed) {
    throw failed(
      ctx,
      check,
      new InvalidRequest(`code_challenge is malformed for ${effective}`),
      ['rfc7636-4.2'],
      `code_challenge "${challenge}" is not a valid ${effective} challenge (${effective === 'S256' ? '43 base64url characters' : '43-128 unreserved characters'})`,
    )
  }
  ctx.codeChallenge = challenge
  ctx.codeChallengeMethod = effective
  ctx.trace.pass(
    check,
    `PKCE ${effective} challenge recorded: the token request must present the matching code_verifier`,
    ['rfc7636-4.3', 'rfc9700-2.1.1'],
  )
}

function noChallenge(ctx: AuthorizeContext, publicClient: boolean, method: string | undefined): void {
  if (method !== undefined) {
    throw failed(ctx, check, new InvalidRequest('code_challenge_method was sent without code_challenge'), [
      'rfc7636-4.3',
    ])
  }
  const { client } = ctx
  const id = client?.client_id ?? 'the client'
  if (publicClient) {
    if (!ctx.server.policies.publicClientsWithoutPkce)
      throw refusedByPolicy(
        ctx,
        check,
        'publicClientsWithoutPkce',
        new InvalidRequest('code_challenge is required: public clients must use PKCE'),
        ['rfc9700-2.1.1', 'rfc7636-4.4.1'],
        `No code_challenge, but ${id} is a public client (no secret): public clients MUST use PKCE, otherwise a stolen code is enough to get tokens`,
      )
    return notePolicy(
      ctx,
      check,
      'publicClientsWithoutPkce',
      `INSECURE: ${id} is a public client and sent no code_challenge, which this misbehaving server lets through — a stolen code now buys tokens`,
      ['rfc9700-2.1.1'],
    )
  }
  if (ctx.server.policies.requirePkceForConfidentialClients)
    throw refusedByPolicy(
      ctx,
      check,
      'requirePkceForConfidentialClients',
      new InvalidRequest('code_challenge is required: this server requires PKCE from every client'),
      ['rfc9700-2.1.1', 'rfc7636-4.4.1'],
      `No code_challenge from ${id}: confidential clients must use PKCE on this server too`,
    )
  notePolicy(
    ctx,
    check,
    'requirePkceForConfidentialClients',
    `No PKCE challenge: allowed for ${id}, a confidential client, though RFC 9700 recommends PKCE for every client`,
    ['rfc9700-2.1.1'],
  )
}
