/**
 * The embed's postMessage protocol (DESIGN.md "Contracts"): a parent page — a slide deck, a wiki, an
 * LMS — drives the embedded playground with commands, and hears where it is.
 *
 * Commands in: `{ type: 'next' }`, `{ type: 'back' }`, `{ type: 'restart' }`, `{ type: 'goto', step: N }`
 * (N = 0 for the introduction, 1… for the steps; a step not taken yet is run up to).
 * Position out: `{ type: 'step', flow, variant, step }` after every move.
 */
export type EmbedCommand =
  | { readonly type: 'next' }
  | { readonly type: 'back' }
  | { readonly type: 'restart' }
  | { readonly type: 'goto'; readonly step: number }

export interface StepMessage {
  readonly type: 'step'
  readonly flow: string
  readonly variant: string
  readonly step: number
}

/** The highest step number a command may ask for (deep links stop there too). */
export const maxStep = 50

/** A command, or undefined for anything malformed (which the embed ignores). */
export function parseEmbedCommand(data: unknown): EmbedCommand | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined
  const { type, step } = data as { type?: unknown; step?: unknown }
  if (type === 'next' || type === 'back' || type === 'restart') return { type }
  if (type === 'goto' && typeof step === 'number' && Number.isInteger(step) && step >= 0 && step <= maxStep)
    return { type, step }
  return undefined
}
