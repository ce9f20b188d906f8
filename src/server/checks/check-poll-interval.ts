import { SlowDown } from '../errors.ts'
import { notePolicy, refusedByPolicy, required, type TokenContext } from './pipeline.ts'

const check = 'check-poll-interval'

/** Seconds added to a device code's interval on every slow_down (RFC 8628 §3.5). */
const slowDownStep = 5

const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`

/**
 * Records this poll and, under the `deviceSlowDown` policy, answers one that comes sooner than the
 * interval after the previous poll with `slow_down` — "the interval MUST be increased by 5 seconds
 * for this and all subsequent requests". The first poll has no previous one, so it never gets it.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.5
 */
export function checkPollInterval(ctx: TokenContext): void {
  const deviceCode = required(ctx.deviceCode, 'device code')
  const now = ctx.server.clock()
  const previous = deviceCode.lastPolledAt
  deviceCode.lastPolledAt = now
  if (!ctx.server.policies.deviceSlowDown) {
    notePolicy(
      ctx,
      check,
      'deviceSlowDown',
      'polls are not timed, and slow_down is never sent (as node-oidc-provider and Spring Authorization Server do)',
      ['rfc8628-3.5'],
    )
    return
  }
  if (previous === undefined) {
    ctx.trace.pass(
      check,
      `First poll of this device code: nothing to compare with (interval ${deviceCode.interval} s)`,
      ['rfc8628-3.5'],
    )
    return
  }
  const elapsed = now - previous
  if (elapsed < deviceCode.interval * 1000) {
    const before = deviceCode.interval
    deviceCode.interval += slowDownStep
    throw refusedByPolicy(
      ctx,
      check,
      'deviceSlowDown',
      new SlowDown(`Polling too fast: wait at least ${deviceCode.interval} seconds between requests`),
      ['rfc8628-3.5'],
      `polled ${seconds(elapsed)} after the previous poll; the interval is ${before} s → slow_down, interval now ${deviceCode.interval} s`,
    )
  }
  ctx.trace.pass(
    check,
    `polled ${seconds(elapsed)} after the previous poll; the interval is ${deviceCode.interval} s: not too fast`,
    ['rfc8628-3.5'],
  )
}
