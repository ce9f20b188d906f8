import type { HttpExchange, RecordedRequest, Transport } from '@/protocol/http-exchange.ts'
import type { ClientConfig } from './client-config.ts'
import type { BrowserPage, FormField, Step, StepMeta } from './step.ts'

/**
 * What every grant machine has in common, so the shell drives any of them the same way: adding a
 * grant is adding a machine (and its server grant), never changing the shell.
 *
 * - input: the client's registration and the variant — plain data;
 * - ports: the transport, the clock and the user-agent, provided to the machine with `.provide()`
 *   by `defineFlow` (flow-kit.ts), so context stays serialisable and a real provider's popup can
 *   replace the simulated browser;
 * - events: `step.next` (Next), `browser.submit` (a form on a server page), `form.submit` (a form
 *   the client draws itself);
 * - tags: `awaiting-next` while the machine waits for Next, `awaiting-user` while a page or form
 *   waits for the user, `failed` on the failure state; any other active state has a request in flight;
 * - state `meta`: `{ step }` for a state that takes one step, `{ steps }` for one that may take
 *   several (browser hops), read in order by `planOf`.
 */
export interface FlowInput {
  readonly config: ClientConfig
  readonly variant: string
}

/** What the user is asked to act on right now. */
export type Prompt =
  | { readonly kind: 'page'; readonly page: BrowserPage }
  | { readonly kind: 'form'; readonly fields: readonly FormField[] }

/** The part of every grant machine's context the shell reads. Plain data only. */
export interface FlowContext extends FlowInput {
  readonly steps: readonly Step[]
  readonly prompt?: Prompt | undefined
}

/** A front-channel request the browser is about to make, as plain data. */
export interface Navigation {
  readonly method: 'GET' | 'POST'
  readonly url: string
  /** application/x-www-form-urlencoded body of a form POST. */
  readonly body?: string
}

export type NavigationOutcome =
  | { readonly kind: 'page'; readonly page: BrowserPage }
  | { readonly kind: 'redirect'; readonly location: string }

/** One navigation as the user-agent performed it. */
export interface Visit {
  readonly outcome: NavigationOutcome
  /** The HTTP exchange, when the user-agent could record it (a popup on a real provider cannot). */
  readonly exchange?: HttpExchange
}

/**
 * The user's browser, as a port: the simulated browser in the playground, a real popup against a
 * real provider. It never follows a redirect by itself: each hop is a step the flow decides on.
 */
export interface UserAgent {
  navigate(navigation: Navigation): Promise<Visit>
}

/** Time as the flow sees it; injectable, so a learner (or a step) can skip ahead. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number
  /** Moves time forward, for both the client and the in-page server. */
  advance(milliseconds: number): void
}

/** Everything a flow needs from the outside world. */
export interface FlowPorts {
  readonly transport: Transport
  readonly clock: Clock
  readonly userAgent: UserAgent
  /**
   * Random octets for state, nonce and PKCE values: the platform's CSPRNG unless a seeded source is
   * given (a trainer's "demo seed", so every run shows the same values).
   */
  readonly random?: (length: number) => Uint8Array
}

/**
 * A request as a person may edit it before it is sent: the one `preview()` returned, with any
 * parameter, header or body changed.
 */
export type EditableRequest = RecordedRequest

export type FlowEvent =
  | {
      readonly type: 'step.next'
      /** Send this edited request instead of the one the step would send (`original`, from preview). */
      readonly edit?: { readonly original: EditableRequest; readonly request: EditableRequest }
    }
  | { readonly type: 'browser.submit'; readonly navigation: Navigation }
  | { readonly type: 'form.submit'; readonly values: Readonly<Record<string, string>> }

export const flowTags = {
  awaitingNext: 'awaiting-next',
  awaitingUser: 'awaiting-user',
  failed: 'failed',
} as const

export type FlowTag = (typeof flowTags)[keyof typeof flowTags]

/** Typed state `meta` of every grant machine. */
export interface FlowStateMeta {
  readonly step?: StepMeta
  readonly steps?: readonly StepMeta[]
  /** The operation the state runs, so a preview can ask it what it would send. */
  readonly operation?: string
}

/** A run's state as the shell sees it. */
export interface FlowState {
  readonly steps: readonly Step[]
  readonly prompt?: Prompt | undefined
  /** What the run waits for: Next, the user, or nothing (a request is in flight, or it ended). */
  readonly waiting: 'next' | 'user' | undefined
  readonly status: 'active' | 'done'
  readonly failed: boolean
}

/** One run of a flow. */
export interface FlowRun {
  getState(): FlowState
  /** Called after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void
  send(event: FlowEvent): void
  /**
   * The request Next would send from here, without sending it (for "Edit"); undefined when the next
   * step sends nothing over HTTP, or the run is not waiting for Next.
   */
  preview(): Promise<EditableRequest | undefined>
  stop(): void
  /**
   * The run as plain JSON, to be restored with `FlowDefinition.start` after the page reloads (a
   * real provider's full-page redirect). A step in flight is taken again when restored.
   */
  persist(): unknown
}

/** A grant, ready to run: its outline and a way to start it with ports. */
export interface FlowDefinition {
  /** Every step the flow can take on its main path, in order (derived from state meta). */
  readonly plan: readonly StepMeta[]
  /** Starts a run; given a snapshot from `FlowRun.persist`, continues that run instead. */
  start(input: FlowInput, ports: FlowPorts, snapshot?: unknown): FlowRun
}
