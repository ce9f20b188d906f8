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

  constructor(private readonly start?: number) {}

  now = (): number => (this.start ?? Date.now()) + this.offset

  /** Back to the start (a seeded run's Restart). */
  reset = (): void => {
    this.offset = 0
    for (const listener of this.listeners) listener()
  }

  advance = (milliseconds: number): void => {
    this.offset += Math.max(0, milliseconds)
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
