/**
 * One class per registered OAuth error code, as node-oidc-provider does it. A check throws one of
 * these after recording its failure in the trace; the endpoint turns it into the right response.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'access_denied'
  | 'unsupported_response_type'
  | 'invalid_token'
  | 'insufficient_scope'
  | 'server_error'
  | 'authorization_pending'
  | 'slow_down'
  | 'expired_token'
  | 'invalid_redirect_uri'
  | 'invalid_client_metadata'

/**
 * "Values for the error_description parameter MUST NOT include characters outside the set
 * %x20-21 / %x23-5B / %x5D-7E" — so no quote, no backslash, no control or non-ASCII characters.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export function sanitizeErrorDescription(text: string): string {
  return text
    .replace(/"/g, "'")
    .replace(/\\/g, '/')
    .replace(/[^\x20-\x7e]/g, '?')
}

export abstract class OAuthError extends Error {
  abstract readonly code: OAuthErrorCode
  readonly status: number = 400
  /** False when the request was too ambiguous to echo `state` back (duplicate parameters). */
  echoState = true

  constructor(description: string) {
    super(sanitizeErrorDescription(description))
  }

  get description(): string {
    return this.message
  }
}

export class InvalidRequest extends OAuthError {
  readonly code = 'invalid_request'
}
export class InvalidClient extends OAuthError {
  readonly code = 'invalid_client'
  override readonly status = 401
  /** RFC 6749 §5.2: a client that tried HTTP Basic gets a matching `WWW-Authenticate` challenge. */
  triedBasic = false
}
export class InvalidGrant extends OAuthError {
  readonly code = 'invalid_grant'
}
export class UnauthorizedClient extends OAuthError {
  readonly code = 'unauthorized_client'
}
export class UnsupportedGrantType extends OAuthError {
  readonly code = 'unsupported_grant_type'
}
export class InvalidScope extends OAuthError {
  readonly code = 'invalid_scope'
}
/** 400 at the token endpoint (RFC 8628 §3.5); the error page shows it as 403. */
export class AccessDenied extends OAuthError {
  readonly code = 'access_denied'
}
export class UnsupportedResponseType extends OAuthError {
  readonly code = 'unsupported_response_type'
}
export class InvalidToken extends OAuthError {
  readonly code = 'invalid_token'
  override readonly status = 401
}
export class InsufficientScope extends OAuthError {
  readonly code = 'insufficient_scope'
  override readonly status = 403
  constructor(
    description: string,
    /** The scope the resource needs, sent back in the `scope` challenge attribute (RFC 6750 §3). */
    readonly requiredScope: string,
  ) {
    super(description)
  }
}
/** The device flow's polling answers (RFC 8628 §3.5). */
export class AuthorizationPending extends OAuthError {
  readonly code = 'authorization_pending'
}
export class SlowDown extends OAuthError {
  readonly code = 'slow_down'
}
export class ExpiredToken extends OAuthError {
  readonly code = 'expired_token'
}
/** Dynamic client registration errors (RFC 7591 §3.2.2). */
export class InvalidRedirectUri extends OAuthError {
  readonly code = 'invalid_redirect_uri'
}
export class InvalidClientMetadata extends OAuthError {
  readonly code = 'invalid_client_metadata'
}
export class ServerError extends OAuthError {
  readonly code = 'server_error'
  override readonly status = 500
}

/**
 * Not an OAuth error: the request carried no credentials at all. "If the request lacks any
 * authentication information … the resource server SHOULD NOT include an error code."
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 */
export class AuthenticationRequired extends Error {
  readonly status = 401
}

/**
 * Not an OAuth error either: the user could not sign in (wrong username or password, or too many
 * attempts). The login page is shown again with this message; the password grant answers it as
 * `invalid_grant` with the same words.
 */
export class SignInRefused extends Error {
  constructor(
    readonly username: string,
    message: string,
    /** 429 when rate-limited: the login page says so with its status too. */
    readonly status: 200 | 429 = 200,
  ) {
    super(message)
  }
}

/** Not an OAuth error: the device code page is shown again, with this message. */
export class UserCodeRefused extends Error {
  constructor(
    readonly userCode: string,
    message: string,
    /** 429 when rate-limited. */
    readonly status: 200 | 429 = 200,
  ) {
    super(message)
  }
}

/** Wraps anything thrown that is not one of ours, without leaking a stack to the wire. */
export function toOAuthError(error: unknown): OAuthError {
  if (error instanceof OAuthError) return error
  return new ServerError('The server hit an unexpected error; the trace has the details')
}
