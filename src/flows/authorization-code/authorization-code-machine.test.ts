import { Window } from 'happy-dom'
import { describe, expect, it } from 'vitest'
import { createActor, waitFor, type Actor } from 'xstate'
import { createMockServer } from '@/server/index.ts'
import { autofill } from '@/protocol/html-form.ts'
import { header } from '@/protocol/http-exchange.ts'
import { planOf } from '../plan.ts'
import { authorizationCodeMachine, type AuthorizationCodeVariant } from './authorization-code-machine.ts'

const origin = 'http://localhost:4000'
const parser = new new Window().DOMParser()
const parse = (html: string) => parser.parseFromString(html, 'text/html') as unknown as Document

function start(variant: AuthorizationCodeVariant) {
  const server = createMockServer({ origin })
  const confidential = variant === 'client-secret'
  const actor = createActor(authorizationCodeMachine, {
    input: {
      ports: { transport: (request) => server.handle(request) },
      variant,
      config: {
        issuer: `${origin}/as`,
        clientId: confidential ? 'web-app' : 'spa',
        ...(confidential ? { clientSecret: 'web-app-secret' } : {}),
        redirectUri: `${origin}/callback`,
        scope: 'openid profile email friends.read movies.read',
        usePkce: !confidential,
        resourceUrl: `${origin}/rs/me/friends/movies`,
      },
    },
  })
  actor.start()
  return actor
}

type A = Actor<typeof authorizationCodeMachine>

/** Presses Next (or, on a server page, lets the demo user answer it) until the flow ends. */
async function run(actor: A, decision: 'allow' | 'deny' = 'allow') {
  for (let i = 0; i < 30 && actor.getSnapshot().status === 'active'; i++) {
    const snapshot = actor.getSnapshot()
    if (snapshot.hasTag('awaiting-user')) {
      const page = snapshot.context.page!
      const submission = autofill(
        parse(page.html),
        page.url,
        { username: 'alice', password: 'wonderland' },
        decision,
      )
      expect(submission).toBeDefined()
      actor.send({ type: 'browser.submit', navigation: submission! })
    } else {
      actor.send({ type: 'step.next' })
    }
    await waitFor(actor, (s) => s.status !== 'active' || Object.keys(s.children).length === 0)
  }
  return actor.getSnapshot()
}

describe('authorization code machine', () => {
  it('runs the PKCE variant end to end against the bundled server', async () => {
    const snapshot = await run(start('pkce'))
    expect(snapshot.value).toBe('complete')
    const keys = snapshot.context.steps.map((s) => s.key)
    expect(keys).toEqual([
      'discovery',
      'authorizationRequest',
      'authorize',
      'login',
      'consent',
      'callback',
      'tokenRequest',
      'idTokenValidation',
      'userinfo',
      'resourceRequest',
    ])
    const token = snapshot.context.steps.find((s) => s.key === 'tokenRequest')!
    expect(new URLSearchParams(token.exchange!.request.body).get('code_verifier')).toBe(
      snapshot.context.request!.codeVerifier,
    )
    expect(header(token.exchange!.request.headers, 'authorization')).toBeUndefined()
    expect(token.exchange!.trace.some((t) => t.outcome === 'pass')).toBe(true)
    expect(snapshot.context.steps.every((s) => s.checks.every((c) => c.outcome !== 'fail'))).toBe(true)
    const resource = snapshot.context.steps.at(-1)!
    expect(resource.exchange!.response!.status).toBe(200)
  })

  it('authenticates the confidential client with HTTP Basic and sends no verifier', async () => {
    const snapshot = await run(start('client-secret'))
    expect(snapshot.value).toBe('complete')
    const token = snapshot.context.steps.find((s) => s.key === 'tokenRequest')!
    const basic = header(token.exchange!.request.headers, 'authorization')!
    expect(basic).toMatch(/^Basic /)
    // RFC 6749 §2.3.1: each part is form-urlencoded before base64 (oauth4webapi also encodes "-").
    expect(atob(basic.slice(6)).split(':').map(decodeURIComponent)).toEqual(['web-app', 'web-app-secret'])
    expect(new URLSearchParams(token.exchange!.request.body).has('code_verifier')).toBe(false)
    const auth = snapshot.context.steps.find((s) => s.key === 'authorizationRequest')!
    expect(auth.values.map((v) => v.name)).not.toContain('code_verifier')
  })

  it('explains a denial: access_denied with state and iss, and no token request', async () => {
    const snapshot = await run(start('pkce'), 'deny')
    expect(snapshot.value).toBe('failed')
    const callback = snapshot.context.steps.at(-1)!
    expect(callback.key).toBe('callback')
    expect(callback.failure?.title).toBe('The user denied access (access_denied)')
    expect(callback.meta.label).toBe('GET /callback?error=…')
    expect(callback.checks.find((c) => c.check === 'state-matches')?.outcome).toBe('pass')
    expect(callback.checks.find((c) => c.check === 'iss-matches')?.outcome).toBe('pass')
    expect(snapshot.context.steps.some((s) => s.key === 'tokenRequest')).toBe(false)
  })

  it('stops with a clear failure when the issuer is unreachable or wrong', async () => {
    const actor = createActor(authorizationCodeMachine, {
      input: {
        ports: { transport: () => Promise.reject(new TypeError('Failed to fetch')) },
        variant: 'pkce',
        config: {
          issuer: 'https://idp.example/realms/demo',
          clientId: 'spa',
          redirectUri: `${origin}/callback`,
          scope: 'openid',
          usePkce: true,
          resourceUrl: `${origin}/rs/me`,
        },
      },
    }).start()
    actor.send({ type: 'step.next' })
    const snapshot = await waitFor(actor, (s) => s.status === 'done')
    const failed = snapshot.context.steps.at(-1)
    expect(failed?.key).toBe('discovery')
    expect(failed?.failure?.title).toBe('The discovery document could not be reached')
    expect(failed?.failure?.hint).toMatch(/CORS/)
  })

  it('derives its outline from state meta', () => {
    expect(planOf(authorizationCodeMachine).map((m) => m.label)).toEqual([
      'GET /.well-known/openid-configuration',
      '302 → /as/authorize',
      'GET /as/authorize',
      'POST /as/login',
      'POST /as/consent',
      'GET /callback?code=…',
      'POST /as/token',
      'GET /as/jwks',
      'GET /as/userinfo',
      'GET /rs/me/friends/movies',
    ])
  })
})
