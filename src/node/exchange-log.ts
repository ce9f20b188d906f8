import type { ConsoleEntry } from '../protocol/node-server-api.ts'
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

  record(raw: RawExchange): void {
    const slot: Slot = { id: this.nextId++, raw }
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
