import type { ServerContext } from './server-context.ts'
import { nowSeconds } from './server-context.ts'

/**
 * Sliding-window failure counts for rate limits (wrong passwords per username, wrong user codes).
 * Kept in the store, so they are bounded, serializable and forgotten on `reset()`.
 */

/** Failures under `key` within the last `windowSeconds`, oldest first (epoch seconds). */
export function recentFailures(server: ServerContext, key: string): readonly number[] {
  const since = nowSeconds(server) - server.policies.failedAttemptWindowSeconds
  return (server.store.get('failedAttempts', key)?.times ?? []).filter((t) => t > since)
}

/** Records one more failure under `key`; returns how many are now inside the window. */
export function recordFailure(server: ServerContext, key: string): number {
  const now = nowSeconds(server)
  const times = [...recentFailures(server, key), now]
  server.store.put('failedAttempts', key, {
    times,
    evictAt: now + server.policies.failedAttemptWindowSeconds,
  })
  return times.length
}

export function clearFailures(server: ServerContext, key: string): void {
  server.store.delete('failedAttempts', key)
}

/** When the limit of `max` failures stops applying: the moment the oldest that counts leaves the window. */
export function blockedUntil(server: ServerContext, failures: readonly number[], max: number): number {
  return (failures[failures.length - max] ?? 0) + server.policies.failedAttemptWindowSeconds
}

/** The rate-limit key of one username, as the login form and the password grant both normalise it. */
export function signInKey(username: string): string {
  return `sign-in:${username.trim().toLowerCase()}`
}

/** Wrong user codes are counted for all browsers together (see `maxFailedUserCodes`). */
export const userCodeKey = 'user-code:any-browser'
