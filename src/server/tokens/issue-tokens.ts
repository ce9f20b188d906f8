import { SignJWT } from 'jose'
import { randomToken } from '../../protocol/base64url.ts'
import { atHash } from '../../protocol/jwt.ts'
import type { DemoUser } from '../demo-world.ts'
import { lifetimes } from '../policies.ts'
import type { RegisteredClient, RequestContext } from '../server-context.ts'
import { newSecretValue, nowSeconds, timeOfDay } from '../server-context.ts'
import type { SigningKey } from '../signing-keys.ts'

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
 * Issues the token response: a JWT access token, a refresh token when the client may refresh,
 * and an ID token when `openid` was granted — the last two only when there is a user.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
export async function issueTokens(ctx: RequestContext, grant: TokenGrant): Promise<TokenResponseBody> {
  const key = await ctx.server.signingKey()
  const accessToken = await issueAccessToken(ctx, grant, key)
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
    body.id_token = await issueIdToken(ctx, grant, key, accessToken)
  return body
}

/**
 * An RFC 9068 JWT access token: `typ: at+jwt`, audience = the resource server. Without a user,
 * "the value of the sub claim … SHOULD correspond to an identifier the authorization server used
 * to identify the client application" (RFC 9068 §2.2): the client_id.
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-2
 */
async function issueAccessToken(ctx: RequestContext, grant: TokenGrant, key: SigningKey): Promise<string> {
  const { server } = ctx
  const now = nowSeconds(server)
  const expiresAt = now + server.policies.accessTokenTtlSeconds
  const jti = randomToken(16, server.random)
  const subject = grant.user?.sub ?? grant.client.client_id
  const token = await new SignJWT({
    client_id: grant.client.client_id,
    scope: grant.scope,
    ...(grant.authTime === undefined ? {} : { auth_time: grant.authTime }),
  })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt' })
    .setIssuer(server.issuer)
    .setSubject(subject)
    .setAudience(server.resourceAudience)
    .setIssuedAt(now)
    .setExpirationTime(expiresAt)
    .setJti(jti)
    .sign(key.privateKey)
  server.store.put('accessTokens', jti, {
    grantId: grant.grantId,
    clientId: grant.client.client_id,
    scope: grant.scope,
    issuedAt: now,
    expiresAt,
    evictAt: expiresAt,
  })
  ctx.trace.pass(
    'issue-access-token',
    `Signed a JWT access token (typ at+jwt, kid ${key.kid.slice(0, 8)}…) for ${grant.scope}, audience ${server.resourceAudience}, valid until ${timeOfDay(expiresAt)}${grant.user === undefined ? `; no user, so sub is the client itself (${subject})` : ''}`,
    ['rfc9068-2.1', 'rfc9068-2.2'],
  )
  return token
}

/** An opaque refresh token: 256 random bits, base64url (VSCHAR only, RFC 6749 Appendix A.17). */
function issueRefreshToken(ctx: RequestContext, grant: UserGrant): string {
  const { server } = ctx
  const now = nowSeconds(server)
  const value = newSecretValue(server)
  const expiresAt = now + lifetimes.refreshTokenSeconds
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
  ctx.trace.pass(
    'issue-refresh-token',
    `Issued an opaque refresh token, valid until ${new Date(expiresAt * 1000).toISOString().slice(0, 10)}`,
    ['rfc6749-6'],
  )
  return value
}

/**
 * The ID token: iss, sub, aud = client_id, azp, exp, iat, auth_time, nonce (only if sent) and
 * at_hash, signed RS256 with the `kid` published at the JWKS.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDToken
 */
async function issueIdToken(
  ctx: RequestContext,
  grant: UserGrant,
  key: SigningKey,
  accessToken: string,
): Promise<string> {
  const { server } = ctx
  const now = nowSeconds(server)
  const claims = {
    azp: grant.client.client_id,
    auth_time: grant.authTime,
    at_hash: await atHash(accessToken),
    ...(grant.nonce === undefined ? {} : { nonce: grant.nonce }),
  }
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setIssuer(server.issuer)
    .setSubject(grant.user.sub)
    .setAudience(grant.client.client_id)
    .setIssuedAt(now)
    .setExpirationTime(now + server.policies.idTokenTtlSeconds)
    .sign(key.privateKey)
  ctx.trace.pass(
    'issue-id-token',
    `Signed an ID token for ${grant.user.username} (sub ${grant.user.sub}), audience ${grant.client.client_id}${grant.nonce === undefined ? ', no nonce (none was sent)' : ', with the nonce from the request'}`,
    ['oidc-2', 'oidc-3.1.3.3', 'oidc-3.1.3.6'],
  )
  return token
}
