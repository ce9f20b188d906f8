import { decodeJwt } from '@/protocol/jwt.ts'
import { jsonObject } from '../client/recorder.ts'
import type { Step } from '../step.ts'

export type Verdict = 'verified' | 'failed' | 'not-checked'

/** Who signed in, and how far the client could trust it — the end of a run against a real provider. */
export interface RunSummary {
  readonly subject?: string
  readonly name?: string
  readonly email?: string
  readonly issuer?: string
  /** The ID token's signature against the provider's JWKS. */
  readonly signature: Verdict
  /** iss, aud, azp, exp, iat, nonce. */
  readonly claims: Verdict
  /** The claim checks that failed, by id. */
  readonly failedClaims: readonly string[]
  readonly idToken: boolean
  readonly refreshed: boolean
  readonly revoked: boolean
  /** offline_access (or access_type=offline) was asked for, and no refresh token came. */
  readonly noRefreshToken: boolean
}

const claimChecks = ['iss', 'aud', 'azp', 'exp', 'iat', 'nonce', 'at_hash', 'oauth4webapi']

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined)

/** Reads the summary from the recorded steps (nothing is asked of the provider again). */
export function summarise(
  steps: readonly Step[],
  scope: string,
  extraParams: Readonly<Record<string, string>> = {},
): RunSummary {
  const verification = steps.find((s) => s.key === 'idTokenValidation')
  const idToken = steps.flatMap((s) => s.tokens ?? []).find((t) => t.name === 'id_token')?.value
  const decoded = idToken === undefined ? undefined : decodeJwt(idToken)
  const claims = decoded?.ok ? decoded.value.payload : {}
  const userinfo =
    jsonObject(
      steps.find((s) => s.key === 'userinfo' && s.failure === undefined)?.exchange?.response?.body,
    ) ?? {}
  const api =
    jsonObject(
      steps.find((s) => s.key === 'resourceRequest' && s.failure === undefined)?.exchange?.response?.body,
    ) ?? {}
  const checks = verification?.checks ?? []
  const signature = checks.find((c) => c.check === 'signature')
  const claimResults = checks.filter((c) => claimChecks.includes(c.check))
  const failedClaims = claimResults.filter((c) => c.outcome === 'fail').map((c) => c.check)
  const held = steps.findLast((s) => s.tokens !== undefined)?.tokens ?? []
  const askedOffline = scope.split(' ').includes('offline_access') || extraParams['access_type'] === 'offline'
  const tokenStep = steps.find((s) => s.key === 'tokenRequest' && s.failure === undefined)
  const subject = text(claims['sub']) ?? text(userinfo['sub']) ?? text(api['login']) ?? text(api['sub'])
  const name = text(claims['name']) ?? text(userinfo['name']) ?? text(api['name'])
  const email = text(claims['email']) ?? text(userinfo['email']) ?? text(api['email'])
  const issuer = text(claims['iss'])
  return {
    ...(subject === undefined ? {} : { subject }),
    ...(name === undefined ? {} : { name }),
    ...(email === undefined ? {} : { email }),
    ...(issuer === undefined ? {} : { issuer }),
    signature: signature === undefined ? 'not-checked' : signature.outcome === 'pass' ? 'verified' : 'failed',
    claims: claimResults.length === 0 ? 'not-checked' : failedClaims.length === 0 ? 'verified' : 'failed',
    failedClaims,
    idToken: idToken !== undefined,
    refreshed: steps.some((s) => s.key === 'refresh' && s.failure === undefined),
    revoked: held.some((t) => t.status === 'revoked'),
    noRefreshToken:
      askedOffline &&
      tokenStep !== undefined &&
      !(tokenStep.tokens ?? []).some((t) => t.name === 'refresh_token'),
  }
}
