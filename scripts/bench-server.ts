import { createHash, randomBytes } from 'node:crypto'
import { Agent, request as httpRequest } from 'node:http'
import { createMockServer } from '../src/server/index.ts'
import { startServer, type RunningServer } from '../src/node/main.ts'
import {
  errorMessage,
  formatMs,
  formatRate,
  heading,
  percentile,
  printTable,
  round,
  runFor,
  type LoadResult,
} from './bench-stats.ts'

export type { RunningServer } from '../src/node/main.ts'

/** Starts the product's Node server on a random loopback port, serving `distDir`. */
export async function startNodeServer(distDir: string): Promise<RunningServer> {
  const server = await startServer({ port: 0, host: '127.0.0.1', distDir })
  const { hostname } = new URL(server.url)
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(hostname)) {
    await server.close()
    throw new Error(`startServer returned ${server.url}, which is not a loopback address`)
  }
  return server
}

type Send = (request: Request) => Promise<Response>

async function expectOk(send: Send, url: string): Promise<void> {
  const response = await send(new Request(url))
  await response.arrayBuffer()
  if (response.status !== 200) throw new Error(`GET ${url} → ${response.status}`)
}

/**
 * A keep-alive node:http GET loop client for loopback load: about 3× lighter than fetch (undici),
 * which matters because the client shares this process, and its 2 cores, with the server.
 */
function keepAliveGetter(url: string, sockets: number): { get: () => Promise<void>; close: () => void } {
  const target = new URL(url)
  const agent = new Agent({ keepAlive: true, maxSockets: sockets })
  const host = target.hostname === 'localhost' ? '127.0.0.1' : target.hostname
  const get = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      httpRequest(
        {
          host,
          port: target.port,
          path: `${target.pathname}${target.search}`,
          agent,
          headers: { host: target.host },
        },
        (response) => {
          response.resume()
          response.on('error', reject)
          response.on('end', () =>
            response.statusCode === 200
              ? resolve()
              : reject(new Error(`GET ${url} → ${response.statusCode}`)),
          )
        },
      )
        .on('error', reject)
        .end()
    })
  return { get, close: () => agent.destroy() }
}

const base64url = (bytes: Buffer): string => bytes.toString('base64url')

function decodeEntities(value: string): string {
  return value
    .replace(/&#x([\da-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'i').exec(tag)
  const value = match?.[1] ?? match?.[2]
  return value === undefined ? undefined : decodeEntities(value)
}

/** The first form of an AS page: its action and hidden fields, and whether it is login or consent. */
function parseForm(
  html: string,
  pageUrl: string,
): { action: string; fields: URLSearchParams; kind: 'login' | 'consent' } {
  const formTag = /<form\b[^>]*>/i.exec(html)?.[0]
  if (formTag === undefined) throw new Error(`no <form> on ${pageUrl}`)
  const fields = new URLSearchParams()
  for (const [input = ''] of html.matchAll(/<input\b[^>]*>/gi)) {
    const name = attribute(input, 'name')
    if (name !== undefined && attribute(input, 'type')?.toLowerCase() === 'hidden') {
      fields.append(name, attribute(input, 'value') ?? '')
    }
  }
  const action = new URL(attribute(formTag, 'action') ?? pageUrl, pageUrl).href
  if (/name\s*=\s*["']password["']/i.test(html)) return { action, fields, kind: 'login' }
  if (/name\s*=\s*["']decision["']/i.test(html)) return { action, fields, kind: 'consent' }
  throw new Error(`the form on ${pageUrl} is neither login nor consent`)
}

/** A browser-like cookie store for one flow: name → value, sent to every URL on the origin. */
class Cookies {
  private readonly values = new Map<string, string>()
  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';')[0] ?? ''
      const eq = pair.indexOf('=')
      if (eq <= 0) continue
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      if (value === '' || /;\s*max-age=(0|-)/i.test(line)) this.values.delete(name)
      else this.values.set(name, value)
    }
  }
  header(): string | undefined {
    return this.values.size === 0 ? undefined : [...this.values].map(([n, v]) => `${n}=${v}`).join('; ')
  }
}

/**
 * One complete authorization-code + PKCE flow for the public client `spa`, driven like a browser:
 * follows redirects, signs alice in, allows consent, then exchanges the code. Returns the token
 * request's latency in ms.
 */
export async function authorizationCodeFlow(send: Send, origin: string): Promise<number> {
  const redirectUri = `${origin}/callback`
  const verifier = base64url(randomBytes(32))
  const challenge = base64url(createHash('sha256').update(verifier).digest())
  const state = base64url(randomBytes(12))
  const authorize = new URL(`${origin}/as/authorize`)
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: 'spa',
    redirect_uri: redirectUri,
    scope: 'openid profile',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString()

  const cookies = new Cookies()
  const navigate = async (url: string, body?: URLSearchParams): Promise<Response> => {
    const headers = new Headers()
    const cookie = cookies.header()
    if (cookie !== undefined) headers.set('cookie', cookie)
    if (body !== undefined) {
      headers.set('content-type', 'application/x-www-form-urlencoded')
      headers.set('origin', origin)
    }
    const init: RequestInit = { method: body === undefined ? 'GET' : 'POST', headers, redirect: 'manual' }
    if (body !== undefined) init.body = body.toString()
    const response = await send(new Request(url, init))
    cookies.store(response)
    return response
  }

  let url = authorize.href
  let response = await navigate(url)
  let code: string | undefined
  for (let hop = 0; hop < 12 && code === undefined; hop += 1) {
    if (response.status >= 300 && response.status < 400) {
      await response.arrayBuffer()
      const location = response.headers.get('location')
      if (location === null) throw new Error(`${response.status} from ${url} without Location`)
      url = new URL(location, url).href
      if (url.startsWith(redirectUri)) {
        const params = new URL(url).searchParams
        const error = params.get('error')
        if (error !== null)
          throw new Error(`authorization error: ${error} ${params.get('error_description') ?? ''}`)
        if (params.get('state') !== state) throw new Error('state mismatch on the callback')
        code = params.get('code') ?? undefined
        if (code === undefined) throw new Error(`callback without code: ${url}`)
        break
      }
      response = await navigate(url)
      continue
    }
    const html = await response.text()
    if (response.status !== 200) throw new Error(`${response.status} from ${url}: ${html.slice(0, 200)}`)
    const form = parseForm(html, url)
    if (form.kind === 'login') {
      form.fields.set('username', 'alice')
      form.fields.set('password', 'wonderland')
    } else {
      form.fields.set('decision', 'allow')
    }
    url = form.action
    response = await navigate(url, form.fields)
  }
  if (code === undefined) throw new Error('no authorization code after 12 hops')

  const t0 = performance.now()
  const tokenResponse = await send(
    new Request(`${origin}/as/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        client_id: 'spa',
        code_verifier: verifier,
      }).toString(),
    }),
  )
  const tokens = (await tokenResponse.json()) as Record<string, unknown>
  const latency = performance.now() - t0
  if (tokenResponse.status !== 200 || typeof tokens['access_token'] !== 'string') {
    throw new Error(`token endpoint → ${tokenResponse.status} ${JSON.stringify(tokens).slice(0, 200)}`)
  }
  return latency
}

export interface FlowResult extends LoadResult {
  readonly tokenP50Ms: number
  readonly tokenP99Ms: number
}

async function measureFlows(send: Send, origin: string, durationMs: number): Promise<FlowResult> {
  const tokenLatencies: number[] = []
  const result = await runFor(
    async () => {
      tokenLatencies.push(await authorizationCodeFlow(send, origin))
    },
    { durationMs, concurrency: 1 },
  )
  // Drop the warm-up flows' token latencies: runFor records only the measured window's count.
  const measured = tokenLatencies.slice(-result.count)
  return {
    ...result,
    tokenP50Ms: round(percentile(measured, 50), 3),
    tokenP99Ms: round(percentile(measured, 99), 3),
  }
}

export interface Scenario {
  readonly name: string
  readonly transport: 'in-process' | 'http'
  readonly concurrency: number
  readonly result: LoadResult | FlowResult
}

export interface Skipped {
  readonly skipped: string
}
export type ServerPart = { readonly scenarios: readonly Scenario[] } | Skipped
export interface ServerBenchResult {
  readonly inProcess: ServerPart
  readonly http: ServerPart
}

/** In-process (`server.fetch`) and loopback-HTTP throughput of the mock server. */
export async function measureServer(options: {
  distDir: string
  durationMs: number
}): Promise<ServerBenchResult> {
  const { durationMs } = options
  let inProcess: ServerPart
  try {
    const origin = 'http://localhost:4319'
    const server = createMockServer({ origin })
    const send: Send = (request) => server.fetch(request)
    const scenarios: Scenario[] = []
    for (const [name, path] of [
      ['discovery GET', '/as/.well-known/openid-configuration'],
      ['JWKS GET', '/as/jwks'],
    ] as const) {
      console.log(`  in-process: ${name} …`)
      const result = await runFor(() => expectOk(send, `${origin}${path}`), { durationMs, concurrency: 1 })
      scenarios.push({ name, transport: 'in-process', concurrency: 1, result })
    }
    console.log('  in-process: authorization code + PKCE flows …')
    server.reset()
    scenarios.push({
      name: 'auth code + PKCE flow',
      transport: 'in-process',
      concurrency: 1,
      result: await measureFlows(send, origin, durationMs),
    })
    inProcess = { scenarios }
  } catch (error) {
    inProcess = { skipped: errorMessage(error) }
  }

  let http: ServerPart
  let running: RunningServer | undefined
  try {
    running = await startNodeServer(options.distDir)
    const origin = new URL(running.url).origin
    const send: Send = (request) => fetch(request)
    const scenarios: Scenario[] = []
    console.log(`  http (${origin}): discovery GET at concurrency 10 (node:http keep-alive client) …`)
    const client = keepAliveGetter(`${origin}/as/.well-known/openid-configuration`, 10)
    try {
      scenarios.push({
        name: 'discovery GET',
        transport: 'http',
        concurrency: 10,
        result: await runFor(client.get, { durationMs, concurrency: 10 }),
      })
    } finally {
      client.close()
    }
    console.log(`  http (${origin}): authorization code + PKCE flows (fetch client) …`)
    scenarios.push({
      name: 'auth code + PKCE flow',
      transport: 'http',
      concurrency: 1,
      result: await measureFlows(send, origin, durationMs),
    })
    http = { scenarios }
  } catch (error) {
    http = { skipped: errorMessage(error) }
  } finally {
    await running?.close()
  }
  return { inProcess, http }
}

export function printServer(result: ServerBenchResult): void {
  heading('Mock server throughput (bounded loops; req/s = completed requests or flows per second)')
  const rows: string[][] = []
  for (const part of [result.inProcess, result.http]) {
    if ('skipped' in part) continue
    for (const s of part.scenarios) {
      const r = s.result
      const token = 'tokenP50Ms' in r ? `${formatMs(r.tokenP50Ms)} / ${formatMs(r.tokenP99Ms)}` : '–'
      rows.push([
        s.name,
        s.transport,
        String(s.concurrency),
        r.count.toLocaleString('en-US'),
        formatRate(r.perSecond),
        `${formatMs(r.p50Ms)} / ${formatMs(r.p99Ms)}`,
        token,
        r.errors === 0 ? '0' : `${r.errors}: ${r.firstError ?? ''}`,
      ])
    }
  }
  if (rows.length > 0) {
    printTable(
      ['scenario', 'transport', '>conc', '>count', '>per s', '>p50/p99 ms', '>token p50/p99 ms', 'errors'],
      rows,
    )
  }
  if ('skipped' in result.inProcess) console.log(`\nin-process: SKIPPED — ${result.inProcess.skipped}`)
  if ('skipped' in result.http) console.log(`\nhttp: SKIPPED — ${result.http.skipped}`)
  console.log(
    '\nhttp rows: the load client runs in the same Node process as the server (2 cores shared), so they are a floor.',
  )
  console.log(
    'anchors (performance-anchors.md, wrk): oidc-provider discovery 8,817 @c2 / 6,757 @c10 req/s; ' +
      'bare node:http static discovery 31,468 / 35,162 req/s; oidc-provider ES256 JWT token 2,537 / 2,975 req/s.',
  )
}
