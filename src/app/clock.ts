import type { Clock } from '@/flows/flow-contract.ts'

/**
 * The playground's clock: real time plus the time a learner (or a flow) skipped ahead. The client
 * and the in-page server share it, so a skip makes codes and tokens really expire.
 *
 * With a fixed `start` (a demo seed) it stands still at that moment and moves only when skipped
 * ahead, so `iat` and `exp` come out the same on every run.
 */
export class PlaygroundClock implements Clock {
  private offset = 0
  private readonly listeners = new Set<() => void>()

  constructor(
    private readonly options: {
      /** A fixed start (a demo seed): the clock stands still there and moves only when skipped ahead. */
      readonly start?: number
      /** Tells another clock that must follow (the Node server's, through its endpoint). */
      readonly onAdvance?: (milliseconds: number) => void
    } = {},
  ) {}

  now = (): number => (this.options.start ?? Date.now()) + this.offset

  /** Back to the start (a seeded run's Restart). */
  reset = (): void => {
    this.offset = 0
    this.notify()
  }

  advance = (milliseconds: number): void => {
    this.offset += Math.max(0, milliseconds)
    this.options.onAdvance?.(Math.max(0, milliseconds))
    this.notify()
  }

  /** Takes over the offset of the clock this one follows. */
  adopt = (offsetMs: number): void => {
    if (offsetMs === this.offset) return
    this.offset = offsetMs
    this.notify()
  }

  private notify(): void {
    for (const listener of this.listeners) listener()
  }

  /** How far ahead of real time the clock runs, in milliseconds. */
  get skipped(): number {
    return this.offset
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
