/**
 * The flow, variant and step live in the query string, so a link opens exactly that step.
 * Nothing secret ever goes here: only these three public values, plus the trainer's settings for
 * the whole visit (`stickyParams`), which are public too.
 */
export interface UrlState {
  readonly flow: string | null
  readonly variant: string | null
  /** 1-based step number; 0 is the introduction. */
  readonly step: number
}

export function readUrlState(search: string = window.location.search): UrlState {
  const params = new URLSearchParams(search)
  const step = Number.parseInt(params.get('step') ?? '0', 10)
  return {
    flow: params.get('flow'),
    variant: params.get('variant'),
    step: Number.isFinite(step) && step > 0 ? Math.min(step, 50) : 0,
  }
}

/** Settings a link makes for the whole visit (trainer-params.ts), kept as the step changes. */
export const stickyParams = ['embed', 'switch', 'seed'] as const

export function urlFor(
  state: { flow: string; variant: string; step: number },
  base: string = window.location.href,
): string {
  const url = new URL(base)
  const kept = stickyParams.flatMap((name) => {
    const value = url.searchParams.get(name)
    return value === null ? [] : [[name, value] as const]
  })
  url.search = ''
  url.hash = ''
  url.searchParams.set('flow', state.flow)
  url.searchParams.set('variant', state.variant)
  if (state.step > 0) url.searchParams.set('step', String(state.step))
  for (const [name, value] of kept) url.searchParams.set(name, value)
  return url.pathname + url.search
}

export function writeUrlState(state: { flow: string; variant: string; step: number }): void {
  const next = urlFor(state)
  if (next !== window.location.pathname + window.location.search) window.history.replaceState(null, '', next)
}
