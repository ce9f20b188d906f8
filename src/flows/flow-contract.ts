import type { AnyStateMachine } from 'xstate'
import type { ClientConfig } from './client-config.ts'
import type { FlowPorts, Step } from './step.ts'
import type { Navigation } from './user-agent.ts'

/**
 * What every grant machine has in common, so the UI drives any of them the same way: adding a grant
 * is adding a machine, not changing the runner.
 *
 * - input: the ports, the client's registration and the variant;
 * - events: `step.next` (the user pressed Next) and `browser.submit` (a form in the simulated browser);
 * - context: the steps taken so far (a failure is a step with `failure`), the page the browser shows;
 * - tags: `awaiting-user` while a server page waits for the user, `failed` on the failure state;
 * - state `meta`: `{ step: StepMeta }` or `{ browserSteps: StepMeta[] }`, read by `planOf`.
 */
export interface FlowInput<Variant extends string = string> {
  readonly ports: FlowPorts
  readonly config: ClientConfig
  readonly variant: Variant
}

/** A page of the authorization server, as the simulated browser shows it. */
export interface BrowserPage {
  readonly url: string
  readonly status: number
  readonly html: string
}

export interface FlowContext {
  readonly steps: readonly Step[]
  readonly page?: BrowserPage | undefined
}

export type FlowEvent = { type: 'step.next' } | { type: 'browser.submit'; navigation: Navigation }

export const flowTags = { awaitingUser: 'awaiting-user', failed: 'failed' } as const

/** A grant machine that follows this contract. */
export type FlowMachine = AnyStateMachine
