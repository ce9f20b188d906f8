import type { ClientAuthMethod } from '../demo-world.ts'
import { InvalidClientMetadata } from '../errors.ts'
import { failed, required, type RegistrationContext } from './pipeline.ts'

const check = 'check-registration-auth-method'

const methods: readonly ClientAuthMethod[] = ['client_secret_basic', 'client_secret_post', 'none']
const isMethod = (value: string): value is ClientAuthMethod => (methods as readonly string[]).includes(value)

/**
 * `token_endpoint_auth_method` must be one this server supports — "If unspecified or omitted, the
 * default is client_secret_basic" — and fit the grants: a client acting on its own behalf must
 * authenticate ("The client credentials grant type MUST only be used by confidential clients",
 * RFC 6749 §4.4).
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-2
 */
export function checkRegistrationAuthMethod(ctx: RegistrationContext): void {
  const grants = required(ctx.accepted.grantTypes, 'grant types')
  const raw = (ctx.metadata['token_endpoint_auth_method'] as string | undefined) ?? 'client_secret_basic'
  if (!isMethod(raw))
    throw failed(
      ctx,
      check,
      new InvalidClientMetadata(
        `token_endpoint_auth_method ${raw} is not supported; use client_secret_basic, client_secret_post or none`,
      ),
      ['rfc7591-2', 'rfc7591-3.2.2'],
    )
  if (raw === 'none' && grants.includes('client_credentials'))
    throw failed(
      ctx,
      check,
      new InvalidClientMetadata(
        'client_credentials needs a confidential client: token_endpoint_auth_method none cannot use it',
      ),
      ['rfc6749-4.4', 'rfc7591-3.2.2'],
      'A public client (none) has no secret, so it cannot act on its own behalf with client_credentials',
    )
  ctx.accepted.authMethod = raw
  ctx.trace.pass(
    check,
    raw === 'none'
      ? 'token_endpoint_auth_method none: a public client, with no secret'
      : `token_endpoint_auth_method ${raw}${ctx.metadata['token_endpoint_auth_method'] === undefined ? ' (the default)' : ''}: a confidential client, which gets a client_secret`,
    ['rfc7591-2', 'rfc6749-2.1'],
  )
}
