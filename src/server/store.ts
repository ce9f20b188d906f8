/**
 * The server's memory: one bounded map per kind of record, readable as one plain, serializable
 * object. Every map is capped and expired entries are swept on write (RFC 6749 §10.10's secrets
 * stay unguessable; this keeps them from piling up).
 */

import type { GrantType } from './demo-world.ts'

/** The response types this server supports (RFC 6749 §3.1.1; OIDC Core §3.2.2.1). */
export type ResponseType = 'code' | 'token' | 'id_token token' | 'id_token'

/** Where the authorization response parameters go (OAuth 2.0 Multiple Response Types §2.1). */
export type ResponseMode = 'query' | 'fragment'

interface InteractionBase {
  readonly id: string
  readonly clientId: string
  readonly scope: string
  /** Set once the user has signed in. */
  userId?: string
  authTime?: number
  readonly evictAt: number
}

/** A browser a client sent to /authorize, waiting for login and consent, to be sent back with a code or tokens. */
export interface AuthorizationInteraction extends InteractionBase {
  readonly kind: 'authorization'
  readonly responseType: ResponseType
  readonly responseMode: ResponseMode
  readonly redirectUri: string
  /** Whether `redirect_uri` was in the request: the token request must then repeat it (RFC 6749 §4.1.3). */
  readonly redirectUriSent: boolean
  readonly state?: string
  readonly nonce?: string
  readonly codeChallenge?: string
  readonly codeChallengeMethod?: 'S256' | 'plain'
}

/** A user who typed a device's user code on the verification page, waiting for login and consent. */
export interface DeviceInteraction extends InteractionBase {
  readonly kind: 'device'
  readonly deviceCode: string
  /** As the device shows it, `XXXX-XXXX`, for the user to compare on the consent page. */
  readonly userCode: string
}

export type InteractionRecord = AuthorizationInteraction | DeviceInteraction

/**
 * One device authorization (RFC 8628 §3.2), by `device_code`. The device polls with it; the user
 * decides on the verification page after typing its user code.
 */
export interface DeviceCodeRecord {
  readonly clientId: string
  readonly scope: string
  /** Normalised: 8 letters, no dash. */
  readonly userCode: string
  readonly issuedAt: number
  readonly expiresAt: number
  /** Seconds the device must wait between polls; each slow_down adds 5 (RFC 8628 §3.5). */
  interval: number
  /** Epoch milliseconds of the last poll, to tell whether the next one comes too soon. */
  lastPolledAt?: number
  /** The user's decision on the verification page. */
  status: 'pending' | 'allowed' | 'denied'
  userId?: string
  authTime?: number
  /** Set when the device got its tokens; a second redemption is a replay. */
  redeemedAt?: number
  grantId?: string
  /** Kept past expiry, so a late poll gets expired_token rather than invalid_grant. */
  readonly evictAt: number
}

/** A live user code (normalised) → its device code, for the verification page. */
export interface UserCodeRecord {
  readonly deviceCode: string
  readonly evictAt: number
}

export interface SessionRecord {
  readonly userId: string
  readonly authTime: number
  readonly evictAt: number
}

export interface CodeRecord {
  readonly grantId: string
  readonly clientId: string
  readonly userId: string
  readonly redirectUri: string
  readonly redirectUriSent: boolean
  readonly scope: string
  readonly nonce?: string
  readonly codeChallenge?: string
  readonly codeChallengeMethod?: 'S256' | 'plain'
  readonly authTime: number
  readonly issuedAt: number
  readonly expiresAt: number
  /** When the code was redeemed; a second redemption is a replay. */
  usedAt?: number
  /** Kept past expiry so that a replay is still recognised while tokens from it live. */
  readonly evictAt: number
}

/** Everything issued from one authorization: revoking it kills all its tokens at once. */
export interface GrantRecord {
  readonly clientId: string
  readonly grantType: GrantType
  /** Absent when the client acts on its own behalf (client credentials): no user is involved. */
  readonly userId?: string
  readonly scope: string
  readonly authTime?: number
  /** The grant's one live refresh token, if any: what reuse detection revokes under `revoke-refresh-token`. */
  refreshToken?: string
  revokedAt?: number
  revokedReason?: string
  evictAt: number
}

/**
 * An access token: a JWT's by `jti` (the token itself is self-contained, this is what can revoke
 * it), an opaque one's by its value (this is all there is to it).
 */
export interface AccessTokenRecord {
  readonly format: 'jwt' | 'opaque'
  readonly grantId: string
  readonly clientId: string
  /** The user's `sub`, or the client_id when the client acts for itself. */
  readonly subject: string
  readonly scope: string
  readonly authTime?: number
  readonly issuedAt: number
  readonly expiresAt: number
  /** Set when the token alone was revoked (RFC 7009); revoking its grant kills it too. */
  revokedAt?: number
  revokedReason?: string
  readonly evictAt: number
}

export interface RefreshTokenRecord {
  readonly grantId: string
  readonly clientId: string
  readonly userId: string
  readonly scope: string
  readonly authTime: number
  readonly issuedAt: number
  readonly expiresAt: number
  /** Set when a rotating client exchanged it; using it again is reuse (RFC 9700 §4.14.2). */
  rotatedAt?: number
  /** Set when this token alone was revoked (reuse detection under `revoke-refresh-token`). */
  revokedAt?: number
  revokedReason?: string
  readonly evictAt: number
}

/** Recent failures of one kind (wrong passwords for one username, wrong user codes), for rate limits. */
export interface FailedAttemptsRecord {
  /** Epoch seconds of each failure still inside the window, oldest first. */
  readonly times: readonly number[]
  readonly evictAt: number
}

export interface StoreData {
  interactions: Record<string, InteractionRecord>
  sessions: Record<string, SessionRecord>
  codes: Record<string, CodeRecord>
  grants: Record<string, GrantRecord>
  accessTokens: Record<string, AccessTokenRecord>
  refreshTokens: Record<string, RefreshTokenRecord>
  failedAttempts: Record<string, FailedAttemptsRecord>
  deviceCodes: Record<string, DeviceCodeRecord>
  userCodes: Record<string, UserCodeRecord>
}

export type StoreMap = keyof StoreData
type RecordOf<M extends StoreMap> = StoreData[M][string]

/**
 * How many live entries each map keeps at most. Beyond it the oldest entry goes first, live or
 * not: memory stays bounded whatever a client sends (a flood of failed sign-ins under random
 * usernames, of device codes, of tokens). Token maps are the largest: evicting a grant early
 * makes its tokens stop working.
 */
export const storeCapacity: Readonly<Record<StoreMap, number>> = {
  interactions: 1000,
  sessions: 1000,
  codes: 2000,
  grants: 10000,
  accessTokens: 10000,
  refreshTokens: 10000,
  failedAttempts: 5000,
  deviceCodes: 1000,
  userCodes: 1000,
}

/** Expired entries are swept from a map at most this often (clock seconds): a put stays O(1) in between. */
const sweepEverySeconds = 30

const mapNames = Object.keys(storeCapacity) as StoreMap[]

type Tables = { [M in StoreMap]: Map<string, RecordOf<M>> }

const emptyTables = (): Tables =>
  Object.fromEntries(mapNames.map((name) => [name, new Map()])) as unknown as Tables

/**
 * Bounded, expiring maps. `now` is in epoch seconds. Insertion order is age order, so the oldest
 * entry is the first. `data` is a plain, serializable copy for snapshots and tests.
 */
export class Store {
  private tables: Tables = emptyTables()
  private readonly nextSweep = new Map<StoreMap, number>()
  /**
   * Per map, an iterator over its keys that has passed only deleted entries: where the oldest live
   * one is. Starting from the first key every time would step over every entry deleted since the
   * map last compacted itself — at capacity that made each put O(capacity).
   */
  private readonly oldest = new Map<StoreMap, Iterator<string>>()
  private readonly capacity: Readonly<Record<StoreMap, number>>

  constructor(
    private readonly now: () => number,
    /** One cap for every map (tests), or per map. */
    capacity: number | Partial<Record<StoreMap, number>> = {},
  ) {
    this.capacity =
      typeof capacity === 'number'
        ? (Object.fromEntries(mapNames.map((name) => [name, capacity])) as Record<StoreMap, number>)
        : { ...storeCapacity, ...capacity }
  }

  get<M extends StoreMap>(map: M, key: string): RecordOf<M> | undefined {
    const table = this.tables[map] as Map<string, RecordOf<M>>
    const record = table.get(key)
    if (record === undefined) return undefined
    if (record.evictAt <= this.now()) {
      table.delete(key)
      return undefined
    }
    return record
  }

  put<M extends StoreMap>(map: M, key: string, record: RecordOf<M>): void {
    const table = this.tables[map] as Map<string, RecordOf<M>>
    this.sweep(map, table)
    table.delete(key)
    const cap = this.capacity[map]
    while (table.size >= cap) {
      const oldest = this.nextOldest(map, table)
      if (oldest === undefined) break
      table.delete(oldest)
    }
    table.set(key, record)
  }

  delete(map: StoreMap, key: string): void {
    this.tables[map].delete(key)
  }

  /** Every entry of `map`, oldest first (for revoking everything of one client). */
  entries<M extends StoreMap>(map: M): [string, RecordOf<M>][] {
    return [...(this.tables[map] as Map<string, RecordOf<M>>)]
  }

  /** Live entries per map, for the soak benchmark and the bounds tests. */
  sizes(): Record<StoreMap, number> {
    return Object.fromEntries(mapNames.map((name) => [name, this.tables[name].size])) as Record<
      StoreMap,
      number
    >
  }

  /** A plain copy of every map, oldest entry first. */
  get data(): StoreData {
    return Object.fromEntries(
      mapNames.map((name) => [name, Object.fromEntries(this.tables[name])]),
    ) as unknown as StoreData
  }

  reset(): void {
    this.tables = emptyTables()
    this.nextSweep.clear()
    this.oldest.clear()
  }

  /**
   * The oldest key still in `table` (insertion order is age order). The iterator has passed only
   * deleted keys, and a Map iterator goes on to keys added after it was made, so while the table
   * holds anything it has a next key.
   */
  private nextOldest(map: StoreMap, table: Map<string, unknown>): string | undefined {
    let keys = this.oldest.get(map)
    if (keys === undefined) this.oldest.set(map, (keys = table.keys()))
    const next = keys.next()
    return next.done === true ? undefined : next.value
  }

  private sweep<M extends StoreMap>(map: M, table: Map<string, RecordOf<M>>): void {
    const now = this.now()
    if (now < (this.nextSweep.get(map) ?? 0)) return
    this.nextSweep.set(map, now + sweepEverySeconds)
    for (const [key, record] of table) if (record.evictAt <= now) table.delete(key)
  }
}
