import type { SpecRefId } from './spec-refs.ts'

/** How a check ended. `info` records a decision that is neither a pass nor a failure. */
export type TraceOutcome = 'pass' | 'fail' | 'info'

/**
 * One decision the server (or the client) made while handling a request: the server's reasoning,
 * shown beside the wire. `check` names the check (`check-redirect-uri`), `summary` says it in words.
 */
export interface TraceEntry {
  readonly check: string
  readonly outcome: TraceOutcome
  readonly summary: string
  readonly detail?: string
  readonly refs: readonly SpecRefId[]
}

/** Collects trace entries for one request. */
export class Trace {
  readonly entries: TraceEntry[] = []

  pass(check: string, summary: string, refs: readonly SpecRefId[] = [], detail?: string): void {
    this.add({ check, outcome: 'pass', summary, refs, ...(detail === undefined ? {} : { detail }) })
  }

  fail(check: string, summary: string, refs: readonly SpecRefId[] = [], detail?: string): void {
    this.add({ check, outcome: 'fail', summary, refs, ...(detail === undefined ? {} : { detail }) })
  }

  info(check: string, summary: string, refs: readonly SpecRefId[] = [], detail?: string): void {
    this.add({ check, outcome: 'info', summary, refs, ...(detail === undefined ? {} : { detail }) })
  }

  add(entry: TraceEntry): void {
    this.entries.push(entry)
  }
}
