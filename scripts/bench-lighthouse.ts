/**
 * Lighthouse (pinned 12.2.3), mobile preset, on the page as `npm start` serves it: the compiled
 * server, precompressed assets. Headless system Chromium with the flags of
 * research/performance-anchors.md; three runs, median.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import lighthouse from 'lighthouse'
import { findChromium } from './find-chromium.ts'
import { heading, median, printTable, round } from './bench-stats.ts'

const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking']

export interface LighthouseRun {
  readonly performance: number
  readonly accessibility: number
  readonly fcpMs: number
  readonly lcpMs: number
  readonly tbtMs: number
  readonly cls: number
  readonly speedIndexMs: number
}

export interface LighthouseResult {
  readonly url: string
  readonly runs: readonly LighthouseRun[]
  readonly median: LighthouseRun
}

async function devtoolsPort(chromium: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let text = ''
    const timer = setTimeout(() => reject(new Error(`Chromium did not start: ${text}`)), 20_000)
    chromium.stderr?.on('data', (d: Buffer) => {
      text += d.toString()
      const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(text)
      if (match) {
        clearTimeout(timer)
        resolve(Number(match[1]))
      }
    })
    chromium.on('exit', () => reject(new Error(`Chromium exited: ${text}`)))
  })
}

async function once(url: string, executable: string): Promise<LighthouseRun> {
  const profile = mkdtempSync(join(tmpdir(), 'grantscope-lh-'))
  const chromium = spawn(
    executable,
    [...flags, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  try {
    const port = await devtoolsPort(chromium)
    const result = await lighthouse(url, {
      port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility'],
    })
    if (result === undefined) throw new Error('Lighthouse returned nothing')
    const { lhr } = result
    const audit = (id: string) => lhr.audits[id]?.numericValue ?? NaN
    return {
      performance: Math.round((lhr.categories['performance']?.score ?? NaN) * 100),
      accessibility: Math.round((lhr.categories['accessibility']?.score ?? NaN) * 100),
      fcpMs: round(audit('first-contentful-paint'), 0),
      lcpMs: round(audit('largest-contentful-paint'), 0),
      tbtMs: round(audit('total-blocking-time'), 0),
      cls: round(audit('cumulative-layout-shift'), 3),
      speedIndexMs: round(audit('speed-index'), 0),
    }
  } finally {
    const exited = new Promise((resolve) => chromium.once('exit', resolve))
    chromium.kill('SIGKILL')
    await exited
    // Chromium's helpers may still write to the profile for a moment: a leftover temp dir is harmless.
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 })
    } catch {
      console.log(`    (left ${profile} behind)`)
    }
  }
}

/** Three mobile runs of `url`; the median of each figure. */
export async function measureLighthouse(url: string, runs = 3): Promise<LighthouseResult> {
  const executable = findChromium()
  if (executable === undefined) throw new Error('no system Chromium (set CHROMIUM_PATH)')
  const results: LighthouseRun[] = []
  for (let i = 0; i < runs; i++) {
    console.log(`  lighthouse run ${i + 1}/${runs} …`)
    const run = await once(url, executable)
    console.log(
      `    performance ${run.performance}, accessibility ${run.accessibility}, LCP ${run.lcpMs} ms, TBT ${run.tbtMs} ms`,
    )
    results.push(run)
  }
  const pick = (key: keyof LighthouseRun) => median(results.map((r) => r[key]))
  return {
    url,
    runs: results,
    median: {
      performance: pick('performance'),
      accessibility: pick('accessibility'),
      fcpMs: pick('fcpMs'),
      lcpMs: pick('lcpMs'),
      tbtMs: pick('tbtMs'),
      cls: pick('cls'),
      speedIndexMs: pick('speedIndexMs'),
    },
  }
}

export function printLighthouse(result: LighthouseResult): void {
  heading(`Lighthouse 12.2.3, mobile, ${result.url} (npm start: compiled server, precompressed)`)
  const row = (name: string, r: LighthouseRun) => [
    name,
    String(r.performance),
    String(r.accessibility),
    String(r.fcpMs),
    String(r.lcpMs),
    String(r.tbtMs),
    String(r.cls),
    String(r.speedIndexMs),
  ]
  printTable(
    ['run', '>perf', '>a11y', '>FCP ms', '>LCP ms', '>TBT ms', '>CLS', '>SI ms'],
    [...result.runs.map((r, i) => row(String(i + 1), r)), row('median', result.median)],
  )
  console.log('\ntargets: performance ≥ 98, accessibility 100')
}
