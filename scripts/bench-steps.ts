import { chromium, type Browser, type ElementHandle, type Locator, type Page } from '@playwright/test'
import { startNodeServer, type RunningServer } from './bench-server.ts'
import { chromiumArgs, findChromium } from './find-chromium.ts'
import { errorMessage, formatMs, heading, median, percentile, printTable, round } from './bench-stats.ts'

/** Budget: median time from a click on "Next" to the next step being on screen. */
export const stepBudgetMedianMs = 50

const stepSelector = '[data-testid="current-step"]'
const flowPath = '/?flow=authorization-code&variant=pkce'
/** A click that changes nothing for this long means the flow is at its last step. */
const noChangeTimeoutMs = 4_000
const maxClicksPerRun = 60

export interface StepRun {
  readonly samplesMs: readonly number[]
  /** The data-step-index values seen, in order. */
  readonly indices: readonly string[]
  readonly ended: string
}

export interface StepResult {
  readonly url: string
  /** What served the page: the product's Node server, or the bench's static fallback. */
  readonly served: string
  readonly chromium: string
  readonly runs: readonly StepRun[]
  readonly count: number
  readonly medianMs: number
  readonly p95Ms: number
  readonly maxMs: number
  readonly budgetMedianMs: number
  readonly withinBudget: boolean
}

/**
 * Clicks `button` inside the page and resolves with the ms until `[data-testid="current-step"]`
 * carries a different `data-step-index` (null on timeout). Runs in the browser, so Playwright's
 * round-trips are not counted. Written without named inner functions: tsx (esbuild keepNames)
 * would wrap those in `__name()`, which does not exist in the page.
 */
async function timeClick(
  page: Page,
  button: ElementHandle<HTMLElement | SVGElement>,
): Promise<number | null> {
  return page.evaluate(
    ([target, selector, timeoutMs]) =>
      new Promise<number | null>((resolve) => {
        const before = document.querySelector(selector)?.getAttribute('data-step-index') ?? null
        let t0 = 0
        const observer = new MutationObserver(() => {
          const now = document.querySelector(selector)?.getAttribute('data-step-index') ?? null
          if (now === before) return
          const elapsed = performance.now() - t0
          observer.disconnect()
          clearTimeout(timer)
          resolve(elapsed)
        })
        observer.observe(document.documentElement, {
          subtree: true,
          childList: true,
          attributes: true,
          attributeFilter: ['data-step-index'],
        })
        const timer = setTimeout(() => {
          observer.disconnect()
          resolve(null)
        }, timeoutMs)
        t0 = performance.now()
        ;(target as HTMLElement).click()
      }),
    [button, stepSelector, noChangeTimeoutMs] as const,
  )
}

async function stepIndex(page: Page): Promise<string | null> {
  return page.locator(stepSelector).first().getAttribute('data-step-index', { timeout: 5_000 })
}

async function waitUntilEnabled(button: Locator, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    const disabled = await button
      .evaluate((el) => el.getAttribute('aria-disabled') === 'true')
      .catch(() => true)
    if (!disabled) return true
    if (performance.now() > deadline) return false
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

async function runFlowOnce(page: Page): Promise<StepRun> {
  const next = page.getByRole('button', { name: 'Next', exact: true })
  const samplesMs: number[] = []
  const first = await stepIndex(page)
  const indices: string[] = first === null ? [] : [first]
  for (let click = 0; click < maxClicksPerRun; click += 1) {
    if ((await next.count()) === 0) return { samplesMs, indices, ended: 'no Next button' }
    // Next is aria-disabled while a step is in flight or at the end; give an in-flight step a moment.
    if (!(await waitUntilEnabled(next.first(), 3_000)))
      return { samplesMs, indices, ended: 'Next stayed disabled (end of flow)' }
    const handle = await next.first().elementHandle({ timeout: 2_000 })
    const ms = await timeClick(page, handle)
    await handle.dispose()
    if (ms === null) return { samplesMs, indices, ended: `no step change within ${noChangeTimeoutMs} ms` }
    samplesMs.push(ms)
    const index = await stepIndex(page)
    if (index !== null) indices.push(index)
  }
  return { samplesMs, indices, ended: `stopped after ${maxClicksPerRun} clicks` }
}

/** Adds the current step's error message, if it shows one, to why the run ended. */
async function withAlert(page: Page, run: StepRun): Promise<StepRun> {
  const alert = page.locator(`${stepSelector} [role="alert"]`).first()
  if ((await alert.count()) === 0) return run
  const text = (await alert.innerText({ timeout: 2_000 }).catch(() => '')).split('\n')[0]?.trim() ?? ''
  return text === '' ? run : { ...run, ended: `${run.ended}; the step shows an error: "${text}"` }
}

async function restart(page: Page, url: string, initialIndex: string | null): Promise<void> {
  const button = page.getByRole('button', { name: 'Restart', exact: true })
  if ((await button.count()) > 0) {
    await button.first().click()
  } else {
    console.log('    (no "Restart" button: reloading the page instead)')
    await page.goto(url)
  }
  await page.waitForFunction(
    ([selector, expected]) => document.querySelector(selector)?.getAttribute('data-step-index') === expected,
    [stepSelector, initialIndex] as const,
    { timeout: 10_000 },
  )
}

/** Step latency of the authorization-code + PKCE walkthrough in headless system Chromium. */
export async function measureSteps(options: { distDir: string; runs: number }): Promise<StepResult> {
  const executablePath = findChromium()
  let server: RunningServer | undefined
  let browser: Browser | undefined
  let served: string
  try {
    server = await startNodeServer(options.distDir)
    served = 'src/node/main.ts startServer'
    const url = new URL(flowPath, server.url).href
    browser = await chromium.launch({
      headless: true,
      args: [...chromiumArgs],
      ...(executablePath === undefined ? {} : { executablePath }),
    })
    const page = await browser.newPage()
    await page.goto(url)
    try {
      await page.locator(stepSelector).first().waitFor({ timeout: 15_000 })
    } catch (error) {
      throw new Error(
        `the UI has no ${stepSelector} at ${url} (${errorMessage(error).split('\n')[0] ?? ''})`,
        {
          cause: error,
        },
      )
    }
    const initialIndex = await stepIndex(page)
    const runs: StepRun[] = []
    for (let run = 1; run <= options.runs; run += 1) {
      const result = await withAlert(page, await runFlowOnce(page))
      runs.push(result)
      console.log(
        `    run ${run}: ${result.samplesMs.length} steps, median ${formatMs(median(result.samplesMs))} ms ` +
          `(indices ${result.indices.join('→')}; ended: ${result.ended})`,
      )
      if (result.samplesMs.length === 0)
        throw new Error(`clicking Next never changed the step (${result.ended})`)
      if (run < options.runs) await restart(page, url, initialIndex)
    }
    const all = runs.flatMap((r) => r.samplesMs)
    const medianMs = round(median(all), 2)
    return {
      url,
      served,
      chromium: `${executablePath ?? "Playwright's own"} (${browser.version()})`,
      runs: runs.map((r) => ({ ...r, samplesMs: r.samplesMs.map((ms) => round(ms, 2)) })),
      count: all.length,
      medianMs,
      p95Ms: round(percentile(all, 95), 2),
      maxMs: round(Math.max(...all), 2),
      budgetMedianMs: stepBudgetMedianMs,
      withinBudget: medianMs <= stepBudgetMedianMs,
    }
  } finally {
    await browser?.close()
    await server?.close()
  }
}

export function printSteps(result: StepResult): void {
  heading(`Step latency (click "Next" → new data-step-index, measured in the page)`)
  console.log(`browser: ${result.chromium}; page: ${result.url} served by ${result.served}\n`)
  printTable(
    ['>runs', '>steps', '>median ms', '>p95 ms', '>max ms', '>budget (median)', 'verdict'],
    [
      [
        String(result.runs.length),
        String(result.count),
        formatMs(result.medianMs),
        formatMs(result.p95Ms),
        formatMs(result.maxMs),
        `${result.budgetMedianMs} ms`,
        result.withinBudget ? 'OK' : 'OVER BUDGET',
      ],
    ],
  )
  const stopped = result.runs.filter((run) => run.ended.includes('shows an error')).length
  if (stopped > 0) {
    console.log(
      `\nWARNING: ${stopped} of ${result.runs.length} runs stopped on an error step, so the numbers cover only ` +
        'the steps before it (see "ended" per run above and in latest.json).',
    )
  }
}
