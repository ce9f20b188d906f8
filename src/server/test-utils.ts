/**
 * Helpers for tests that drive the mock server as a browser and a client would. Not shipped code:
 * only `*.test.ts` files import it.
 */
import type { JWK } from 'jose'
import type { TracedResponse } from '../protocol/http-exchange.ts'
import type { TraceEntry, TraceOutcome } from '../protocol/trace.ts'
import type { DemoClient } from './demo-world.ts'
import { buildMockServer, type MockServerInternals } from './mock-server.ts'
import type { MockServerOptions } from './server-context.ts'
import { generatePrivateJwk } from './signing-keys.ts'

export const testOrigin = 'http://localhost:8080'
export const testIssuer = `${testOrigin}/as`
export const callbackUri = `${testOrigin}/callback`

let sharedKey: Promise<JWK> | undefined
/** One RSA key for a whole test file: generating one per server would be slow. */
export function sharedPrivateJwk(): Promise<JWK> {
  sharedKey ??= generatePrivateJwk('test-key-1')
  return sharedKey
}

export interface TestClock {
  now: number
  advance(seconds: number): void
}

export interface TestServer {
  readonly server: MockServerInternals
  readonly clock: TestClock
}

/** `signingKey: 'generate'` gives the server its own fresh key instead of the shared one. */
export type TestServerOptions = Omit<Partial<MockServerOptions>, 'signingKey'> & {
  signingKey?: MockServerOptions['signingKey'] | 'generate'
}

export async function createTestServer(
  options: TestServerOptions = {},
  clients?: readonly DemoClient[],
): Promise<TestServer> {
  const clock: TestClock = {
    now: Date.UTC(2026, 0, 15, 11, 0, 0),
    advance(seconds) {
      this.now += seconds * 1000
    },
  }
  const { signingKey = { privateJwk: await sharedPrivateJwk() }, ...rest } = options
  const server = buildMockServer(
    {
      origin: testOrigin,
      clock: () => clock.now,
      ...(signingKey === 'generate' ? {} : { signingKey }),
      ...rest,
    },
    clients,
  )
  return { server, clock }
}

/** The trace entries of one check. */
export function entriesOf(traced: TracedResponse, check: string): TraceEntry[] {
  return traced.trace.filter((e) => e.check === check)
}

/** The outcome of the last entry for `check`, or undefined when it never ran. */
export function outcomeOf(traced: TracedResponse, check: string): TraceOutcome | undefined {
  return entriesOf(traced, check).at(-1)?.outcome
}

export async function json(traced: TracedResponse): Promise<Record<string, unknown>> {
  return (await traced.response.clone().json()) as Record<string, unknown>
}

export function authorizeUrl(params: Record<string, string>): string {
  return `${testIssuer}/authorize?${new URLSearchParams(params).toString()}`
}

export function getAuthorize(
  server: MockServerInternals,
  params: Record<string, string>,
  cookie?: string,
): Promise<TracedResponse> {
  return server.handle(new Request(authorizeUrl(params), cookie === undefined ? {} : { headers: { cookie } }))
}

export function postForm(
  server: MockServerInternals,
  path: string,
  body: Record<string, string> | string,
  headers: Record<string, string> = {},
): Promise<TracedResponse> {
  return server.handle(
    new Request(`${testOrigin}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: typeof body === 'string' ? body : new URLSearchParams(body).toString(),
    }),
  )
}

/** Reads the hidden `interaction` field from a login or consent page. */
export function interactionFrom(html: string): string {
  const match = /name="interaction" value="([^"]+)"/.exec(html)
  if (match?.[1] === undefined) throw new Error(`no interaction field in page:\n${html.slice(0, 400)}`)
  return match[1]
}

/** The `gs_session=…` pair from a Set-Cookie header. */
export function sessionCookieFrom(response: Response): string {
  const setCookie = response.headers.get('set-cookie') ?? ''
  const match = /gs_session=[^;]+/.exec(setCookie)
  if (match === null) throw new Error(`no session cookie in ${setCookie}`)
  return match[0]
}

export interface FrontChannelResult {
  /** The final redirect to the client. */
  readonly location: URL
  readonly cookie: string
  readonly consent: TracedResponse
}

/**
 * Drives the browser leg: GET /authorize → read the interaction from the login page → POST
 * /as/login → POST /as/consent with the session cookie → the Location back to the client.
 */
export async function runFrontChannel(
  server: MockServerInternals,
  params: Record<string, string>,
  options: { username?: string; password?: string; decision?: 'allow' | 'deny' } = {},
): Promise<FrontChannelResult> {
  const page = await getAuthorize(server, params)
  if (page.response.status !== 200)
    throw new Error(`authorize answered ${page.response.status}: ${JSON.stringify(page.trace)}`)
  const interaction = interactionFrom(await page.response.text())
  const login = await postForm(server, '/as/login', {
    interaction,
    username: options.username ?? 'alice',
    password: options.password ?? 'wonderland',
  })
  const cookie = sessionCookieFrom(login.response)
  const consent = await postForm(
    server,
    '/as/consent',
    { interaction, decision: options.decision ?? 'allow' },
    { cookie },
  )
  const location = consent.response.headers.get('location')
  if (location === null) throw new Error(`consent answered ${consent.response.status} without Location`)
  return { location: new URL(location), cookie, consent }
}

/** The PKCE verifier/challenge pair from RFC 7636 Appendix B. */
export const rfcPkce = {
  verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
  challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
} as const

export const spaAuthorizeParams = {
  client_id: 'spa',
  response_type: 'code',
  redirect_uri: callbackUri,
  scope: 'openid profile email friends.read movies.read',
  state: 'xyz-state',
  nonce: 'n-0S6_WzA2Mj',
  code_challenge: rfcPkce.challenge,
  code_challenge_method: 'S256',
} as const

/** Runs the spa front channel and returns the code. */
export async function spaCode(
  server: MockServerInternals,
  extra: Record<string, string> = {},
): Promise<string> {
  const { location } = await runFrontChannel(server, { ...spaAuthorizeParams, ...extra })
  const code = location.searchParams.get('code')
  if (code === null) throw new Error(`no code in ${location.href}`)
  return code
}

export function redeemSpaCode(
  server: MockServerInternals,
  code: string,
  extra: Record<string, string> = {},
): Promise<TracedResponse> {
  return postForm(server, '/as/token', {
    grant_type: 'authorization_code',
    client_id: 'spa',
    code,
    redirect_uri: callbackUri,
    code_verifier: rfcPkce.verifier,
    ...extra,
  })
}

export function bearerGet(
  server: MockServerInternals,
  path: string,
  token?: string,
): Promise<TracedResponse> {
  return server.handle(
    new Request(
      `${testOrigin}${path}`,
      token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } },
    ),
  )
}
