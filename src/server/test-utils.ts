/**
 * Helpers for tests that drive the mock server as a browser and a client would. Not shipped code:
 * only `*.test.ts` files import it.
 */
import type { JWK } from 'jose'
import { overNodeAdapter } from '../node/adapter-test-utils.ts'
import { CookieJar, setCookiesOf } from '../protocol/cookie-jar.ts'
import type { TracedResponse } from '../protocol/http-exchange.ts'
import type { TraceEntry, TraceOutcome } from '../protocol/trace.ts'
import type { DemoClient } from './demo-world.ts'
import { buildMockServer, type MockServerInternals } from './mock-server.ts'
import type { MockServerOptions } from './server-context.ts'
import { generatePrivateJwk } from './signing-keys.ts'

/**
 * Which adapter the endpoint suites send their requests through: `in-process` (`handle()` called
 * directly) or `node` (over a socket and the Node HTTP adapter). The vitest projects run every
 * endpoint suite once with each.
 */
export const testAdapter: 'in-process' | 'node' =
  process.env['GRANTSCOPE_TEST_ADAPTER'] === 'node' ? 'node' : 'in-process'

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
  return { server: testAdapter === 'node' ? overNodeAdapter(server) : server, clock }
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

export function authorizeUrl(params: Record<string, string>, issuer = testIssuer): string {
  return `${issuer}/authorize?${new URLSearchParams(params).toString()}`
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

interface Page {
  readonly url: string
  readonly traced: TracedResponse
  readonly html: string
}

const unescapeHtml = (text: string): string =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')

/**
 * The one way tests drive the AS's pages: a browser with a cookie jar that opens URLs, fills in
 * the AS's own forms (login, consent, device code) and never follows a redirect to the client, so
 * `redirect` is the authorization response. `send` is the server in-process, or fetch over HTTP.
 */
export class TestBrowser {
  private jar = new CookieJar()
  private readonly history: Page[] = []

  constructor(
    private readonly send: (request: Request) => Promise<TracedResponse>,
    /** The AS's issuer, for `enterCode` when no code page is open. */
    private readonly issuer: string,
  ) {}

  static for(server: MockServerInternals): TestBrowser {
    return new TestBrowser((request) => server.handle(request), server.issuer)
  }

  /** GET a URL, sending the cookies the AS set. */
  open(url: string): Promise<TracedResponse> {
    return this.navigate(url, { method: 'GET' })
  }

  /** Fills in the login page and presses "Sign in". */
  signIn(username = 'alice', password = 'wonderland'): Promise<TracedResponse> {
    return this.submit({ username, password })
  }

  /** Presses "Allow" on the consent page. */
  allow(): Promise<TracedResponse> {
    return this.submit({ decision: 'allow' })
  }

  /** Presses "Deny" on the consent page. */
  deny(): Promise<TracedResponse> {
    return this.submit({ decision: 'deny' })
  }

  /** Types a user code into the device page's "Code" field (opening the page first) and presses "Continue". */
  async enterCode(code: string): Promise<TracedResponse> {
    if (this.history.at(-1)?.html.includes('name="user_code"') !== true)
      await this.open(`${this.issuer}/device`)
    return this.submit({ user_code: code })
  }

  /** The browser's Back button: shows the previous page again without a request. */
  back(): void {
    this.history.pop()
  }

  /** Forgets every cookie, like a private window. */
  clearCookies(): void {
    this.jar = new CookieJar()
  }

  get last(): TracedResponse {
    return this.current.traced
  }

  /** The HTML of the page on screen. */
  get html(): string {
    return this.current.html
  }

  /** Where the last response sent the browser: the authorization response to the client. */
  get redirect(): URL {
    const { traced, url } = this.current
    const location = traced.response.headers.get('location')
    if (traced.response.status !== 302 || location === null)
      throw new Error(
        `${url} answered ${traced.response.status}, not a redirect:\n${this.html.slice(0, 600)}`,
      )
    return new URL(location, url)
  }

  /** Submits the form on the page on screen: its hidden fields plus `fields`. */
  private submit(fields: Record<string, string>): Promise<TracedResponse> {
    const form = /<form method="post" action="([^"]+)">([\s\S]*?)<\/form>/.exec(this.html)
    if (form?.[1] === undefined || form[2] === undefined)
      throw new Error(`no form on the page:\n${this.html.slice(0, 600)}`)
    const body = new URLSearchParams()
    for (const [, name = '', value = ''] of form[2].matchAll(
      /<input type="hidden" name="([^"]+)" value="([^"]*)"/g,
    ))
      body.append(unescapeHtml(name), unescapeHtml(value))
    for (const [name, value] of Object.entries(fields)) body.append(name, value)
    return this.navigate(unescapeHtml(form[1]), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    })
  }

  private async navigate(url: string, init: RequestInit): Promise<TracedResponse> {
    const headers = new Headers(init.headers)
    const cookie = this.jar.headerFor(url)
    if (cookie !== undefined) headers.set('cookie', cookie)
    const traced = await this.send(new Request(url, { ...init, headers, redirect: 'manual' }))
    this.jar.store(url, setCookiesOf(traced.response))
    this.history.push({ url, traced, html: await traced.response.clone().text() })
    return traced
  }

  private get current(): Page {
    const page = this.history.at(-1)
    if (page === undefined) throw new Error('the browser has not opened any page yet')
    return page
  }
}

/** Opens the authorization request, signs in and answers consent: the authorization response. */
export async function authorize(
  server: MockServerInternals,
  params: Record<string, string>,
  options: { username?: string; password?: string; decision?: 'allow' | 'deny' } = {},
): Promise<URL> {
  const browser = TestBrowser.for(server)
  await browser.open(authorizeUrl(params, server.issuer))
  await browser.signIn(options.username, options.password)
  await (options.decision === 'deny' ? browser.deny() : browser.allow())
  return browser.redirect
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
  const location = await authorize(server, { ...spaAuthorizeParams, ...extra })
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
