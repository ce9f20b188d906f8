/**
 * The app's links, relative to the page they are on (so they work from any folder of any static
 * host). Only public names ever go into them: never a code, a token or a secret.
 */

/** A step of a flow: `?flow=authorization-code&variant=pkce&step=3`. */
export function flowHref(flow: string, variant?: string, step = 0): string {
  const params = new URLSearchParams({ flow })
  if (variant !== undefined) params.set('variant', variant)
  if (step > 0) params.set('step', String(step))
  return `?${params.toString()}`
}

/** Commas and colons stay readable in these values: both are safe in a query. */
const readable = (value: string) => encodeURIComponent(value).replace(/%2C/gi, ',').replace(/%3A/gi, ':')

/** Two flows side by side: `?compare=implicit,authorization-code:pkce`; the default pair without them. */
export function compareHref(left?: string, right?: string): string {
  return left === undefined || right === undefined ? '?compare' : `?compare=${readable(`${left},${right}`)}`
}

/** The grant guide with its answers so far: `?guide=user:yes,browser:no`. */
export function guideHref(answers = ''): string {
  return answers === '' ? '?guide' : `?guide=${readable(answers)}`
}

/** The Glossary, opened at a term: `?glossary=pkce`. */
export function glossaryHref(id = ''): string {
  return id === '' ? '?glossary' : `?glossary=${encodeURIComponent(id)}`
}

/** The list of attack lessons: `?lessons`. */
export function lessonsHref(): string {
  return '?lessons'
}
