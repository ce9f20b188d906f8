/** Small statistics and formatting helpers shared by the bench sections. */

/** Nearest-rank percentile (p in 0..100) of unsorted samples; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)))
  return sorted[rank - 1] ?? Number.NaN
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50)
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}

export function formatBytes(bytes: number): string {
  return `${bytes.toLocaleString('en-US')} B`
}

export function formatMs(ms: number): string {
  return Number.isNaN(ms) ? '–' : ms < 10 ? ms.toFixed(2) : ms.toFixed(1)
}

export function formatRate(perSecond: number): string {
  return Math.round(perSecond).toLocaleString('en-US')
}

/** Prints a plain-text table; columns whose header starts with '>' are right-aligned. */
export function printTable(headers: readonly string[], rows: readonly (readonly string[])[]): void {
  const right = headers.map((h) => h.startsWith('>'))
  const titles = headers.map((h) => (h.startsWith('>') ? h.slice(1) : h))
  const widths = titles.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)))
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (right[i] ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd()
  console.log(line(titles))
  console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  for (const row of rows) console.log(line(row))
}

export function heading(title: string): void {
  console.log(`\n## ${title}\n`)
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

export interface LoadResult {
  /** Completed operations in the measured window. */
  readonly count: number
  readonly errors: number
  readonly firstError?: string
  readonly elapsedMs: number
  readonly perSecond: number
  readonly p50Ms: number
  readonly p99Ms: number
}

/**
 * Runs `operation` for `durationMs` with `concurrency` workers after an untimed warm-up, and
 * measures completions per second and per-operation latency. Stops early when operations keep
 * failing, so a broken endpoint is reported instead of hammered.
 */
export async function runFor(
  operation: () => Promise<void>,
  options: { durationMs: number; concurrency: number; warmupMs?: number },
): Promise<LoadResult> {
  const warmupEnd = performance.now() + (options.warmupMs ?? 300)
  while (performance.now() < warmupEnd) {
    try {
      await operation()
    } catch (error) {
      return {
        count: 0,
        errors: 1,
        firstError: errorMessage(error),
        elapsedMs: 0,
        perSecond: 0,
        p50Ms: NaN,
        p99Ms: NaN,
      }
    }
  }
  const latencies: number[] = []
  let errors = 0
  let firstError: string | undefined
  const start = performance.now()
  const end = start + options.durationMs
  const worker = async (): Promise<void> => {
    while (performance.now() < end && errors < 100) {
      const t0 = performance.now()
      try {
        await operation()
        latencies.push(performance.now() - t0)
      } catch (error) {
        errors += 1
        firstError ??= errorMessage(error)
      }
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, worker))
  const elapsedMs = performance.now() - start
  return {
    count: latencies.length,
    errors,
    ...(firstError === undefined ? {} : { firstError }),
    elapsedMs: round(elapsedMs, 1),
    perSecond: round((latencies.length / elapsedMs) * 1000, 1),
    p50Ms: round(percentile(latencies, 50), 3),
    p99Ms: round(percentile(latencies, 99), 3),
  }
}
