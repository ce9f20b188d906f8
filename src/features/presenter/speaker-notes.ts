import type { LaneInfo } from '@/flows/catalogue.ts'
import type { Lane, Step, StepMeta } from '@/flows/step.ts'
import type { RecordedRequest } from '@/protocol/http-exchange.ts'
import type { SpecRefId } from '@/protocol/spec-refs.ts'

/** What the speaker reads in the notes window for the step on screen — derived, never written twice. */
export interface SpeakerNotes {
  readonly position: string
  readonly title: string
  readonly paragraphs: readonly string[]
  readonly refs: readonly SpecRefId[]
  /** What to point at on the projected screen. */
  readonly pointAt: readonly string[]
  readonly upNext?: string | undefined
}

export interface NotesInput {
  readonly flowTitle: string
  readonly variantTitle: string
  readonly summary: string
  readonly variantId: string
  readonly lanes: readonly LaneInfo[]
  readonly plan: readonly StepMeta[]
  readonly steps: readonly Step[]
  readonly cursor: number
  readonly upNext: string | undefined
}

const channelWords = {
  front: 'dashed: it travels through the browser (front channel)',
  back: 'solid: client and server talk directly (back channel)',
  internal: 'work inside one role, nothing on the wire',
} as const

/** The parameter names (never the values) of a request: the query's and a form body's. */
function paramNames(request: RecordedRequest): string[] {
  const url = new URL(request.url)
  const form = request.headers.some(
    ([name, value]) => name.toLowerCase() === 'content-type' && value.includes('x-www-form-urlencoded'),
  )
    ? [...new URLSearchParams(request.body ?? '').keys()]
    : []
  return [...new Set([...url.searchParams.keys(), ...form])]
}

/** The speaker notes for the step at `cursor` (-1: the introduction). */
export function notesFor(input: NotesInput): SpeakerNotes {
  const { steps, cursor, lanes } = input
  const laneTitle = (lane: Lane) => lanes.find((l) => l.id === lane)?.title ?? lane
  const step = cursor >= 0 ? steps[cursor] : undefined
  const total = Math.max(input.plan.length, steps.length)
  if (step === undefined)
    return {
      position: 'Introduction',
      title: `${input.flowTitle} — ${input.variantTitle}`,
      paragraphs: [input.summary],
      refs: [],
      pointAt: [
        `The lanes, left to right: ${lanes.map((l) => `${l.title} (${l.subtitle})`).join(', ')}.`,
        `What will happen: ${input.plan.map((m, i) => `${i + 1}. ${m.title}`).join(' ')}`,
      ],
      upNext: input.upNext,
    }
  const { meta } = step
  const note = meta.variantNotes?.[input.variantId]
  const pointAt: string[] = [
    meta.from === meta.to
      ? `The step inside ${laneTitle(meta.from)}: ${channelWords.internal}.`
      : `The arrow from ${laneTitle(meta.from)} to ${laneTitle(meta.to)} — ${channelWords[meta.channel]}.`,
  ]
  const exchange = step.exchange
  if (exchange !== undefined) {
    const url = new URL(exchange.request.url)
    const params = paramNames(exchange.request)
    pointAt.push(
      `HTTP tab: ${exchange.request.method} ${url.pathname}${params.length ? ` with ${params.join(', ')}` : ''}${
        exchange.response ? `; the answer is ${exchange.response.status} ${exchange.response.statusText}` : ''
      }.`,
    )
    const failedChecks = exchange.trace.filter((t) => t.outcome === 'fail')
    if (exchange.trace.length > 0)
      pointAt.push(
        `Server reasoning: ${exchange.trace.length} checks${
          failedChecks.length
            ? `, failed: ${failedChecks.map((t) => t.summary).join('; ')}`
            : ', all passed or noted'
        }.`,
      )
  } else if (step.redirectTo !== undefined) {
    const params = paramNames({ method: 'GET', url: step.redirectTo, headers: [] })
    pointAt.push(`HTTP tab: the URL the client built, with ${params.join(', ')}.`)
  }
  for (const screen of step.screens) {
    if (screen.kind === 'browser') pointAt.push(`${laneTitle(screen.lane)}’s browser: ${screen.note}`)
    else if (screen.kind === 'form') pointAt.push(`The client’s own form “${screen.title}”: ${screen.note}`)
    else pointAt.push(`${screen.title}: the user code ${screen.userCode} — ${screen.note}`)
  }
  if (step.values.length > 0)
    pointAt.push(`Values the client generated: ${step.values.map((v) => v.name).join(', ')}.`)
  if (step.checks.length > 0) {
    const failed = step.checks.filter((c) => c.outcome === 'fail')
    pointAt.push(
      `What the client checked: ${step.checks.length}${failed.length ? `, failed: ${failed.map((c) => c.summary).join('; ')}` : ''}.`,
    )
  }
  if (step.tokens !== undefined && step.tokens.length > 0)
    pointAt.push(`Tokens tab: the client now holds ${step.tokens.map((t) => t.name).join(', ')}.`)
  if (step.failure !== undefined)
    pointAt.push(`The failure: ${step.failure.title}. ${step.failure.hint ?? ''}`.trim())
  return {
    position: `Step ${cursor + 1} of ${total}`,
    title: meta.title,
    paragraphs: note === undefined ? [meta.explanation] : [meta.explanation, note],
    refs: [...meta.refs, ...(meta.variantRefs?.[input.variantId] ?? [])],
    pointAt,
    upNext: input.upNext,
  }
}
