import type { Clock } from '@/flows/flow-contract.ts'

/**
 * The playground's clock: real time plus the time a learner (or a flow) skipped ahead. The client
 * and the in-page server share it, so a skip makes codes and tokens really expire.
 */
export class PlaygroundClock implements Clock {
  private offset = 0
  private readonly listeners = new Set<() => void>()

  now = (): number => Date.now() + this.offset

  /** `onAdvance` tells another clock that must follow (the Node server's, through its endpoint). */
  constructor(private readonly onAdvance?: (milliseconds: number) => void) {}

  advance = (milliseconds: number): void => {
    this.offset += Math.max(0, milliseconds)
    this.onAdvance?.(Math.max(0, milliseconds))
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
