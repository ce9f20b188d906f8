import { isDemoSeed } from '@/features/demo-seed/seed-rule.ts'

/**
 * The trainer's settings a link can carry besides flow, variant and step. All public: a demo seed
 * is not a secret (and the UI says that what it derives is not secret either). A value Grantscope
 * does not know is reported on screen, never silently ignored.
 *
 * - `embed=1`: the compact view for an iframe (no site header, the flow locked);
 * - `switch=1`: lets an embed's viewers choose another flow or variant;
 * - `autoplay=1` (with `speed=slow|normal|fast`): steps on by itself from the start step;
 * - `presenter=1`: opens in presenter mode;
 * - `seed=…`: a demo seed (letters, digits, `-`, `_`, `.`; at most 64);
 * - `notes=…`: this window shows the speaker notes of the presenter window with that channel id.
 */
export interface TrainerParams {
  readonly embed: boolean
  readonly allowSwitch: boolean
  readonly autoplay: boolean
  readonly speedMs: number | undefined
  readonly presenter: boolean
  readonly seed: string | undefined
  readonly notes: string | undefined
  /** What the link asked for that Grantscope does not know, in words for the alert. */
  readonly problems: readonly string[]
}

export const speedsMs = { slow: 3000, normal: 1500, fast: 600 } as const

export function readTrainerParams(search: string = window.location.search): TrainerParams {
  const params = new URLSearchParams(search)
  const problems: string[] = []
  const flag = (name: string): boolean => {
    const value = params.get(name)
    if (value === null) return false
    if (value === '1') return true
    problems.push(`${name}=${value} (only ${name}=1 is known)`)
    return false
  }
  const speedName = params.get('speed')
  const speedMs = speedName === null ? undefined : (speedsMs as Readonly<Record<string, number>>)[speedName]
  if (speedName !== null && speedMs === undefined)
    problems.push(`speed=${speedName} (known: ${Object.keys(speedsMs).join(', ')})`)
  const seedValue = params.get('seed')
  const seedOk = seedValue !== null && isDemoSeed(seedValue)
  if (seedValue !== null && !seedOk)
    problems.push('a demo seed with characters other than letters, digits, - _ . (or over 64)')
  const notes = params.get('notes')
  return {
    embed: flag('embed'),
    allowSwitch: flag('switch'),
    autoplay: flag('autoplay'),
    speedMs,
    presenter: flag('presenter'),
    seed: seedOk ? seedValue : undefined,
    notes: notes !== null && /^[A-Za-z0-9-]{1,64}$/.test(notes) ? notes : undefined,
    problems,
  }
}

/** Sets or removes one sticky parameter in the address bar, keeping everything else. */
export function writeParam(name: 'seed', value: string | undefined): void {
  const url = new URL(window.location.href)
  if (value === undefined) url.searchParams.delete(name)
  else url.searchParams.set(name, value)
  window.history.replaceState(window.history.state, '', url.pathname + url.search)
}
