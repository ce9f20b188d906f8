/**
 * `npm run bench`: performance numbers for Grantscope, compared with the budgets and the peer
 * anchors in research/performance-anchors.md. Not a test; prints tables and writes
 * bench-results/latest.json. Exits 1 when the first-screen payload is over budget.
 *
 *   npm run bench                       # build, then payload + server + step latency
 *   npm run bench -- --no-build         # reuse dist/ (still builds when dist/index.html is missing)
 *   npm run bench -- --only=payload     # any of payload,server,steps,lighthouse,load,soak
 *   npm run bench -- --duration=3000 --runs=5
 *   npm run bench -- --only=state --state-duration=60000   # in-process: the store's maps stay bounded
 *   npm run bench -- --only=lighthouse,load,soak --rounds=3 --seconds=10 --soak=60
 *   npm run bench -- --only=load --alg=RS256,ES256   # token scenario per signing algorithm (default both)
 *
 * lighthouse, load and soak run the compiled server (`node dist-server/main.js`) in its own
 * process; load and soak need wrk (`apt-get install wrk`) and compare with oidc-provider.
 */
import { mkdirSync, existsSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { measurePayload, printPayload, viteBuild, type PayloadResult } from './bench-payload.ts'
import { measureServer, printServer, type ServerBenchResult } from './bench-server.ts'
import { measureStateSoak, printStateSoak, type StateSoakResult } from './bench-soak.ts'
import { measureSteps, printSteps, type StepResult } from './bench-steps.ts'
import { errorMessage, heading } from './bench-stats.ts'
import { measureLighthouse, printLighthouse, type LighthouseResult } from './bench-lighthouse.ts'
import {
  benchAlgorithms,
  measureLoad,
  measureSoak,
  printLoad,
  printSoak,
  startCompiledServer,
  wrkAvailable,
  type BenchAlgorithm,
  type LoadResult,
  type SoakResult,
} from './bench-load.ts'

const sections = ['payload', 'server', 'steps', 'lighthouse', 'load', 'soak', 'state'] as const
type Section = (typeof sections)[number]
/** The soak takes a minute: it runs only when asked for. */
const defaultSections: readonly Section[] = ['payload', 'server', 'steps']

interface Skipped {
  readonly skipped: string
}

function parseOptions(argv: readonly string[]): {
  build: boolean
  only: Set<Section>
  durationMs: number
  runs: number
  stateDurationMs: number
  rounds: number
  seconds: number
  soakSeconds: number
  algorithms: BenchAlgorithm[]
} {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'no-build': { type: 'boolean', default: false },
      only: { type: 'string', default: defaultSections.join(',') },
      'state-duration': { type: 'string', default: '60000' },
      duration: { type: 'string', default: '3000' },
      runs: { type: 'string', default: '5' },
      rounds: { type: 'string', default: '3' },
      seconds: { type: 'string', default: '10' },
      soak: { type: 'string', default: '60' },
      alg: { type: 'string', default: 'RS256,ES256' },
    },
    strict: true,
  })
  const only = new Set<Section>()
  for (const name of values.only.split(',').map((s) => s.trim())) {
    if (!(sections as readonly string[]).includes(name)) throw new Error(`--only: unknown section "${name}"`)
    only.add(name as Section)
  }
  const durationMs = Number(values.duration)
  const runs = Number(values.runs)
  const stateDurationMs = Number(values['state-duration'])
  if (!(durationMs > 0) || !(runs >= 1) || !(stateDurationMs > 0))
    throw new Error('--duration, --runs and --state-duration must be positive numbers')
  const [rounds, seconds, soakSeconds] = [values.rounds, values.seconds, values.soak].map(Number) as [
    number,
    number,
    number,
  ]
  if (!(rounds >= 1 && seconds >= 1 && soakSeconds >= 10))
    throw new Error('--rounds, --seconds must be ≥ 1 and --soak ≥ 10')
  const algorithms = values.alg.split(',').map((s) => s.trim())
  for (const alg of algorithms)
    if (!(benchAlgorithms as readonly string[]).includes(alg))
      throw new Error(`--alg: unknown algorithm "${alg}" (${benchAlgorithms.join(', ')})`)
  return {
    algorithms: algorithms as BenchAlgorithm[],
    build: !values['no-build'],
    only,
    durationMs,
    runs: Math.floor(runs),
    rounds,
    seconds,
    soakSeconds,
    stateDurationMs,
  }
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2))
  const root = resolve(fileURLToPath(new URL('..', import.meta.url)))
  const distDir = join(root, 'dist')
  const startedAt = new Date()
  console.log(
    `# Grantscope bench — ${startedAt.toISOString()} — node ${process.version}, ` +
      `${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
  )

  const needsDist = options.only.size > 0
  const hasDist = existsSync(join(distDir, 'index.html')) && existsSync(join(root, 'dist-server', 'main.js'))
  if (needsDist && (options.build || !hasDist)) {
    if (!options.build) console.log('dist/index.html is missing: building despite --no-build')
    viteBuild(root)
  }

  let payload: PayloadResult | Skipped | undefined
  let server: ServerBenchResult | Skipped | undefined
  let steps: StepResult | Skipped | undefined

  if (options.only.has('payload')) {
    payload = measurePayload(distDir)
    printPayload(payload)
  }
  if (options.only.has('server')) {
    heading('Mock server throughput: running …')
    try {
      server = await measureServer({ distDir, durationMs: options.durationMs })
      printServer(server)
    } catch (error) {
      server = { skipped: errorMessage(error) }
      console.log(`SKIPPED — ${server.skipped}`)
    }
  }
  if (options.only.has('steps')) {
    heading('Step latency: running …')
    try {
      steps = await measureSteps({ distDir, runs: options.runs })
      printSteps(steps)
    } catch (error) {
      steps = { skipped: errorMessage(error) }
      console.log(`SKIPPED — ${steps.skipped}`)
    }
  }

  let lighthouseResult: LighthouseResult | Skipped | undefined
  let load: LoadResult | Skipped | undefined
  let soak: SoakResult | Skipped | undefined
  if (options.only.has('lighthouse')) {
    heading('Lighthouse: running …')
    try {
      const server = await startCompiledServer(root, distDir)
      try {
        lighthouseResult = await measureLighthouse(`${server.url}/`)
      } finally {
        await server.stop()
      }
      printLighthouse(lighthouseResult)
    } catch (error) {
      lighthouseResult = { skipped: errorMessage(error) }
      console.log(`SKIPPED — ${lighthouseResult.skipped}`)
    }
  }
  for (const section of ['load', 'soak'] as const) {
    if (!options.only.has(section)) continue
    heading(`${section === 'load' ? 'Side-by-side load' : 'Soak'}: running …`)
    try {
      if (!wrkAvailable()) throw new Error('wrk is not installed (apt-get install wrk)')
      if (section === 'load') {
        load = await measureLoad({
          root,
          distDir,
          rounds: options.rounds,
          seconds: options.seconds,
          connections: 10,
          algorithms: options.algorithms,
        })
        printLoad(load)
      } else {
        soak = await measureSoak({ root, distDir, seconds: options.soakSeconds })
        printSoak(soak)
      }
    } catch (error) {
      const skipped = { skipped: errorMessage(error) }
      if (section === 'load') load = skipped
      else soak = skipped
      console.log(`SKIPPED — ${skipped.skipped}`)
    }
  }
  let state: StateSoakResult | undefined
  if (options.only.has('state')) {
    state = await measureStateSoak({ durationMs: options.stateDurationMs })
    printStateSoak(state)
  }

  const outDir = join(root, 'bench-results')
  mkdirSync(outDir, { recursive: true })
  const report = {
    date: startedAt.toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? null,
    options: { ...options, only: [...options.only] },
    payload: payload ?? null,
    server: server ?? null,
    steps: steps ?? null,
    lighthouse: lighthouseResult ?? null,
    load: load ?? null,
    soak: soak ?? null,
    state: state ?? null,
  }
  writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`)
  console.log(`\nwrote ${join('bench-results', 'latest.json')}`)

  if (payload !== undefined && 'withinBudget' in payload && !payload.withinBudget) {
    console.error('\nFAIL: the first-screen payload is over its budget.')
    return 1
  }
  return 0
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error)
    process.exit(2)
  },
)
