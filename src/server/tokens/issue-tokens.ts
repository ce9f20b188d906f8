import { randomToken } from '../../protocol/base64url.ts'
import { atHash } from '../../protocol/jwt.ts'
import type { SigningAlgorithm } from '../../protocol/server-policies.ts'
import { notePolicy } from '../checks/pipeline.ts'
import type { DemoUser } from '../demo-world.ts'
import type { RegisteredClient, RequestContext } from '../server-context.ts'
import { newSecretValue, nowSeconds, timeOfDay } from '../server-context.ts'
import type { SigningKey } from '../signing-keys.ts'
import { keepGrantUntil } from './create-grant.ts'
import { signJwt } from './sign-jwt.ts'

export interface TokenGrant {
  readonly grantId: string
  readonly client: RegisteredClient
  /**
   * Whom the tokens act for. Absent when the client acts on its own behalf (client credentials):
   * then `sub` is the client_id and there is neither a refresh token nor an ID token.
   */
  readonly user?: DemoUser
  readonly scope: string
  /** When the user signed in; absent without a user. */
  readonly authTime?: number
  readonly nonce?: string
  /** False when refreshing without rotation: the client keeps its current refresh token. */
  readonly issueRefreshToken: boolean
  /** False when the response type asks for no ID token (`token`), even with `openid` granted. */
  readonly issueIdToken?: boolean
  /** Scope of a rotated refresh token: the original grant's, even when this request narrowed it. */
  readonly refreshScope?: string
}

export interface TokenResponseBody {
  access_token: string
  token_type: 'Bearer'
  expires_in: number
  scope: string
  refresh_token?: string
  id_token?: string
}

/** A grant with a user: what refresh tokens and ID tokens are about. */
type UserGrant = TokenGrant & { readonly user: DemoUser; readonly authTime: number }

const hasUser = (grant: TokenGrant): grant is UserGrant =>
  grant.user !== undefined && grant.authTime !== undefined

/**
 * The key that signs this client's ID tokens: the algorithm it registered
 * (`id_token_signed_response_alg`), else the `signingAlgorithm` setting, which also signs every
 * JWT access token.
 * @see https://openid.net/specs/openid-connect-registration-1_0.html#ClientMetadata
 */
function idTokenKeyFor(ctx: RequestContext, client: RegisteredClient): Promise<SigningKey> {
  const alg: SigningAlgorithm = client.id_token_signed_response_alg ?? ctx.server.policies.signingAlgorithm
  return ctx.server.keys.keyFor(alg)
}

/**
 * Issues the token response: an access token (a JWT or an opaque reference, as the
 * `accessTokenFormat` setting says), a refresh token when the client may refresh, and an ID token
 * when `openid` was granted — the last two only when there is a user.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
export async function issueTokens(ctx: RequestContext, grant: TokenGrant): Promise<TokenResponseBody> {
  const { policies, keys } = ctx.server
  const accessToken =
    policies.accessTokenFormat === 'jwt'
      ? await issueJwtAccessToken(ctx, grant, await keys.keyFor(policies.signingAlgorithm))
      : issueOpaqueAccessToken(ctx, grant)
  const body: TokenResponseBody = {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: ctx.server.policies.accessTokenTtlSeconds,
    scope: grant.scope,
  }
  if (!hasUser(grant)) return body
  if (grant.issueRefreshToken && grant.client.grant_types.includes('refresh_token'))
    body.refresh_token = issueRefreshToken(ctx, grant)
  if (grant.issueIdToken !== false && grant.scope.split(' ').includes('openid'))
    body.id_token = await issueIdToken(ctx, grant, await idTokenKeyFor(ctx, grant.client), accessToken)
  return body
}

/**
 * The ID token alone, for `response_type=id_token`: authentication without an access token, so
 * no at_hash ("If no Access Token is issued, there is no at_hash").
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ImplicitIDToken
 */
export async function issueIdTokenAlone(ctx: RequestContext, grant: TokenGrant): Promise<string> {
  if (!hasUser(grant)) throw new TypeError('an ID token needs a user')
  return issueIdToken(ctx, grant, await idTokenKeyFor(ctx, grant.client))
}

/** Who an access token is about: the user, or without one the client itself (RFC 9068 §2.2). */
const subjectOf = (grant: TokenGrant): string => grant.user?.sub ?? grant.client.client_id

/**
 * An opaque access token: 256 random bits that mean nothing outside this server. The resource
 * server, UserInfo, introspection and revocation all look it up here.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-1.4
 */
function issueOpaqueAccessToken(ctx: RequestContext, grant: TokenGrant): string {
  const { server } = ctx
  const now = nowSeconds(server)
  const expiresAt = now + server.policies.accessTokenTtlSeconds
  const token = newSecretValue(server)
  server.store.put('accessTokens', token, {
    format: 'opaque',
    grantId: grant.grantId,
    clientId: grant.client.client_id,
    subject: subjectOf(grant),
    scope: grant.scope,
    issuedAt: now,
    expiresAt,
    // Kept a minute past expiry, so the trace can say "expired" rather than "unknown".
    evictAt: expiresAt + 60,
    ...(grant.authTime === undefined ? {} : { authTime: grant.authTime }),
  })
  keepGrantUntil(ctx, grant.grantId, expiresAt + 60)
  notePolicy(
    ctx,
    'issue-access-token',
    ['accessTokenFormat', 'accessTokenTtlSeconds'],
    `Issued an opaque access token (256 random bits) for ${grant.scope}, valid until ${timeOfDay(expiresAt)}: only this server can tell what it grants — resource servers ask it (introspection)`,
    ['rfc6749-1.4', 'rfc7662-2.1'],
    'pass',
  )
  return token
}

/**
 * An RFC 9068 JWT access token: `typ: at+jwt`, audience = the resource server. Without a user,
 * "the value of the sub claim … SHOULD correspond to an identifier the authorization server used
 * to identify the client application" (RFC 9068 §2.2): the client_id.
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-2
 */
async function issueJwtAccessToken(ctx: RequestContext, grant: TokenGrant, key: SigningKey): Promise<string> {
  const { server } = ctx
  const now = nowSeconds(server)
  const expiresAt = now + server.policies.accessTokenTtlSeconds
  const jti = randomToken(16, server.random)
  const subject = subjectOf(grant)
  const token = await signJwt(
    key,
    'at+jwt',
    {
      client_id: grant.client.client_id,
      scope: grant.scope,
      ...(grant.authTime === undefined ? {} : { auth_time: grant.authTime }),
      iss: server.issuer,
      sub: subject,
      aud: server.resourceAudience,
      iat: now,
      exp: expiresAt,
      jti,
    },
    server.signer,
  )
  server.store.put('accessTokens', jti, {
    format: 'jwt',
    grantId: grant.grantId,
    clientId: grant.client.client_id,
    subject,
    scope: grant.scope,
    issuedAt: now,
    expiresAt,
    evictAt: expiresAt,
    ...(grant.authTime === undefined ? {} : { authTime: grant.authTime }),
  })
  keepGrantUntil(ctx, grant.grantId, expiresAt)
  notePolicy(
    ctx,
    'issue-access-token',
    ['accessTokenFormat', 'accessTokenTtlSeconds'],
    `Signed a JWT access token (typ at+jwt, ${key.alg}, kid ${key.kid.slice(0, 8)}…) for ${grant.scope}, audience ${server.resourceAudience}, valid until ${timeOfDay(expiresAt)}${grant.user === undefined ? `; no user, so sub is the client itself (${subject})` : ''}`,
    ['rfc9068-2.1', 'rfc9068-2.2'],
    'pass',
  )
  return token
}

/** An opaque refresh token: 256 random bits, base64url (VSCHAR only, RFC 6749 Appendix A.17). */
function issueRefreshToken(ctx: RequestContext, grant: UserGrant): string {
  const { server } = ctx
  const now = nowSeconds(server)
  const value = newSecretValue(server)
  const expiresAt = now + server.policies.refreshTokenTtlSeconds
  server.store.put('refreshTokens', value, {
    grantId: grant.grantId,
    clientId: grant.client.client_id,
    userId: grant.user.sub,
    scope: grant.refreshScope ?? grant.scope,
    authTime: grant.authTime,
    issuedAt: now,
    expiresAt,
    evictAt: expiresAt,
  })
  const family = server.store.get('grants', grant.grantId)
  if (family !== undefined) family.refreshToken = value
  keepGrantUntil(ctx, grant.grantId, expiresAt)
  notePolicy(
    ctx,
    'issue-refresh-token',
    'refreshTokenTtlSeconds',
    `Issued an opaque refresh token, valid until ${new Date(expiresAt * 1000).toISOString().slice(0, 10)}`,
    ['rfc6749-6'],
    'pass',
  )
  return value
}

/**
 * The ID token: iss, sub, aud = client_id, azp, exp, iat, auth_time, nonce (only if sent) and
 * at_hash (hashed with the algorithm's SHA-2), signed with the `kid` published at the JWKS.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDToken
 */
async function issueIdToken(
  ctx: RequestContext,
  grant: UserGrant,
  key: SigningKey,
  accessToken?: string,
): Promise<string> {
  const { server } = ctx
  const now = nowSeconds(server)
  const claims = {
    azp: grant.client.client_id,
    auth_time: grant.authTime,
    ...(accessToken === undefined ? {} : { at_hash: await atHash(accessToken, key.alg) }),
    ...(grant.nonce === undefined ? {} : { nonce: grant.nonce }),
  }
  const token = await signJwt(
    key,
    'JWT',
    {
      ...claims,
      iss: server.issuer,
      sub: grant.user.sub,
      aud: grant.client.client_id,
      iat: now,
      exp: now + server.policies.idTokenTtlSeconds,
    },
    server.signer,
  )
  const summary = `Signed an ID token (${key.alg}) for ${grant.user.username} (sub ${grant.user.sub}), audience ${grant.client.client_id}, valid until ${timeOfDay(now + server.policies.idTokenTtlSeconds)}${grant.nonce === undefined ? ', no nonce (none was sent)' : ', with the nonce from the request'}`
  const refs = ['oidc-2', 'oidc-3.1.3.3', 'oidc-3.1.3.6'] as const
  if (grant.client.id_token_signed_response_alg !== undefined)
    notePolicy(
      ctx,
      'issue-id-token',
      'idTokenTtlSeconds',
      `${summary}; ${key.alg} is the algorithm the client registered`,
      [...refs, 'oidc-registration-2'],
      'pass',
    )
  else notePolicy(ctx, 'issue-id-token', ['signingAlgorithm', 'idTokenTtlSeconds'], summary, refs, 'pass')
  return token
}
