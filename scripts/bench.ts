/**
 * `npm run bench`: performance numbers for Grantscope, compared with the budgets and the peer
 * anchors in research/performance-anchors.md. Not a test; prints tables and writes
 * bench-results/latest.json. Exits 1 when the first-screen payload is over budget.
 *
 *   npm run bench                       # build, then payload + server + step latency
 *   npm run bench -- --no-build         # reuse dist/ (still builds when dist/index.html is missing)
 *   npm run bench -- --only=payload     # any of payload,server,steps (comma-separated)
 *   npm run bench -- --duration=3000 --runs=5
 *   npm run bench -- --only=soak --soak-duration=60000   # optional: memory under sustained load
 */
import { mkdirSync, existsSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { measurePayload, printPayload, viteBuild, type PayloadResult } from './bench-payload.ts'
import { measureServer, printServer, type ServerBenchResult } from './bench-server.ts'
import { measureSoak, printSoak, type SoakResult } from './bench-soak.ts'
import { measureSteps, printSteps, type StepResult } from './bench-steps.ts'
import { errorMessage, heading } from './bench-stats.ts'

const sections = ['payload', 'server', 'steps', 'soak'] as const
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
  soakDurationMs: number
} {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'no-build': { type: 'boolean', default: false },
      only: { type: 'string', default: defaultSections.join(',') },
      'soak-duration': { type: 'string', default: '60000' },
      duration: { type: 'string', default: '3000' },
      runs: { type: 'string', default: '5' },
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
  const soakDurationMs = Number(values['soak-duration'])
  if (!(durationMs > 0) || !(runs >= 1) || !(soakDurationMs > 0))
    throw new Error('--duration, --runs and --soak-duration must be positive numbers')
  return { build: !values['no-build'], only, durationMs, runs: Math.floor(runs), soakDurationMs }
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

  const needsDist = options.only.has('payload') || options.only.has('server') || options.only.has('steps')
  const hasDist = existsSync(join(distDir, 'index.html'))
  if (needsDist && (options.build || !hasDist)) {
    if (!options.build) console.log('dist/index.html is missing: building despite --no-build')
    viteBuild(root)
  }

  let payload: PayloadResult | Skipped | undefined
  let server: ServerBenchResult | Skipped | undefined
  let steps: StepResult | Skipped | undefined
  let soak: SoakResult | undefined

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

  if (options.only.has('soak')) {
    soak = await measureSoak({ durationMs: options.soakDurationMs })
    printSoak(soak)
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
    soak: soak ?? null,
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
