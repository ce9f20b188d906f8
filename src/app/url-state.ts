/**
 * Where the learner is lives in the query string, so a link opens exactly that place. Nothing secret
 * ever goes here: only public names (flow, variant, step, the flows compared, the guide's answers,
 * a glossary term), plus the trainer's settings for the whole visit (`stickyParams`), public too.
 */
export interface UrlState {
  readonly flow: string | null
  readonly variant: string | null
  /** 1-based step number; 0 is the introduction. */
  readonly step: number
}

/** The screens a link can open; the playground unless the link names another. */
export type View = 'playground' | 'compare' | 'guide' | 'glossary' | 'lessons'

export interface Route extends UrlState {
  readonly view: View
  /** The view's own value: `implicit,authorization-code:pkce`, `user:yes,browser:no`, a term id … */
  readonly value: string
}

const views: readonly Exclude<View, 'playground'>[] = ['compare', 'guide', 'glossary', 'lessons']

export function readUrlState(search: string = window.location.search): UrlState {
  const params = new URLSearchParams(search)
  const step = Number.parseInt(params.get('step') ?? '0', 10)
  return {
    flow: params.get('flow'),
    variant: params.get('variant'),
    step: Number.isFinite(step) && step > 0 ? Math.min(step, 50) : 0,
  }
}

export function readRoute(search: string = window.location.search): Route {
  const params = new URLSearchParams(search)
  const view = views.find((v) => params.has(v))
  return {
    ...readUrlState(search),
    view: view ?? 'playground',
    value: view === undefined ? '' : (params.get(view) ?? ''),
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

const here = () => window.location.pathname + window.location.search

/**
 * Records where the learner is. `push` makes a history entry (a new step, an answer), so the
 * browser's Back button goes back one; `replace` corrects the address without one.
 */
export function writeUrl(next: string, mode: 'push' | 'replace'): void {
  if (next === here()) return
  if (mode === 'push') window.history.pushState(null, '', next)
  else window.history.replaceState(null, '', next)
}
