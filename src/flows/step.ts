import type { Channel, HttpExchange, Transport } from '@/protocol/http-exchange.ts'
import type { SpecRefId } from '@/protocol/spec-refs.ts'
import type { TraceEntry } from '@/protocol/trace.ts'

/** The four roles of OAuth, drawn as lanes. `browser` is the user together with their user-agent. */
export type Lane = 'browser' | 'client' | 'as' | 'rs'

/**
 * What a step is, as data: machines carry it in their state `meta`, and the diagram, the step list
 * and the explanations are derived from it — never written a second time.
 */
export interface StepMeta {
  readonly title: string
  /** The arrow: who sends, who receives. Equal lanes mean work done inside one role. */
  readonly from: Lane
  readonly to: Lane
  readonly channel: Channel | 'internal'
  /** Short label on the arrow, e.g. "POST /token". */
  readonly label: string
  /** Plain-language explanation; a variant may add its own paragraph. */
  readonly explanation: string
  readonly variantNotes?: Readonly<Record<string, string>>
  readonly refs: readonly SpecRefId[]
}

/** A value the client generated or received in this step, shown with what it is for. */
export interface StepValue {
  readonly name: string
  readonly value: string
  readonly note?: string
}

export interface FlowFailure {
  readonly title: string
  readonly message: string
  /** What to do about it. */
  readonly hint?: string
  readonly refs: readonly SpecRefId[]
}

/** One step as it happened: its metadata, the real exchange, and the client's own checks. */
export interface Step {
  readonly key: string
  readonly meta: StepMeta
  readonly exchange?: HttpExchange
  readonly checks: readonly TraceEntry[]
  readonly values: readonly StepValue[]
  readonly failure?: FlowFailure
}

/** The ports a flow is given, so it never knows which server answers (DESIGN.md). */
export interface FlowPorts {
  readonly transport: Transport
  /** Epoch milliseconds; injectable so tests and replays control time. Defaults to Date.now. */
  readonly clock?: () => number
}
