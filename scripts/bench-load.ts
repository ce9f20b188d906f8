/**
 * Side-by-side load on the compiled Node server (`node dist-server/main.js`) and on panva's
 * oidc-provider (`scripts/peer-oidc-provider.js`), the way research/performance-anchors.md measured
 * its anchors: each server in a fresh process pinned to core 0, wrk (one thread) pinned to core 1,
 * a warm-up, then a timed run per scenario, the servers alternating round by round so both see the
 * same noise. Peak RSS is the kernel's high-water mark (VmHWM). The soak runs the token endpoint
 * for a minute and samples VmRSS, to show memory is bounded and flat.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { formatRate, heading, median, printTable, round } from './bench-stats.ts'

export interface WrkResult {
  readonly requestsPerSecond: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly non2xx: number
  readonly socketErrors: number
}

interface ServerUnderTest {
  readonly name: 'grantscope' | 'oidc-provider'
  readonly paths: Readonly<Record<Scenario, string>>
  start(port: number): ChildProcess
}

const scenarios = ['token', 'discovery', 'jwks'] as const
type Scenario = (typeof scenarios)[number]

const basic = `Basic ${Buffer.from('service:service-secret').toString('base64')}`

/** Both sides sign RS256: ours has no other algorithm (yet), so the peer is configured to match. */
const servers = (root: string, distDir: string): readonly ServerUnderTest[] => [
  {
    name: 'grantscope',
    paths: { token: '/as/token', discovery: '/as/.well-known/openid-configuration', jwks: '/as/jwks' },
    // As `npm run serve` starts it (package.json): a 2 MiB young generation keeps RSS low under load.
    start: (port) =>
      pinned(join(root, 'dist-server', 'main.js'), { PORT: String(port), DIST_DIR: distDir }, root, [
        '--max-semi-space-size=2',
      ]),
  },
  {
    name: 'oidc-provider',
    paths: { token: '/token', discovery: '/.well-known/openid-configuration', jwks: '/jwks' },
    start: (port) =>
      pinned(
        join(root, 'scripts', 'peer-oidc-provider.js'),
        { PORT: String(port), ALG: 'RS256', NODE_ENV: 'production' },
        root,
      ),
  },
]

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

const toMs = (value: string, unit: string): number =>
  Number(value) * (unit === 'us' ? 0.001 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 1)

export function parseWrk(output: string): WrkResult {
  const latency = (p: string) => {
    const m = new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(output)
    return m ? toMs(m[1]!, m[2]!) : NaN
  }
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output)
  return {
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
          'wrk.body = "grant_type=client_credentials&scope=movies.read"',
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
  readonly runs: readonly WrkResult[]
  readonly medianRps: number
  readonly medianP99Ms: number
  readonly peakRssMiB: number
}

export interface LoadResult {
  readonly connections: number
  readonly seconds: number
  readonly rounds: number
  readonly taskset: boolean
  readonly rows: readonly LoadRow[]
  readonly tokenRatio: number
}

/** The side-by-side matrix: every round starts a fresh process per server. */
export async function measureLoad(options: {
  root: string
  distDir: string
  rounds: number
  seconds: number
  connections: number
}): Promise<LoadResult> {
  const runs = new Map<string, { results: WrkResult[]; peaks: number[] }>()
  for (let r = 0; r < options.rounds; r++) {
    // Alternate who goes first, so a burst of noise does not always hit the same side.
    const order =
      r % 2 === 0
        ? servers(options.root, options.distDir)
        : [...servers(options.root, options.distDir)].reverse()
    for (const server of order) {
      const port = await freePort()
      const base = `http://${server.name === 'grantscope' ? 'localhost' : '127.0.0.1'}:${port}`
      const child = server.start(port)
      try {
        await waitUntilUp(base + server.paths.discovery, child)
        for (const scenario of scenarios) {
          console.log(`  round ${r + 1}: ${server.name} ${scenario} …`)
          await wrk(base + server.paths[scenario], scenario, options.connections, 3)
          const result = await wrk(
            base + server.paths[scenario],
            scenario,
            options.connections,
            options.seconds,
          )
          const key = `${server.name}/${scenario}`
          const entry = runs.get(key) ?? { results: [], peaks: [] }
          entry.results.push(result)
          entry.peaks.push(memoryOf(child.pid!)?.peakMiB ?? NaN)
          runs.set(key, entry)
        }
      } finally {
        await stop(child)
      }
    }
  }
  const rows: LoadRow[] = [...runs].map(([key, { results, peaks }]) => {
    const [server, scenario] = key.split('/') as [LoadRow['server'], Scenario]
    return {
      server,
      scenario,
      runs: results,
      medianRps: round(median(results.map((x) => x.requestsPerSecond)), 1),
      medianP99Ms: round(median(results.map((x) => x.p99Ms)), 2),
      peakRssMiB: Math.max(...peaks),
    }
  })
  const rps = (server: string) =>
    rows.find((x) => x.server === server && x.scenario === 'token')?.medianRps ?? NaN
  return {
    connections: options.connections,
    seconds: options.seconds,
    rounds: options.rounds,
    taskset: hasTaskset,
    rows,
    tokenRatio: round(rps('grantscope') / rps('oidc-provider'), 2),
  }
}

export function printLoad(result: LoadResult): void {
  heading(
    `Side by side at ${result.connections} connections (wrk, ${result.seconds} s × ${result.rounds} rounds, medians; ` +
      `${result.taskset ? 'server on core 0, wrk on core 1' : 'no taskset: unpinned'})`,
  )
  printTable(
    ['scenario', 'server', '>req/s (median)', '>runs', '>p99 ms', '>peak RSS MiB', 'errors'],
    result.rows.map((row) => [
      row.scenario,
      row.server,
      formatRate(row.medianRps),
      row.runs.map((x) => formatRate(x.requestsPerSecond)).join(' / '),
      row.medianP99Ms.toFixed(2),
      row.peakRssMiB.toFixed(1),
      String(row.runs.reduce((sum, x) => sum + x.non2xx + x.socketErrors, 0)),
    ]),
  )
  console.log(
    `\ntoken endpoint (client credentials, RS256 JWT access tokens): grantscope / oidc-provider = ${result.tokenRatio}× ` +
      `(target ≥ 1.5×, p99 ≤ 20 ms)`,
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
  const child = server.start(port)
  await waitUntilUp(url + server.paths.discovery, child)
  return { url, stop: () => stop(child) }
}

export interface SoakResult {
  readonly seconds: number
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
  const child = server.start(port)
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
  heading(`Soak: ${result.seconds} s of token requests at 10 connections (compiled server, VmRSS every 5 s)`)
  console.log(result.samples.map((s) => `${s.atS}s ${s.rssMiB.toFixed(1)}`).join(' · '))
  console.log(
    `\npeak ${result.peakMiB.toFixed(1)} MiB (target ≤ 100); max in the first half ${result.firstHalfMaxMiB.toFixed(1)}, ` +
      `in the second ${result.secondHalfMaxMiB.toFixed(1)}; ${formatRate(result.load.requestsPerSecond)} req/s, ` +
      `p99 ${result.load.p99Ms.toFixed(2)} ms, ${result.load.non2xx + result.load.socketErrors} errors`,
  )
}
