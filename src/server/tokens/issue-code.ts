import { notePolicy } from '../checks/pipeline.ts'
import type { RequestContext } from '../server-context.ts'
import { newSecretValue, nowSeconds, timeOfDay } from '../server-context.ts'
import type { AuthorizationInteraction } from '../store.ts'
import { createGrant } from './create-grant.ts'

/**
 * Issues a single-use authorization code bound to the client, redirect URI, PKCE challenge, nonce
 * and user, and records the grant it starts. "The authorization code MUST expire shortly after it
 * is issued … A maximum authorization code lifetime of 10 minutes is RECOMMENDED."
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
 */
export function issueCode(
  ctx: RequestContext,
  interaction: AuthorizationInteraction,
  userId: string,
  authTime: number,
): string {
  const { server } = ctx
  const now = nowSeconds(server)
  const grantId = createGrant(ctx, {
    clientId: interaction.clientId,
    grantType: 'authorization_code',
    userId,
    scope: interaction.scope,
    authTime,
  })
  const code = newSecretValue(server)
  const expiresAt = now + server.policies.codeTtlSeconds
  server.store.put('codes', code, {
    grantId,
    clientId: interaction.clientId,
    userId,
    redirectUri: interaction.redirectUri,
    redirectUriSent: interaction.redirectUriSent,
    scope: interaction.scope,
    authTime,
    issuedAt: now,
    expiresAt,
    evictAt: now + server.policies.codeTtlSeconds + server.policies.accessTokenTtlSeconds,
    ...(interaction.nonce === undefined ? {} : { nonce: interaction.nonce }),
    ...(interaction.codeChallenge === undefined ? {} : { codeChallenge: interaction.codeChallenge }),
    ...(interaction.codeChallengeMethod === undefined
      ? {}
      : { codeChallengeMethod: interaction.codeChallengeMethod }),
  })
  notePolicy(
    ctx,
    'issue-code',
    'codeTtlSeconds',
    `Issued a single-use authorization code for ${interaction.clientId}, valid until ${timeOfDay(expiresAt)}`,
    ['rfc6749-4.1.2'],
    'pass',
  )
  return code
}
