import { SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import type { HttpExchange } from '@/protocol/http-exchange.ts'
import { traceEntry } from '@/protocol/trace.ts'
import type { Step } from '../step.ts'
import { evidenceFromDiscovery, evidenceFromStep } from './evidence.ts'
import { summarise } from './run-summary.ts'

const meta = { title: 't', from: 'client', to: 'as', channel: 'back', explanation: '', refs: [] } as const

function step(key: string, exchange?: Partial<HttpExchange>, extra: Partial<Step> = {}): Step {
  return {
    key,
    meta,
    label: key,
    checks: [],
    values: [],
    screens: [],
    ...(exchange === undefined
      ? {}
      : {
          exchange: {
            request: { method: 'POST', url: 'https://id.example/token', headers: [] },
            trace: [],
            durationMs: 1,
            ...exchange,
          },
        }),
    ...extra,
  }
}

const response = (status: number, body: string, headers: [string, string][] = []) => ({
  status,
  statusText: '',
  headers,
  body,
})

describe('evidence from what the provider returned', () => {
  it('reads an OAuth error from a JSON body (even with 200, as GitHub sends it)', () => {
    const e = evidenceFromStep(
      step('tokenRequest', {
        response: response(200, '{"error":"bad_verification_code","error_description":"expired"}'),
      }),
    )
    expect(e).toMatchObject({
      stage: 'token',
      status: 200,
      error: 'bad_verification_code',
      description: 'expired',
    })
  })

  it('reads a WWW-Authenticate challenge', () => {
    const e = evidenceFromStep(
      step('userinfo', {
        response: response(403, '', [
          ['www-authenticate', 'Bearer error="insufficient_scope", error_description="no openid"'],
        ]),
      }),
    )
    expect(e).toMatchObject({ stage: 'userinfo', error: 'insufficient_scope', description: 'no openid' })
  })

  it('reads the error of an authorization response from the callback URL', () => {
    const e = evidenceFromStep(
      step('callback', {
        request: {
          method: 'GET',
          url: 'http://localhost/callback?error=access_denied&error_description=nope&state=s',
          headers: [],
        },
      }),
    )
    expect(e).toMatchObject({ stage: 'callback', error: 'access_denied', description: 'nope' })
  })

  it('adds why no answer came only when none came', () => {
    const network = { kind: 'cors' as const }
    expect(evidenceFromStep(step('tokenRequest'), { network }).network).toBe('cors')
    expect(
      evidenceFromStep(step('tokenRequest', { response: response(400, '{}') }), { network }).network,
    ).toBeUndefined()
  })

  it('lists the failed client checks and what the user reported about the popup', () => {
    const checked = step('idTokenValidation', undefined, {
      checks: [traceEntry('pass', 'signature', 'ok'), traceEntry('fail', 'aud', 'not ours')],
    })
    expect(evidenceFromStep(checked).failedChecks).toEqual(['aud'])
    expect(evidenceFromStep(step('browse'), { popup: 'error-page' }).popup).toBe('error-page')
  })

  it('tells network problems from content problems at discovery', () => {
    expect(evidenceFromDiscovery({ kind: 'cors', title: '', message: '', fix: '' })).toEqual({
      stage: 'discovery',
      network: 'cors',
    })
    expect(evidenceFromDiscovery({ kind: 'html', title: '', message: '', fix: '' })).toEqual({
      stage: 'discovery',
      discovery: 'html',
    })
  })
})

describe('run summary', () => {
  it('says who signed in and whether the ID token verified', async () => {
    const idToken = await new SignJWT({ sub: 'ada', name: 'Ada Lovelace', iss: 'https://id.example' })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new Uint8Array(32))
    const steps: Step[] = [
      step('tokenRequest', undefined, {
        tokens: [
          { name: 'access_token', value: 'at' },
          { name: 'id_token', value: idToken },
        ],
      }),
      step('idTokenValidation', undefined, {
        checks: [
          traceEntry('pass', 'signature', 'ok'),
          traceEntry('pass', 'aud', 'ok'),
          traceEntry('fail', 'exp', 'expired'),
        ],
      }),
    ]
    const summary = summarise(steps, 'openid offline_access')
    expect(summary).toMatchObject({
      subject: 'ada',
      name: 'Ada Lovelace',
      issuer: 'https://id.example',
      signature: 'verified',
      claims: 'failed',
      failedClaims: ['exp'],
      noRefreshToken: true,
    })
    expect(summarise([], 'openid')).toMatchObject({ signature: 'not-checked', idToken: false })
  })
})
