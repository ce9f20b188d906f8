import type { Reply } from './reply.ts'
import {
  AuthenticationRequired,
  InsufficientScope,
  InvalidClient,
  OAuthError,
  toOAuthError,
} from '../errors.ts'
import type { RequestContext } from '../server-context.ts'
import { recordUnexpected } from './front-channel.ts'
import { jsonResponse, noStoreCors, oauthErrorBody, quoted } from './responses.ts'

/**
 * A token-endpoint error: JSON `{error, error_description}`, 400 — or 401 with a Basic challenge
 * for `invalid_client` ("MAY return an HTTP 401 … If the client attempted to authenticate via the
 * Authorization request header field, the authorization server MUST respond with an HTTP 401").
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export function tokenErrorResponse(ctx: RequestContext, thrown: unknown): Reply {
  const error = toOAuthError(thrown)
  if (!(thrown instanceof OAuthError)) recordUnexpected(ctx, thrown)
  const headers: Record<string, string> = { ...noStoreCors }
  if (error instanceof InvalidClient) {
    headers['WWW-Authenticate'] = `Basic realm=${quoted(ctx.server.issuer)}, error="invalid_client"`
  }
  return jsonResponse(oauthErrorBody(error), error.status, headers)
}

/**
 * A protected-resource error with its `WWW-Authenticate: Bearer` challenge: no error code when no
 * token was sent, `invalid_token` 401, `insufficient_scope` 403 with the needed `scope`.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */
export function bearerErrorResponse(ctx: RequestContext, thrown: unknown, realm: string): Reply {
  const headers: Record<string, string> = { ...noStoreCors }
  if (thrown instanceof AuthenticationRequired) {
    headers['WWW-Authenticate'] = `Bearer realm=${quoted(realm)}`
    return jsonResponse({ error_description: 'An access token is required' }, 401, headers)
  }
  const error = toOAuthError(thrown)
  if (!(thrown instanceof OAuthError)) recordUnexpected(ctx, thrown)
  const attributes = [
    `realm=${quoted(realm)}`,
    `error=${quoted(error.code)}`,
    `error_description=${quoted(error.description)}`,
  ]
  if (error instanceof InsufficientScope) attributes.push(`scope=${quoted(error.requiredScope)}`)
  headers['WWW-Authenticate'] = `Bearer ${attributes.join(', ')}`
  return jsonResponse(oauthErrorBody(error), error.status, headers)
}
