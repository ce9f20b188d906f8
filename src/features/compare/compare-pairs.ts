import type { FlowDescriptor, FlowVariant } from '@/flows/catalogue.ts'

/** One side of a comparison: a flow and one of its variants, written `flow` or `flow:variant` in links. */
export interface Side {
  readonly flow: FlowDescriptor
  readonly variant: FlowVariant
}

export const sideId = (side: Side) => `${side.flow.id}:${side.variant.id}`

export function sideTitle(side: Side): string {
  return side.flow.variants.length > 1 ? `${side.flow.title} — ${side.variant.title}` : side.flow.title
}

function findSide(flows: readonly FlowDescriptor[], spec: string): Side | undefined {
  const [flowId, variantId] = spec.split(':')
  const flow = flows.find((f) => f.id === flowId)
  if (flow === undefined) return undefined
  const variant = variantId === undefined ? flow.variants[0] : flow.variants.find((v) => v.id === variantId)
  return variant === undefined ? undefined : { flow, variant }
}

/** A pair worth comparing, with the question it answers. */
export interface SuggestedPair {
  readonly label: string
  readonly left: Side
  readonly right: Side
}

/**
 * The comparisons the article series makes, as far as this catalogue has the flows: implicit against
 * the authorization code grant (its example), code with and without PKCE, password against code.
 */
export function suggestedPairs(flows: readonly FlowDescriptor[]): SuggestedPair[] {
  const pair = (label: string, left: string, right: string): SuggestedPair[] => {
    const l = findSide(flows, left)
    const r = findSide(flows, right)
    return l && r ? [{ label, left: l, right: r }] : []
  }
  return [
    ...pair('Implicit vs Authorization Code', 'implicit', 'authorization-code:pkce'),
    ...pair(
      'Authorization Code with vs without PKCE',
      'authorization-code:pkce',
      'authorization-code:client-secret',
    ),
    ...pair('Password vs Authorization Code', 'password', 'authorization-code:pkce'),
  ]
}

export interface ComparePair {
  readonly left: Side
  readonly right: Side
  /** What the link asked for that the catalogue does not have, said on screen. */
  readonly unknown: readonly string[]
}

/** Every flow and variant, for the choosers. */
export function allSides(flows: readonly FlowDescriptor[]): Side[] {
  return flows.flatMap((flow) => flow.variants.map((variant) => ({ flow, variant })))
}

/**
 * Reads `?compare=left,right`. Without a value it opens on the first suggested pair (implicit
 * against authorization code once the catalogue has implicit); an unknown side is reported and
 * replaced by that pair's side.
 */
export function parseCompare(value: string, flows: readonly FlowDescriptor[]): ComparePair {
  const fallback = suggestedPairs(flows)[0] ?? {
    left: allSides(flows)[0]!,
    right: allSides(flows)[1] ?? allSides(flows)[0]!,
  }
  if (value.trim() === '') return { ...fallback, unknown: [] }
  const [leftSpec = '', rightSpec = ''] = value.split(',')
  const unknown: string[] = []
  const resolve = (spec: string, replacement: Side) => {
    const side = findSide(flows, spec)
    if (side === undefined) unknown.push(`“${spec}”`)
    return side ?? replacement
  }
  return { left: resolve(leftSpec, fallback.left), right: resolve(rightSpec, fallback.right), unknown }
}
