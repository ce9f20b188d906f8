/**
 * The server's memory as one plain, serializable object, so it can be snapshotted, restored and
 * shown. Every map is bounded: expired entries are evicted on write, then the oldest beyond the cap.
 */

import type { GrantType } from './demo-world.ts'

/** The response types this server supports (RFC 6749 §3.1.1; OIDC Core §3.2.2.1). */
export type ResponseType = 'code' | 'token' | 'id_token token'

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
  revokedAt?: number
  revokedReason?: string
  readonly evictAt: number
}

/** A JWT access token, by `jti`: the token itself is self-contained, this is what can revoke it. */
export interface AccessTokenRecord {
  readonly grantId: string
  readonly clientId: string
  readonly scope: string
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

export const maxEntriesPerMap = 1000

export function emptyStoreData(): StoreData {
  return {
    interactions: {},
    sessions: {},
    codes: {},
    grants: {},
    accessTokens: {},
    refreshTokens: {},
    failedAttempts: {},
    deviceCodes: {},
    userCodes: {},
  }
}

/**
 * Bounded, expiring maps over a `StoreData`. `now` is in epoch seconds.
 *
 * A write stays O(1) on average, so the token endpoint does not slow down as a table fills: a table
 * is swept for expired records at most once per second (none can expire within the same second),
 * and when it reaches the cap the oldest records go in a batch of about 1/16 of it, not one by one.
 */
export class Store {
  data: StoreData = emptyStoreData()
  /** Per table: an upper bound of its records since its last sweep, and that sweep's `now`. */
  private readonly sizes = new WeakMap<object, number>()
  private readonly swept = new WeakMap<object, number>()

  constructor(
    private readonly now: () => number,
    private readonly maxEntries = maxEntriesPerMap,
  ) {}

  get<M extends StoreMap>(map: M, key: string): RecordOf<M> | undefined {
    const table = this.data[map] as Record<string, RecordOf<M>>
    if (!Object.hasOwn(table, key)) return undefined
    const record = table[key]
    if (record === undefined || record.evictAt <= this.now()) {
      delete table[key]
      return undefined
    }
    return record
  }

  put<M extends StoreMap>(map: M, key: string, record: RecordOf<M>): void {
    const table = this.data[map] as Record<string, RecordOf<M>>
    const now = this.now()
    const size = this.sizes.get(table)
    if (size === undefined || size >= this.maxEntries || this.swept.get(table) !== now) this.evict(table, now)
    if (!Object.hasOwn(table, key)) this.sizes.set(table, (this.sizes.get(table) ?? 0) + 1)
    table[key] = record
  }

  delete(map: StoreMap, key: string): void {
    delete this.data[map][key]
  }

  /** Records of `map` matching `predicate` (for revoking everything of one grant). */
  entries<M extends StoreMap>(map: M): [string, RecordOf<M>][] {
    return Object.entries(this.data[map] as Record<string, RecordOf<M>>)
  }

  reset(): void {
    this.data = emptyStoreData()
  }

  private evict(table: Record<string, { evictAt: number }>, now: number): void {
    for (const key in table) if (table[key]!.evictAt <= now) delete table[key]
    const keys = Object.keys(table)
    // Room for the record being written, plus a batch, so a full table is not trimmed on every write.
    const keep = this.maxEntries - 1 - Math.floor(this.maxEntries / 16)
    const excess = keys.length > this.maxEntries - 1 ? keys.length - keep : 0
    // Insertion order is preserved for non-index keys, so the first keys are the oldest.
    for (const key of keys.slice(0, excess)) delete table[key]
    this.sizes.set(table, keys.length - excess)
    this.swept.set(table, now)
  }
}
