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
  /** The server setting that made this decision, when one did (its name in `policyCatalogue`). */
  readonly policy?: string
}

/** An entry that cites nothing: one shared, frozen list. */
const noRefs: readonly SpecRefId[] = Object.freeze([])

/** A server setting and its value, as a trace entry names it. */
export interface PolicySetting {
  readonly name: string
  readonly value: string | number | boolean
}

/**
 * One trace entry; `detail` and `policy` only when there is one (exact optional properties). Each
 * case is one object literal, so every entry of a kind has the same shape.
 */
export function traceEntry(
  outcome: TraceOutcome,
  check: string,
  summary: string,
  refs: readonly SpecRefId[] = noRefs,
  detail?: string,
  policy?: string,
): TraceEntry {
  if (policy === undefined)
    return detail === undefined
      ? { check, outcome, summary, refs }
      : { check, outcome, summary, refs, detail }
  return detail === undefined
    ? { check, outcome, summary, refs, policy }
    : { check, outcome, summary, refs, detail, policy }
}

/** Collects trace entries for one request. */
export class Trace {
  readonly entries: TraceEntry[] = []

  pass(check: string, summary: string, refs: readonly SpecRefId[] = noRefs, detail?: string): void {
    this.add(traceEntry('pass', check, summary, refs, detail))
  }

  fail(check: string, summary: string, refs: readonly SpecRefId[] = noRefs, detail?: string): void {
    this.add(traceEntry('fail', check, summary, refs, detail))
  }

  info(check: string, summary: string, refs: readonly SpecRefId[] = noRefs, detail?: string): void {
    this.add(traceEntry('info', check, summary, refs, detail))
  }

  /**
   * A decision a server setting made, e.g. `policy refreshRotation=public-clients: spa is public →
   * rotate`: a note, unless the setting refused the request (`fail`).
   */
  policy(
    check: string,
    setting: PolicySetting | readonly [PolicySetting, ...PolicySetting[]],
    summary: string,
    refs: readonly SpecRefId[] = noRefs,
    outcome: TraceOutcome = 'info',
    detail?: string,
  ): void {
    // Several settings decide together (a token's format and its lifetime): all are named, the
    // first is the entry's `policy`.
    const settings = 'name' in setting ? [setting] : setting
    const named = settings.map(({ name, value }) => `${name}=${String(value)}`).join(', ')
    this.add(traceEntry(outcome, check, `policy ${named}: ${summary}`, refs, detail, settings[0].name))
  }

  add(entry: TraceEntry): void {
    this.entries.push(entry)
  }
}
