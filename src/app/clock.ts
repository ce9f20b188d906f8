import type { Clock } from '@/flows/flow-contract.ts'

/**
 * The playground's clock: real time plus the time a learner (or a flow) skipped ahead. The client
 * and the in-page server share it, so a skip makes codes and tokens really expire.
 */
export class PlaygroundClock implements Clock {
  private offset = 0
  private readonly listeners = new Set<() => void>()

  now = (): number => Date.now() + this.offset

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
