import type { ConsoleEntry } from '../protocol/node-server-api.ts'
import type { TraceEntry } from '../protocol/trace.ts'
import { maskExchange, type RawExchange } from './console-masking.ts'

/** Default number of exchanges the console keeps: enough to scroll back through a few sign-ins. */
export const defaultLogCapacity = 200

interface Slot {
  readonly id: number
  raw?: RawExchange
  masked?: ConsoleEntry
}

/**
 * The recent exchanges of the Node server, for the server console: a bounded ring buffer, so
 * memory stays flat however long `npm start` runs. Masking happens once per entry, when someone
 * first looks (a console is open, or one connects and reads the backlog) — a server nobody
 * watches does not pay for it — and the unmasked copy is dropped then.
 */
export class ExchangeLog {
  private readonly slots: Slot[] = []
  private nextId = 1
  private readonly listeners = new Set<(entry: ConsoleEntry) => void>()

  constructor(readonly capacity = defaultLogCapacity) {}

  private readonly traces = new TraceInterner()

  /** Keeps an exchange; its trace entries are shared with earlier exchanges' equal ones. */
  record(raw: RawExchange): void {
    const slot: Slot = { id: this.nextId++, raw: { ...raw, trace: this.traces.intern(raw.trace) } }
    this.slots.push(slot)
    if (this.slots.length > this.capacity) this.slots.shift()
    if (this.listeners.size === 0) return
    const entry = this.reveal(slot)
    for (const listener of this.listeners) listener(entry)
  }

  /** The kept entries, oldest first, after `afterId` (an SSE client's Last-Event-ID). */
  recent(afterId = 0): ConsoleEntry[] {
    return this.slots.filter((slot) => slot.id > afterId).map((slot) => this.reveal(slot))
  }

  subscribe(listener: (entry: ConsoleEntry) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  get watchers(): number {
    return this.listeners.size
  }

  private reveal(slot: Slot): ConsoleEntry {
    if (slot.masked === undefined && slot.raw !== undefined) {
      slot.masked = maskExchange(slot.raw, slot.id)
      delete slot.raw
    }
    return slot.masked!
  }
}

/** Distinct entries kept per check: enough for the few ways one check decides (pass, fail, a setting). */
const variantsPerCheck = 8

/**
 * Equal trace entries, shared. Most requests a server sees repeat one another (an app polling, a
 * load test), and so do their traces: the same checks reaching the same conclusions in the same
 * words. Each exchange the log keeps outlives the young generation, so without sharing every entry
 * was copied into the old generation and later marked and collected there: under a load of token
 * requests, about 40 % of the server's mark-compacts (18-19 per 30,000 requests before, 12 after).
 * An entry is looked up by its check (a constant string) and compared field by field with the few
 * kept for that check; a new one replaces the least recently used. Memory stays bounded by the
 * number of checks.
 */
export class TraceInterner {
  private readonly byCheck = new Map<string, TraceEntry[]>()

  intern(trace: readonly TraceEntry[]): TraceEntry[] {
    const shared = new Array<TraceEntry>(trace.length)
    for (let i = 0; i < trace.length; i++) shared[i] = this.one(trace[i]!)
    return shared
  }

  private one(entry: TraceEntry): TraceEntry {
    const variants = this.byCheck.get(entry.check)
    if (variants === undefined) {
      this.byCheck.set(entry.check, [entry])
      return entry
    }
    for (let i = 0; i < variants.length; i++) {
      const known = variants[i]!
      if (sameEntry(known, entry)) {
        // Most recently used first: a check's usual conclusion is found at once.
        if (i > 0) {
          variants.copyWithin(1, 0, i)
          variants[0] = known
        }
        return known
      }
    }
    if (variants.length >= variantsPerCheck) variants.pop()
    variants.unshift(entry)
    return entry
  }
}

/** The fields `sameEntry` compares. Were `TraceEntry` to gain another, its call would not compile. */
type Compared = 'check' | 'outcome' | 'summary' | 'detail' | 'refs' | 'policy'

/** Whether two entries of the same check say the same. */
function sameEntry(
  a: TraceEntry,
  b: TraceEntry & Record<Exclude<keyof TraceEntry, Compared>, never>,
): boolean {
  if (
    a.outcome !== b.outcome ||
    a.summary.length !== b.summary.length ||
    a.summary !== b.summary ||
    a.detail !== b.detail ||
    a.policy !== b.policy ||
    a.refs.length !== b.refs.length
  )
    return false
  for (let i = 0; i < a.refs.length; i++) if (a.refs[i] !== b.refs[i]) return false
  return true
}
