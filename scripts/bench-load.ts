/**
 * Side-by-side load on the compiled Node server (`node dist-server/main.js`) and on panva's
 * oidc-provider (`scripts/peer-oidc-provider.js`), the way research/performance-anchors.md measured
 * its anchors: each server in a fresh process pinned to core 0, wrk (one thread) pinned to core 1,
 * a warm-up, then a timed run per scenario. Peak RSS is the kernel's high-water mark (VmHWM). The
 * token scenario runs once per signing algorithm (`--alg`, both sides set to the same one; ours
 * through its admin endpoint, as a developer would), discovery and JWKS once per round.
 * This host's speed drifts by tens of percent from minute to minute, so the servers run back to back
 * for one algorithm at a time, in an order that alternates, and each ratio is the median of each
 * round's ratio of those neighbouring runs. Beside req/s, each run records the server's own CPU
 * time per request (utime + stime from /proc): a slower host stretches both sides' wall time, but a
 * request's CPU time much less. The raw single-core `crypto.sign` rate of each
 * algorithm is measured first: no server can sign faster, so it is the token endpoint's ceiling.
 * A third process, `scripts/floor-token-server.js`, answers the token request with nothing but
 * `node:http`, the form, the Basic comparison and one signature: the floor every Node server pays,
 * so its rate is the most any Node server reaches on this machine in that round.
 * The soak runs the token endpoint for a minute and samples VmRSS, to show memory is bounded and flat.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { formatRate, heading, median, printTable, round } from './bench-stats.ts'

export interface WrkResult {
  readonly requests: number
  readonly requestsPerSecond: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly non2xx: number
  readonly socketErrors: number
}

interface ServerUnderTest {
  readonly name: 'grantscope' | 'oidc-provider' | 'node:http floor'
  readonly paths: Readonly<Record<Scenario, string>>
  /** The scenarios it takes part in (all when absent); `paths.discovery` tells when it is up. */
  readonly only?: readonly Scenario[]
  start(port: number, alg: BenchAlgorithm): ChildProcess
  /** Makes a started server sign with `alg` (when its start could not say so). */
  useAlgorithm?(base: string, alg: BenchAlgorithm): Promise<void>
}

/** The algorithms the token scenario can compare: both servers sign with each. */
export const benchAlgorithms = ['RS256', 'ES256', 'EdDSA'] as const
export type BenchAlgorithm = (typeof benchAlgorithms)[number]

const scenarios = ['token', 'discovery', 'jwks'] as const
type Scenario = (typeof scenarios)[number]

const basic = `Basic ${Buffer.from('service:service-secret').toString('base64')}`
const tokenRequestBody = 'grant_type=client_credentials&scope=movies.read'

/** Both sides sign with the same algorithm: ours through its `signingAlgorithm` setting, the peer's through ALG. */
const servers = (root: string, distDir: string): readonly ServerUnderTest[] => [
  {
    name: 'grantscope',
    paths: { token: '/as/token', discovery: '/as/.well-known/openid-configuration', jwks: '/as/jwks' },
    start: (port) =>
      pinned(
        join(root, 'dist-server', 'main.js'),
        { PORT: String(port), DIST_DIR: distDir },
        root,
        serveNodeFlags(root),
      ),
    useAlgorithm: async (base, alg) => {
      const response = await fetch(`${base}/admin/settings`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ signingAlgorithm: alg }),
      })
      if (!response.ok) throw new Error(`could not set signingAlgorithm=${alg}: ${await response.text()}`)
    },
  },
  {
    name: 'oidc-provider',
    paths: { token: '/token', discovery: '/.well-known/openid-configuration', jwks: '/jwks' },
    start: (port, alg) =>
      pinned(
        join(root, 'scripts', 'peer-oidc-provider.js'),
        { PORT: String(port), ALG: alg, NODE_ENV: 'production' },
        root,
      ),
  },
  {
    name: 'node:http floor',
    paths: { token: '/token', discovery: '/jwks', jwks: '/jwks' },
    only: ['token'],
    start: (port, alg) =>
      pinned(join(root, 'scripts', 'floor-token-server.js'), { PORT: String(port), ALG: alg }, root),
  },
]

/**
 * The Node flags of `npm run serve`, read from package.json, so the bench starts the server exactly
 * as `npm start` does and the flags live in one place.
 */
export function serveNodeFlags(root: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>
  }
  const words = (pkg.scripts['serve'] ?? '').split(/\s+/)
  if (words[0] !== 'node')
    throw new Error('npm run serve is expected to be "node [flags] dist-server/main.js"')
  return words.slice(1).filter((word) => word.startsWith('--'))
}

/**
 * The raw single-core `crypto.sign` rate of each algorithm (a 300-byte JWS signing input, pinned
 * to core 0 like the servers, 2 s each): the ceiling of any token endpoint that signs one JWT per
 * request, before any HTTP, parsing or JSON.
 */
export function measureSignCeiling(algs: readonly BenchAlgorithm[]): Record<string, number> {
  const script = `
    const { generateKeyPairSync, sign } = require('node:crypto')
    const input = Buffer.alloc(300, 97)
    const out = {}
    for (const alg of ${JSON.stringify(algs)}) {
      const { privateKey } = alg === 'RS256' ? generateKeyPairSync('rsa', { modulusLength: 2048 })
        : alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519')
      const digest = alg === 'EdDSA' ? null : 'sha256'
      for (let i = 0; i < 200; i++) sign(digest, input, privateKey)
      let n = 0
      const started = performance.now()
      while (performance.now() - started < 2000) { sign(digest, input, { key: privateKey, dsaEncoding: 'ieee-p1363' }); n++ }
      out[alg] = Math.round(n / ((performance.now() - started) / 1000))
    }
    console.log(JSON.stringify(out))`
  const command = hasTaskset ? 'taskset' : process.execPath
  const args = hasTaskset ? ['-c', '0', process.execPath, '-e', script] : ['-e', script]
  const run = spawnSync(command, args, { encoding: 'utf8' })
  if (run.status !== 0) throw new Error(`sign ceiling: ${run.stderr}`)
  return JSON.parse(run.stdout) as Record<string, number>
}

const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0

/** `node script` on core 0 (when taskset exists), production settings, output kept for errors. */
function pinned(
  script: string,
  env: Record<string, string>,
  cwd: string,
  nodeFlags: readonly string[] = [],
): ChildProcess {
  const command = hasTaskset ? 'taskset' : process.execPath
  const args = hasTaskset ? ['-c', '0', process.execPath, ...nodeFlags, script] : [...nodeFlags, script]
  return spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
}

export function wrkAvailable(): boolean {
  return spawnSync('wrk', ['--version']).error === undefined
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

/**
 * One token request before the load: it must be a 200 with a JWT signed with `alg`, or the run would
 * time a server answering errors (as the peer did for ES256 while its client was misconfigured).
 */
async function checkTokenAnswer(url: string, alg: BenchAlgorithm): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: basic },
    body: tokenRequestBody,
  })
  const text = await response.text()
  const token = response.ok ? ((JSON.parse(text) as { access_token?: unknown }).access_token ?? '') : ''
  const header = typeof token === 'string' ? token.split('.')[0] : undefined
  const signedWith = header
    ? (JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg?: string }).alg
    : undefined
  if (signedWith !== alg) throw new Error(`${url} does not issue ${alg} JWTs: ${response.status} ${text}`)
}

/** Everything a child wrote to stdout and stderr so far, to say why a server died. */
function outputOf(child: ChildProcess): () => string {
  let output = ''
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
  return () => output.slice(-2000)
}

async function waitUntilUp(url: string, child: ChildProcess): Promise<void> {
  let output = ''
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`)
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`${url} did not come up: ${output}`)
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

/** VmRSS and VmHWM of a process, in MiB (Linux). */
export function memoryOf(pid: number): { rssMiB: number; peakMiB: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kib = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN)
    return { rssMiB: round(kib('VmRSS') / 1024, 1), peakMiB: round(kib('VmHWM') / 1024, 1) }
  } catch {
    return undefined
  }
}

/** A process's CPU time so far (user + system), in µs (Linux; NaN elsewhere). */
function cpuTimeOf(pid: number): number {
  try {
    // The fields after the command name, which is in parentheses and may hold spaces.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / clockTicks
  } catch {
    return NaN
  }
}

const clockTicks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100

const toMs = (value: string, unit: string): number =>
  Number(value) * (unit === 'us' ? 0.001 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 1)

export function parseWrk(output: string): WrkResult {
  const latency = (p: string) => {
    const m = new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(output)
    return m ? toMs(m[1]!, m[2]!) : NaN
  }
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output)
  return {
    requests: Number(/(\d+) requests in/.exec(output)?.[1] ?? NaN),
    requestsPerSecond: Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1] ?? NaN),
    p50Ms: latency('50'),
    p99Ms: latency('99'),
    non2xx: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(output)?.[1] ?? 0),
    socketErrors: errors ? errors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
  }
}

/** Runs wrk (one thread, on core 1) against `url`; POSTs the client credentials request for tokens. */
async function wrk(
  url: string,
  scenario: Scenario,
  connections: number,
  seconds: number,
): Promise<WrkResult> {
  const script = join(mkdtempSync(join(tmpdir(), 'grantscope-wrk-')), 'request.lua')
  writeFileSync(
    script,
    scenario === 'token'
      ? [
          'wrk.method = "POST"',
          `wrk.body = "${tokenRequestBody}"`,
          'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"',
          `wrk.headers["Authorization"] = "${basic}"`,
        ].join('\n')
      : '',
  )
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', script, url]
  const command = hasTaskset ? 'taskset' : 'wrk'
  const output = await new Promise<string>((resolve, reject) => {
    let text = ''
    const child = spawn(command, hasTaskset ? ['-c', '1', 'wrk', ...args] : args)
    child.stdout.on('data', (d: Buffer) => (text += d.toString()))
    child.on('error', reject)
    child.on('exit', () => resolve(text))
  })
  return parseWrk(output)
}

export interface LoadRow {
  readonly server: ServerUnderTest['name']
  readonly scenario: Scenario
  /** The signing algorithm both servers used; discovery and JWKS ran with the first of `--alg`. */
  readonly alg: BenchAlgorithm
  /** One per round, in round order. */
  readonly runs: readonly LoadRun[]
  readonly medianRps: number
  readonly medianP99Ms: number
  /** The median of the server's CPU time per request, in µs. */
  readonly medianCpuUs: number
  readonly peakRssMiB: number
}

export interface LoadRun extends WrkResult {
  /** The server process's CPU time (user + system) during the timed run, per request, in µs. */
  readonly cpuUsPerRequest: number
}

/** One server against another in one scenario, from the runs of the same rounds. */
export interface Comparison {
  /** The median over rounds of each round's req/s ratio. */
  readonly rps: number
  /** The median over rounds of each round's CPU-per-request ratio (theirs ÷ ours: higher is faster). */
  readonly cpu: number
}

export interface LoadResult {
  readonly connections: number
  readonly seconds: number
  readonly rounds: number
  readonly taskset: boolean
  readonly algorithms: readonly BenchAlgorithm[]
  /** Raw `crypto.sign` per second on one core, per algorithm: the token endpoint's ceiling. */
  readonly signPerSecond: Readonly<Record<string, number>>
  readonly rows: readonly LoadRow[]
  /** grantscope against oidc-provider on the token endpoint, per algorithm. */
  readonly tokenRatios: Readonly<Record<string, Comparison>>
  /** The node:http floor against oidc-provider, per algorithm: the most any Node server could show. */
  readonly floorRatios: Readonly<Record<string, Comparison>>
  /** grantscope against oidc-provider on discovery and JWKS (each server's runs a few seconds apart). */
  readonly discoveryRatio: Comparison
  readonly jwksRatio: Comparison
}

/**
 * The side-by-side matrix: every round starts a fresh process per server and algorithm. For each
 * algorithm the servers run one after the other, first one way round and then the other.
 */
export async function measureLoad(options: {
  root: string
  distDir: string
  rounds: number
  seconds: number
  connections: number
  algorithms: readonly BenchAlgorithm[]
}): Promise<LoadResult> {
  const signPerSecond = measureSignCeiling(options.algorithms)
  console.log(
    `  raw crypto.sign on one core: ${Object.entries(signPerSecond)
      .map(([alg, rate]) => `${alg} ${formatRate(rate)}/s`)
      .join(', ')}`,
  )
  const runs = new Map<string, { results: LoadRun[]; peaks: number[] }>()
  let turn = 0
  for (let r = 0; r < options.rounds; r++) {
    for (const [index, alg] of options.algorithms.entries()) {
      // Alternate who goes first, so a burst of noise does not always hit the same side.
      const order =
        turn++ % 2 === 0
          ? servers(options.root, options.distDir)
          : [...servers(options.root, options.distDir)].reverse()
      for (const server of order) {
        const port = await freePort()
        const base = `http://${server.name === 'grantscope' ? 'localhost' : '127.0.0.1'}:${port}`
        const child = server.start(port, alg)
        try {
          const output = outputOf(child)
          await waitUntilUp(base + server.paths.discovery, child)
          await server.useAlgorithm?.(base, alg)
          await checkTokenAnswer(base + server.paths.token, alg)
          // Discovery and JWKS do not sign: measured once per round, with the first algorithm.
          const ran = index === 0 ? scenarios : (['token'] as const)
          for (const scenario of ran.filter((x) => server.only?.includes(x) ?? true)) {
            console.log(
              `  round ${r + 1}: ${server.name} ${scenario}${scenario === 'token' ? ` ${alg}` : ''} …`,
            )
            await wrk(base + server.paths[scenario], scenario, options.connections, 3)
            const cpuBefore = cpuTimeOf(child.pid!)
            const result = await wrk(
              base + server.paths[scenario],
              scenario,
              options.connections,
              options.seconds,
            )
            const cpuUsPerRequest = (cpuTimeOf(child.pid!) - cpuBefore) / result.requests
            if (child.exitCode !== null) throw new Error(`${server.name} exited under load: ${output()}`)
            const key = `${server.name}/${scenario}/${alg}`
            const entry = runs.get(key) ?? { results: [], peaks: [] }
            entry.results.push({ ...result, cpuUsPerRequest: round(cpuUsPerRequest, 1) })
            entry.peaks.push(memoryOf(child.pid!)?.peakMiB ?? NaN)
            runs.set(key, entry)
          }
        } finally {
          await stop(child)
        }
      }
    }
  }
  const rows: LoadRow[] = [...runs].map(([key, { results, peaks }]) => {
    const [server, scenario, alg] = key.split('/') as [LoadRow['server'], Scenario, BenchAlgorithm]
    return {
      server,
      scenario,
      alg,
      runs: results,
      medianRps: round(median(results.map((x) => x.requestsPerSecond)), 1),
      medianP99Ms: round(median(results.map((x) => x.p99Ms)), 2),
      medianCpuUs: round(median(results.map((x) => x.cpuUsPerRequest)), 1),
      peakRssMiB: Math.max(...peaks),
    }
  })
  rows.sort((a, b) => scenarios.indexOf(a.scenario) - scenarios.indexOf(b.scenario))
  const against = (server: LoadRow['server']) =>
    Object.fromEntries(
      options.algorithms.map((alg) => [alg, compare(rows, server, 'oidc-provider', 'token', alg)]),
    )
  return {
    connections: options.connections,
    seconds: options.seconds,
    rounds: options.rounds,
    taskset: hasTaskset,
    algorithms: options.algorithms,
    signPerSecond,
    rows,
    tokenRatios: against('grantscope'),
    floorRatios: against('node:http floor'),
    discoveryRatio: compare(rows, 'grantscope', 'oidc-provider', 'discovery', options.algorithms[0]!),
    jwksRatio: compare(rows, 'grantscope', 'oidc-provider', 'jwks', options.algorithms[0]!),
  }
}

/**
 * How much faster `ours` answered than `theirs` in `scenario` with `alg`: the median over rounds of
 * the ratio of the two runs of the same round, by req/s and by CPU time per request.
 */
function compare(
  rows: readonly LoadRow[],
  ours: LoadRow['server'],
  theirs: LoadRow['server'],
  scenario: Scenario,
  alg: BenchAlgorithm,
): Comparison {
  const runsOf = (server: LoadRow['server']) =>
    rows.find((x) => x.server === server && x.scenario === scenario && x.alg === alg)?.runs ?? []
  const a = runsOf(ours)
  const b = runsOf(theirs)
  const paired = a.slice(0, b.length).map((run, i) => [run, b[i]!] as const)
  if (paired.length === 0) return { rps: NaN, cpu: NaN }
  return {
    rps: round(median(paired.map(([x, y]) => x.requestsPerSecond / y.requestsPerSecond)), 2),
    cpu: round(median(paired.map(([x, y]) => y.cpuUsPerRequest / x.cpuUsPerRequest)), 2),
  }
}

export function printLoad(result: LoadResult): void {
  heading(
    `Side by side at ${result.connections} connections (wrk, ${result.seconds} s × ${result.rounds} rounds, medians; ` +
      `${result.taskset ? 'server on core 0, wrk on core 1' : 'no taskset: unpinned'})`,
  )
  printTable(
    [
      'scenario',
      'alg',
      'server',
      '>req/s (median)',
      '>runs',
      '>CPU µs/req',
      '>p99 ms',
      '>peak RSS MiB',
      'errors',
    ],
    result.rows.map((row) => [
      row.scenario,
      row.scenario === 'token' ? row.alg : `(${row.alg})`,
      row.server,
      formatRate(row.medianRps),
      row.runs.map((x) => formatRate(x.requestsPerSecond)).join(' / '),
      row.medianCpuUs.toFixed(0),
      row.medianP99Ms.toFixed(2),
      row.peakRssMiB.toFixed(1),
      String(row.runs.reduce((sum, x) => sum + x.non2xx + x.socketErrors, 0)),
    ]),
  )
  console.log(
    '\ntoken endpoint (client credentials, JWT access tokens), target ≥ 1.5× and p99 ≤ 20 ms ' +
      "(medians of each round's ratio; by req/s, and by CPU time per request):",
  )
  const ratio = (c: Comparison | undefined) => `${c?.rps}× (CPU ${c?.cpu}×)`
  for (const alg of result.algorithms) {
    const ours = result.rows.find((x) => x.server === 'grantscope' && x.scenario === 'token' && x.alg === alg)
    console.log(
      `  ${alg}: grantscope / oidc-provider = ${ratio(result.tokenRatios[alg])}, p99 ${ours?.medianP99Ms.toFixed(2)} ms; ` +
        `raw crypto.sign on one core ${formatRate(result.signPerSecond[alg] ?? NaN)}/s (the ceiling); ` +
        `the node:http floor (form, Basic, one signature, nothing else) = ${ratio(result.floorRatios[alg])} oidc-provider`,
    )
  }
  console.log(
    `discovery and JWKS, target at least on par: grantscope / oidc-provider = ` +
      `${ratio(result.discoveryRatio)} and ${ratio(result.jwksRatio)}`,
  )
}

/** The compiled server on a free port (pinned to core 0), as `npm start` runs it. */
export async function startCompiledServer(
  root: string,
  distDir: string,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = servers(root, distDir)[0]!
  const port = await freePort()
  const url = `http://localhost:${port}`
  const child = server.start(port, 'RS256')
  await waitUntilUp(url + server.paths.discovery, child)
  return { url, stop: () => stop(child) }
}

export interface SoakResult {
  readonly seconds: number
  /** The server's signing algorithm during the soak (its default). */
  readonly alg: BenchAlgorithm
  readonly samples: readonly { readonly atS: number; readonly rssMiB: number }[]
  readonly peakMiB: number
  readonly firstHalfMaxMiB: number
  readonly secondHalfMaxMiB: number
  readonly load: WrkResult
}

/** A minute of token requests against the compiled server; VmRSS every 5 s. */
export async function measureSoak(options: {
  root: string
  distDir: string
  seconds: number
}): Promise<SoakResult> {
  const server = servers(options.root, options.distDir)[0]!
  const port = await freePort()
  const base = `http://localhost:${port}`
  const child = server.start(port, 'RS256')
  try {
    await waitUntilUp(base + server.paths.discovery, child)
    const samples: { atS: number; rssMiB: number }[] = []
    const started = performance.now()
    const sampler = setInterval(() => {
      const memory = memoryOf(child.pid!)
      if (memory)
        samples.push({ atS: Math.round((performance.now() - started) / 1000), rssMiB: memory.rssMiB })
    }, 5000)
    const load = await wrk(base + server.paths.token, 'token', 10, options.seconds)
    clearInterval(sampler)
    const half = options.seconds / 2
    const max = (list: typeof samples) => Math.max(...list.map((s) => s.rssMiB))
    return {
      seconds: options.seconds,
      alg: 'RS256',
      samples,
      peakMiB: memoryOf(child.pid!)?.peakMiB ?? NaN,
      firstHalfMaxMiB: max(samples.filter((s) => s.atS <= half)),
      secondHalfMaxMiB: max(samples.filter((s) => s.atS > half)),
      load,
    }
  } finally {
    await stop(child)
  }
}

export function printSoak(result: SoakResult): void {
  heading(
    `Soak: ${result.seconds} s of token requests (${result.alg}) at 10 connections (compiled server, VmRSS every 5 s)`,
  )
  console.log(result.samples.map((s) => `${s.atS}s ${s.rssMiB.toFixed(1)}`).join(' · '))
  console.log(
    `\npeak ${result.peakMiB.toFixed(1)} MiB (target ≤ 100); max in the first half ${result.firstHalfMaxMiB.toFixed(1)}, ` +
      `in the second ${result.secondHalfMaxMiB.toFixed(1)}; ${formatRate(result.load.requestsPerSecond)} req/s, ` +
      `p99 ${result.load.p99Ms.toFixed(2)} ms, ${result.load.non2xx + result.load.socketErrors} errors`,
  )
}
