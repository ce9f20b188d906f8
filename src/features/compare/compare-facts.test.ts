import { Window } from 'happy-dom'
import { beforeAll, describe, expect, it } from 'vitest'
import { createMockServer } from '@/server/index.ts'
import { flows } from '@/flows/catalogue.ts'
import type { Lane, Step } from '@/flows/step.ts'
import { PlaygroundClock } from '@/app/clock.ts'
import { FlowSession } from '@/app/flow-session.ts'
import type { HttpExchange } from '@/protocol/http-exchange.ts'
import { alignSteps, compareFacts, factsOf, rowDiffers, stepSignature } from './compare-facts.ts'
import { parseCompare, suggestedPairs } from './compare-pairs.ts'

const origin = 'http://localhost:4300'

beforeAll(() => {
  globalThis.DOMParser = new Window().DOMParser as unknown as typeof DOMParser
})

/** Runs a catalogue variant to its end against a fresh bundled server and returns its steps. */
async function recorded(flowId: string, variantId: string): Promise<readonly Step[]> {
  const flow = flows.find((f) => f.id === flowId)!
  const variant = flow.variants.find((v) => v.id === variantId)!
  const clock = new PlaygroundClock()
  const server = createMockServer({ origin, clock: clock.now })
  const session = new FlowSession({
    definition: await flow.load(),
    input: { config: variant.config(origin), variant: variant.id },
    transport: (request) => server.handle(request),
    clock,
  })
  await session.fastForward(50)
  const { steps } = session.getView().state
  session.dispose()
  return steps
}

/** A hand-made step, for grants this branch's catalogue does not have yet (implicit, password). */
function step(
  from: Lane,
  to: Lane,
  channel: 'front' | 'back' | 'internal',
  exchange?: Partial<HttpExchange['request']> & { status?: number; location?: string; json?: object },
  extra: Partial<Step> = {},
): Step {
  const request = {
    method: exchange?.method ?? 'GET',
    url: exchange?.url ?? `${origin}/somewhere`,
    headers: exchange?.headers ?? [],
    ...(exchange?.body === undefined ? {} : { body: exchange.body }),
  }
  const headers: [string, string][] = []
  if (exchange?.location) headers.push(['location', exchange.location])
  if (exchange?.json) headers.push(['content-type', 'application/json'])
  return {
    key: 'hand-made',
    meta: { title: `${from} to ${to}`, from, to, channel, explanation: '', refs: [] },
    label: request.url,
    checks: [],
    values: [],
    screens: [],
    ...(exchange === undefined
      ? {}
      : {
          exchange: {
            request,
            response: {
              status: exchange.status ?? 200,
              statusText: '',
              headers,
              body: exchange.json ? JSON.stringify(exchange.json) : '',
            },
            trace: [],
            durationMs: 0,
          },
        }),
    ...extra,
  }
}

const form = [['content-type', 'application/x-www-form-urlencoded']] as const

/** The implicit grant as it crosses the wire: the token comes back in the redirect's fragment. */
const implicit: Step[] = [
  step('client', 'as', 'back', {
    url: `${origin}/as/.well-known/openid-configuration`,
    json: { issuer: 'x' },
  }),
  step('client', 'browser', 'front', undefined, {
    redirectTo: `${origin}/as/authorize?response_type=token&client_id=implicit-app&state=s`,
  }),
  step('browser', 'as', 'front', {
    method: 'POST',
    url: `${origin}/as/consent`,
    headers: form,
    body: 'decision=allow',
    status: 302,
    location: `${origin}/callback#access_token=AT&token_type=Bearer&state=s`,
  }),
  step('browser', 'client', 'front', { url: `${origin}/callback#access_token=AT&token_type=Bearer&state=s` }),
  step('client', 'rs', 'back', { url: `${origin}/rs/me`, json: { sub: 'alice' } }),
]

/** The password grant: the client's own form, then the password in the token request. */
const password: Step[] = [
  step('browser', 'client', 'internal', undefined, {
    screens: [
      {
        kind: 'form',
        lane: 'client',
        title: 'Sign in',
        note: '',
        submitLabel: 'Sign in',
        fields: [{ name: 'password', label: 'Password', type: 'password', demoValue: 'wonderland' }],
      },
    ],
  }),
  step('client', 'as', 'back', {
    method: 'POST',
    url: `${origin}/as/token`,
    headers: [...form, ['authorization', 'Basic bGVnYWN5LWFwcDpzZWNyZXQ=']],
    body: 'grant_type=password&username=alice&password=wonderland',
    json: { access_token: 'AT', token_type: 'Bearer' },
  }),
]

const row = (rows: ReturnType<typeof compareFacts>, id: string) => rows.find((r) => r.id === id)!
const texts = (facts: readonly { text: string }[]) => facts.map((f) => f.text).join(' | ')

describe('comparison facts from recorded runs', () => {
  it('PKCE vs client secret: same channels, different client authentication and code risk', async () => {
    const pkce = await recorded('authorization-code', 'pkce')
    const secret = await recorded('authorization-code', 'client-secret')
    const rows = compareFacts(factsOf(pkce), factsOf(secret))
    expect(texts(row(rows, 'token-travel').left)).toMatch(/^Back channel/)
    expect(row(rows, 'token-travel').differs).toBe(false)
    expect(row(rows, 'seen-by').differs).toBe(false)
    expect(texts(row(rows, 'seen-by').left)).toContain('The browser’s history: no')
    expect(texts(row(rows, 'client-authentication').left)).toMatch(/^No — a public client.*PKCE/)
    expect(texts(row(rows, 'client-authentication').right)).toMatch(/client_secret_basic/)
    expect(row(rows, 'client-authentication').differs).toBe(true)
    expect(texts(row(rows, 'attacker').left)).toMatch(/useless/)
    expect(texts(row(rows, 'password').left)).toMatch(/^Only the authorization server/)
    // Differences first.
    expect(rows.findIndex((r) => !r.differs)).toBeGreaterThan(rows.findLastIndex((r) => r.differs))

    const aligned = alignSteps(pkce, secret)
    expect(aligned.every((r) => r.left !== undefined && r.right === r.left)).toBe(true)
    const lines = aligned.filter((r) =>
      rowDiffers(r, pkce, secret, factsOf(pkce).sightings, factsOf(secret).sightings),
    )
    // The authorization request (code_challenge in the URL) and the token request (code_verifier vs secret).
    expect(lines.map((r) => pkce[r.left!]?.meta.title)).toEqual([
      'The client sends the user to the authorization server',
      'The browser asks the authorization server',
      'The client exchanges the code for tokens',
    ])
  })

  it('implicit vs code: the token travels the front channel, into the history and page scripts', async () => {
    const code = await recorded('authorization-code', 'pkce')
    const rows = compareFacts(factsOf(implicit), factsOf(code))
    expect(texts(row(rows, 'token-travel').left)).toMatch(/^Front channel: in the redirect URL’s fragment/)
    expect(row(rows, 'token-travel').differs).toBe(true)
    const seen = row(rows, 'seen-by')
    expect(texts(seen.left)).toContain('The browser’s history: yes')
    expect(texts(seen.left)).toContain('Scripts on the page: yes')
    expect(texts(seen.right)).toContain('Scripts on the page: no')
    expect(seen.differs).toBe(true)
    expect(texts(row(rows, 'client-authentication').left)).toMatch(/no token request at all/)
    expect(row(rows, 'attacker').left[0]).toMatchObject({ risk: 'high' })
    expect(texts(row(rows, 'attacker').left)).toMatch(/The access token itself/)
    expect(factsOf(implicit).refs).toContain('rfc9700-2.1.2')

    const aligned = alignSteps(implicit, code)
    // The callback lines up; the code's token request has no partner.
    const callback = aligned.find((r) => r.left === 3)!
    expect(code[callback.right!]?.meta.title).toBe('The browser brings the answer back to the client')
    const lonely = aligned.filter((r) => r.left === undefined).map((r) => stepSignature(code[r.right!]!))
    expect(lonely).toContain('client>as:/as/token')
  })

  it('password vs code: the client gets the user’s password', async () => {
    const code = await recorded('authorization-code', 'pkce')
    const rows = compareFacts(factsOf(password), factsOf(code))
    expect(texts(row(rows, 'password').left)).toMatch(
      /^The client: the user types it into the client’s own form/,
    )
    expect(row(rows, 'password').differs).toBe(true)
    expect(factsOf(password).refs).toContain('rfc9700-2.4')
    expect(texts(row(rows, 'attacker').left)).toMatch(/^Nothing usable/)
  })
})

describe('comparison pairs', () => {
  it('opens on implicit vs code once the catalogue has implicit, else on code with vs without PKCE', () => {
    const withoutImplicit = parseCompare(
      '',
      flows.filter((f) => f.id !== 'implicit'),
    )
    expect([withoutImplicit.left.variant.id, withoutImplicit.right.variant.id]).toEqual([
      'pkce',
      'client-secret',
    ])
    const code = flows.find((f) => f.id === 'authorization-code')!
    const fakeImplicit = { ...code, id: 'implicit', title: 'Implicit' }
    const withImplicit = parseCompare('', [code, fakeImplicit])
    expect(withImplicit.left.flow.id).toBe('implicit')
    expect(`${withImplicit.right.flow.id}:${withImplicit.right.variant.id}`).toBe('authorization-code:pkce')
    expect(suggestedPairs([code, fakeImplicit]).map((p) => p.label)).toEqual([
      'Implicit vs Authorization Code',
      'Authorization Code with vs without PKCE',
    ])
  })

  it('reads a deep link and reports what it does not know', () => {
    const pair = parseCompare('authorization-code:client-secret,nope:x', flows)
    expect(pair.left.variant.id).toBe('client-secret')
    expect(pair.unknown).toEqual(['“nope:x”'])
  })
})
