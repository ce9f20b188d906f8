import { randomToken } from '../../protocol/base64url.ts'
import { checkClientMetadataTypes } from '../checks/check-client-metadata-types.ts'
import { checkGrantResponseTypes } from '../checks/check-grant-response-types.ts'
import { checkRegistrationAuthMethod } from '../checks/check-registration-auth-method.ts'
import { checkRegistrationRedirectUris } from '../checks/check-registration-redirect-uris.ts'
import { checkRegistrationScope } from '../checks/check-registration-scope.ts'
import { Trace } from '../../protocol/trace.ts'
import { required, runChecks, type RegistrationContext } from '../checks/pipeline.ts'
import { OAuthError } from '../errors.ts'
import type { RequestContext, ServerContext } from '../server-context.ts'
import { newSecretValue, nowSeconds } from '../server-context.ts'
import type { RegisteredClient } from './client-registry.ts'

/**
 * The registration endpoint's checks, in order: types first, then each part of the metadata. All
 * synchronous, so start-up can run them too.
 */
export const registrationChecks: readonly ((ctx: RegistrationContext) => void)[] = [
  checkClientMetadataTypes,
  checkGrantResponseTypes,
  checkRegistrationAuthMethod,
  checkRegistrationRedirectUris,
  checkRegistrationScope,
]

export async function validateMetadata(
  ctx: RequestContext,
  metadata: Readonly<Record<string, unknown>>,
): Promise<RegistrationContext> {
  const rctx: RegistrationContext = { ...ctx, metadata, accepted: { extras: {} } }
  await runChecks(rctx, registrationChecks)
  return rctx
}

/** A client from a clients file: RFC 7591 metadata plus the `client_id` (and secret) it must have. */
export interface ConfiguredClient extends Readonly<Record<string, unknown>> {
  readonly client_id: string
  readonly client_secret?: string
}

/**
 * Registers clients given at start-up (`GRANTSCOPE_CLIENTS=clients.json` for `npm start`) through
 * the same checks as the registration endpoint; they are never forgotten. Throws on the first
 * invalid one, naming it; a confidential one must bring its `client_secret`.
 */
export function configureClients(
  server: ServerContext,
  entries: readonly ConfiguredClient[],
): RegisteredClient[] {
  return entries.map((entry, i) => {
    const label = `client ${i + 1} (${String(entry.client_id)})`
    if (typeof entry.client_id !== 'string' || !/^[\x21-\x7e]{1,100}$/.test(entry.client_id))
      throw new TypeError(`${label}: client_id must be 1 to 100 visible ASCII characters`)
    if (server.clients.has(entry.client_id)) throw new TypeError(`${label}: client_id is taken`)
    if (entry.client_secret !== undefined && typeof entry.client_secret !== 'string')
      throw new TypeError(`${label}: client_secret must be a string`)
    const { client_id, client_secret, ...metadata } = entry
    const ctx: RequestContext = {
      server,
      request: new Request(`${server.issuer}/register`, { method: 'POST' }),
      url: new URL(`${server.issuer}/register`),
      trace: new Trace(),
    }
    const rctx: RegistrationContext = { ...ctx, metadata, accepted: { extras: {} } }
    try {
      for (const check of registrationChecks) void check(rctx)
    } catch (error) {
      throw new TypeError(
        `${label}: ${error instanceof OAuthError ? `${error.code}: ${error.description}` : String(error)}`,
        { cause: error },
      )
    }
    if (rctx.accepted.authMethod !== 'none' && client_secret === undefined)
      throw new TypeError(
        `${label}: client_secret is required for token_endpoint_auth_method ${String(rctx.accepted.authMethod)}`,
      )
    const client = buildClient(rctx, {
      kind: 'configured',
      clientId: client_id,
      accessToken: newSecretValue(server),
      issuedAt: nowSeconds(server),
      ...(client_secret === undefined ? {} : { clientSecret: client_secret }),
    })
    server.clients.add(client)
    return client
  })
}

export interface NewClientIdentity {
  readonly kind: 'registered' | 'configured'
  readonly clientId: string
  /** Kept on update (RFC 7592), given by a clients file, or made here for a confidential client. */
  readonly clientSecret?: string
  readonly accessToken: string
  readonly issuedAt: number
}

/** A fresh client_id: 128 random bits, unlike any known one. */
export function newClientId(server: ServerContext): string {
  let id = randomToken(16, server.random)
  while (server.clients.has(id)) id = randomToken(16, server.random)
  return id
}

/** The client the checks accepted, with its identity. */
export function buildClient(rctx: RegistrationContext, identity: NewClientIdentity): RegisteredClient {
  const { accepted } = rctx
  const authMethod = required(accepted.authMethod, 'auth method')
  const clientSecret =
    authMethod === 'none' ? undefined : (identity.clientSecret ?? newSecretValue(rctx.server))
  const metadata: Record<string, unknown> = {
    ...(accepted.clientName === undefined ? {} : { client_name: accepted.clientName }),
    redirect_uris: required(accepted.redirectUris, 'redirect URIs'),
    grant_types: required(accepted.grantTypes, 'grant types'),
    response_types: required(accepted.responseTypes, 'response types'),
    token_endpoint_auth_method: authMethod,
    application_type: required(accepted.applicationType, 'application type'),
    ...(accepted.scope === undefined ? {} : { scope: accepted.scope }),
    ...(accepted.idTokenSignedResponseAlg === undefined
      ? {}
      : { id_token_signed_response_alg: accepted.idTokenSignedResponseAlg }),
    ...accepted.extras,
  }
  return {
    client_id: identity.clientId,
    client_name: accepted.clientName ?? `an app registered as ${identity.clientId}`,
    ...(clientSecret === undefined ? {} : { client_secret: clientSecret }),
    token_endpoint_auth_methods: [authMethod],
    grant_types: required(accepted.grantTypes, 'grant types'),
    response_types: required(accepted.responseTypes, 'response types'),
    ...(accepted.scope === undefined ? {} : { scope: accepted.scope }),
    redirect_uris: required(accepted.redirectUris, 'redirect URIs'),
    application_type: required(accepted.applicationType, 'application type'),
    kind: identity.kind,
    ...(accepted.idTokenSignedResponseAlg === undefined
      ? {}
      : { id_token_signed_response_alg: accepted.idTokenSignedResponseAlg }),
    registration: { accessToken: identity.accessToken, issuedAt: identity.issuedAt, metadata },
  }
}

/** A new identity for a client registering now. */
export function newIdentity(server: ServerContext, kind: NewClientIdentity['kind']): NewClientIdentity {
  return {
    kind,
    clientId: newClientId(server),
    accessToken: newSecretValue(server),
    issuedAt: nowSeconds(server),
  }
}

/**
 * The client information response: every registered metadata value, the client_id, and for a
 * confidential client its secret — `client_secret_expires_at` 0, "if it will not expire" — plus the
 * registration access token and configuration URI for reading, updating and deleting it (RFC 7592).
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3.2.1
 */
export function clientInformation(server: ServerContext, client: RegisteredClient): Record<string, unknown> {
  const registration = required(client.registration, 'registration')
  return {
    client_id: client.client_id,
    ...(client.client_secret === undefined
      ? {}
      : { client_secret: client.client_secret, client_secret_expires_at: 0 }),
    client_id_issued_at: registration.issuedAt,
    registration_access_token: registration.accessToken,
    registration_client_uri: `${server.issuer}/register/${encodeURIComponent(client.client_id)}`,
    ...registration.metadata,
  }
}
