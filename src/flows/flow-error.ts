import type { HttpExchange } from '@/protocol/http-exchange.ts'
import type { SpecRefId } from '@/protocol/spec-refs.ts'
import { traceEntry, type TraceEntry } from '@/protocol/trace.ts'
import type { FlowFailure, Screen } from './step.ts'

/** Thrown by an operation that failed; carries what the UI needs to show and explain it. */
export class FlowError extends Error {
  constructor(
    readonly failure: FlowFailure,
    readonly exchange?: HttpExchange,
    readonly checks: readonly TraceEntry[] = [],
    readonly screens: readonly Screen[] = [],
  ) {
    super(failure.message)
    this.name = 'FlowError'
  }

  /** The same failure, with the exchange it happened in (when the operation did not know it). */
  withExchange(exchange: HttpExchange | undefined): FlowError {
    return exchange === undefined || this.exchange !== undefined
      ? this
      : new FlowError(this.failure, exchange, this.checks, this.screens)
  }
}

/**
 * The client's own checks on what actually arrived, in the order it makes them. A failed check is
 * shown as it is and stops the step: the client must not use what failed.
 */
export class ClientChecks {
  readonly entries: TraceEntry[] = []

  pass(check: string, summary: string, refs: readonly SpecRefId[]): void {
    this.entries.push(traceEntry('pass', check, summary, refs))
  }

  fail(check: string, summary: string, refs: readonly SpecRefId[]): void {
    this.entries.push(traceEntry('fail', check, summary, refs))
  }

  info(check: string, summary: string, refs: readonly SpecRefId[]): void {
    this.entries.push(traceEntry('info', check, summary, refs))
  }

  /**
   * A check this client skips on purpose (an attack lesson's misbehave setting): recorded as not
   * made, with what it would have seen, so the learner sees the gap the attacker used.
   */
  skipped(check: string, what: string, refs: readonly SpecRefId[]): void {
    this.info(check, `Not checked — this client is set to skip it (misbehave, for the lesson): ${what}`, refs)
  }

  /** Records one check; returns whether it passed. */
  expect(ok: boolean, check: string, good: string, bad: string, refs: readonly SpecRefId[]): boolean {
    if (ok) this.pass(check, good, refs)
    else this.fail(check, bad, refs)
    return ok
  }

  get failed(): readonly TraceEntry[] {
    return this.entries.filter((e) => e.outcome === 'fail')
  }

  /** Throws a FlowError naming every failed check, if any failed. */
  stopIfFailed(title: string, refs: readonly SpecRefId[], exchange?: HttpExchange, hint?: string): void {
    const failed = this.failed
    if (failed.length === 0) return
    throw new FlowError(
      {
        title,
        message: failed.map((f) => f.summary).join('; '),
        refs,
        ...(hint === undefined ? {} : { hint }),
      },
      exchange,
      this.entries,
    )
  }
}
