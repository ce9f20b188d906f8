/**
 * The soak benchmark: sustained load of every kind that leaves state behind — authorization code
 * flows with sessions and refresh tokens, client credentials tokens, device codes, dynamic
 * registrations, failed sign-ins under ever new usernames, wrong user codes — against one mock
 * server, with its clock running `speed` times faster than real time so that codes, tokens and
 * clients expire while it runs. Every `sampleMs` it collects garbage and records the heap, the RSS
 * and the size of every map: bounded state shows as a flat line once the maps are full.
 *
 *   npm run bench -- --only=soak --duration=60000
 *   npx tsx scripts/bench-soak.ts --duration=60000 --speed=60
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'
import { setCookiesOf } from '../src/protocol/cookie-jar.ts'
import { buildMockServer, type MockServerInternals } from '../src/server/mock-server.ts'
import { formatRate, heading, printTable, round } from './bench-stats.ts'

export interface StateSoakSample {
  /** Seconds since the start (real time). */
  readonly atSeconds: number
  readonly requests: number
  readonly heapMiB: number
  readonly rssMiB: number
  /** Live entries per map, and registered clients. */
  readonly sizes: Readonly<Record<string, number>>
}

export interface StateSoakResult {
  readonly durationMs: number
  readonly concurrency: number
  readonly speed: number
  readonly requests: number
  readonly errors: number
  readonly firstError?: string
  readonly samples: readonly StateSoakSample[]
  /** Heap after GC at the end minus at the first sample taken once the maps were full (MiB). */
  readonly heapGrowthMiB: number
}

/** Collects garbage when the process allows it (the flag is set at run time: no node option needed). */
function collector(): () => void {
  setFlagsFromString('--expose_gc')
  const gc = runInNewContext('gc') as unknown
  return typeof gc === 'function' ? () => (gc as () => void)() : () => undefined
}

const origin = 'http://localhost:9999'
const issuer = `${origin}/as`
const callback = `${origin}/callback`
const pkce = {
  verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
  challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
}
const basic = (id: string, secret: string) => `Basic ${btoa(`${id}:${secret}`)}`

/** One user of the server, doing one thing; each leaves state behind. */
type Scenario = (send: (request: Request) => Promise<Response>, n: number) => Promise<void>

const form = (path: string, body: Record<string, string>, headers: Record<string, string> = {}) =>
  new Request(`${origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body).toString(),
  })

async function expectStatus(response: Response, status: number, what: string): Promise<string> {
  const text = await response.text()
  if (response.status !== status) throw new Error(`${what}: ${response.status} ${text.slice(0, 200)}`)
  return text
}

const scenarios: readonly Scenario[] = [
  // The authorization code grant with PKCE: an interaction, a session, a code, tokens, a refresh.
  async (send) => {
    const authorize = new URL(`${issuer}/authorize`)
    authorize.search = new URLSearchParams({
      client_id: 'spa',
      response_type: 'code',
      redirect_uri: callback,
      scope: 'openid profile offline_access',
      state: 's',
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
    }).toString()
    const login = await expectStatus(await send(new Request(authorize)), 200, 'authorize')
    const interaction = /name="interaction" value="([^"]+)"/.exec(login)?.[1] ?? ''
    const signedIn = await send(form('/as/login', { interaction, username: 'alice', password: 'wonderland' }))
    const cookie = setCookiesOf(signedIn)[0]?.split(';')[0] ?? ''
    await expectStatus(signedIn, 200, 'login')
    const consent = await send(form('/as/consent', { interaction, decision: 'allow' }, { cookie }))
    const code = new URL(consent.headers.get('location') ?? callback).searchParams.get('code') ?? ''
    const tokens = JSON.parse(
      await expectStatus(
        await send(
          form('/as/token', {
            grant_type: 'authorization_code',
            client_id: 'spa',
            code,
            redirect_uri: callback,
            code_verifier: pkce.verifier,
          }),
        ),
        200,
        'token',
      ),
    ) as { refresh_token: string; access_token: string }
    await expectStatus(
      await send(
        form('/as/token', {
          grant_type: 'refresh_token',
          client_id: 'spa',
          refresh_token: tokens.refresh_token,
        }),
      ),
      200,
      'refresh',
    )
  },
  // Client credentials, then the API: a grant and an access token record each time.
  async (send) => {
    const response = await send(
      form(
        '/as/token',
        { grant_type: 'client_credentials' },
        { authorization: basic('service', 'service-secret') },
      ),
    )
    const { access_token } = JSON.parse(await expectStatus(response, 200, 'client credentials')) as {
      access_token: string
    }
    await expectStatus(
      await send(
        new Request(`${origin}/rs/movies`, { headers: { authorization: `Bearer ${access_token}` } }),
      ),
      200,
      'resource',
    )
  },
  // A device authorization and a first poll.
  async (send) => {
    const started = JSON.parse(
      await expectStatus(
        await send(form('/as/device_authorization', { client_id: 'tv', scope: 'openid' })),
        200,
        'device',
      ),
    ) as { device_code: string }
    await send(
      form('/as/token', {
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
        client_id: 'tv',
        device_code: started.device_code,
      }),
    )
  },
  // A dynamic registration, then a token for the new client.
  async (send) => {
    const registered = JSON.parse(
      await expectStatus(
        await send(
          new Request(`${issuer}/register`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ grant_types: ['client_credentials'], scope: 'movies.read' }),
          }),
        ),
        201,
        'register',
      ),
    ) as { client_id: string; client_secret: string }
    await send(
      form(
        '/as/token',
        { grant_type: 'client_credentials' },
        {
          authorization: basic(registered.client_id, registered.client_secret),
        },
      ),
    )
  },
  // Wrong passwords under a new username every time: a rate-limit counter each.
  async (send, n) => {
    await send(
      form(
        '/as/token',
        { grant_type: 'password', username: `guess-${n}`, password: 'x' },
        {
          authorization: basic('legacy-app', 'legacy-app-secret'),
        },
      ),
    )
  },
  // A wrong user code on the device page.
  async (send, n) => {
    await send(form('/as/device', { user_code: `WRONG-${n}` }))
  },
]

function sample(
  server: MockServerInternals,
  started: number,
  requests: number,
  gc: () => void,
): StateSoakSample {
  gc()
  const memory = process.memoryUsage()
  return {
    atSeconds: round((performance.now() - started) / 1000, 1),
    requests,
    heapMiB: round(memory.heapUsed / 2 ** 20, 1),
    rssMiB: round(memory.rss / 2 ** 20, 1),
    sizes: { ...server.context.store.sizes(), clients: server.context.clients.registeredCount },
  }
}

export async function measureStateSoak(options: {
  durationMs: number
  concurrency?: number
  speed?: number
  sampleMs?: number
}): Promise<StateSoakResult> {
  const { durationMs, concurrency = 8, speed = 60, sampleMs = Math.max(1000, durationMs / 12) } = options
  const gc = collector()
  const realStart = Date.now()
  const started = performance.now()
  // The server's clock runs `speed` times faster: a 60 s soak at 60× lives through an hour.
  const clock = () => realStart + (performance.now() - started) * speed
  const server = buildMockServer({ origin, clock })
  let requests = 0
  let errors = 0
  let firstError: string | undefined
  const send = async (request: Request) => {
    requests++
    return (await server.handle(request)).response
  }
  const samples: StateSoakSample[] = [sample(server, started, 0, gc)]
  let n = 0
  const deadline = started + durationMs
  let nextSample = started + sampleMs
  const worker = async () => {
    while (performance.now() < deadline) {
      const i = n++
      const scenario = scenarios[i % scenarios.length]
      try {
        if (scenario !== undefined) await scenario(send, i)
      } catch (error) {
        errors++
        firstError ??= error instanceof Error ? error.message : String(error)
      }
      if (performance.now() >= nextSample) {
        nextSample += sampleMs
        samples.push(sample(server, started, requests, gc))
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  samples.push(sample(server, started, requests, gc))
  // Growth from the middle of the run on, when every map has long been full or at its steady state.
  const middle = samples[Math.floor(samples.length / 2)] ?? samples[0]
  const last = samples.at(-1) ?? samples[0]
  return {
    durationMs,
    concurrency,
    speed,
    requests,
    errors,
    ...(firstError === undefined ? {} : { firstError }),
    samples,
    heapGrowthMiB: round((last?.heapMiB ?? 0) - (middle?.heapMiB ?? 0), 1),
  }
}

export function printStateSoak(result: StateSoakResult): void {
  heading(
    `Soak: ${result.durationMs / 1000} s, ${result.concurrency} concurrent users, the server's clock at ${result.speed}×`,
  )
  const names = Object.keys(result.samples[0]?.sizes ?? {})
  printTable(
    ['>t s', '>requests', '>heap MiB', '>RSS MiB', ...names.map((n) => `>${n}`)],
    result.samples.map((s) => [
      String(s.atSeconds),
      String(s.requests),
      s.heapMiB.toFixed(1),
      s.rssMiB.toFixed(1),
      ...names.map((n) => String(s.sizes[n] ?? 0)),
    ]),
  )
  const seconds = result.durationMs / 1000
  console.log(
    `\n${formatRate(result.requests / seconds)} requests/s, ${result.errors} failed scenarios${result.firstError ? ` (first: ${result.firstError})` : ''}`,
  )
  console.log(
    `heap after GC, second half of the run: ${result.heapGrowthMiB >= 0 ? '+' : ''}${result.heapGrowthMiB} MiB`,
  )
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '60000' },
      concurrency: { type: 'string', default: '8' },
      speed: { type: 'string', default: '60' },
    },
  })
  printStateSoak(
    await measureStateSoak({
      durationMs: Number(values.duration),
      concurrency: Number(values.concurrency),
      speed: Number(values.speed),
    }),
  )
}

const entry = process.argv[1]
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) void main()
