import type { SigningAlgorithm } from '../../protocol/server-policies.ts'
import type { ClientAuthMethod, DemoClient, GrantType } from '../demo-world.ts'
import { grantTypes } from '../demo-world.ts'
import type { ResponseType } from '../store.ts'

/**
 * A client the server knows: a demo client, one registered through RFC 7591, or one configured
 * from a clients file at start-up. Redirect URIs are absolute.
 */
export interface RegisteredClient {
  readonly client_id: string
  readonly client_name: string
  /** Absent for public clients (RFC 6749 §2.1). */
  readonly client_secret?: string
  /** The methods this client may use at the token endpoint; `none` marks a public client. */
  readonly token_endpoint_auth_methods: readonly ClientAuthMethod[]
  readonly grant_types: readonly GrantType[]
  /** The response types it may use at the authorization endpoint (RFC 7591 §2). */
  readonly response_types: readonly ResponseType[]
  /** Registered scopes, space-separated, and the default when a request omits `scope`; absent: any. */
  readonly scope?: string
  readonly redirect_uris: readonly string[]
  /** `native` apps may use any port on a loopback redirect URI (RFC 8252 §7.3). */
  readonly application_type: 'web' | 'native'
  readonly kind: 'demo' | 'registered' | 'configured'
  /** The ID token algorithm the client registered (OIDC Registration §2); else the server setting. */
  readonly id_token_signed_response_alg?: SigningAlgorithm
  /** What this client teaches (demo clients). */
  readonly description?: string
  /** RFC 7591 / 7592 bookkeeping for registered and configured clients. */
  readonly registration?: ClientRegistration
}

export interface ClientRegistration {
  /** Bearer token for the client configuration endpoint (RFC 7592 §3). */
  readonly accessToken: string
  readonly issuedAt: number
  /** The metadata as registered, echoed by the registration and configuration endpoints. */
  readonly metadata: Readonly<Record<string, unknown>>
}

/** The response types a demo client's grants imply. */
function responseTypesOf(grants: readonly GrantType[]): ResponseType[] {
  return [
    ...(grants.includes(grantTypes.authorizationCode) ? (['code'] as const) : []),
    ...(grants.includes(grantTypes.implicit) ? (['token', 'id_token token', 'id_token'] as const) : []),
  ]
}

export function demoClientOf(client: DemoClient, origin: string): RegisteredClient {
  const { redirect_paths, ...rest } = client
  return {
    ...rest,
    redirect_uris: redirect_paths.map((p) => origin + p),
    response_types: responseTypesOf(client.grant_types),
    application_type: 'web',
    kind: 'demo',
  }
}

interface Entry {
  readonly client: RegisteredClient
  /** Epoch seconds after which an unused registered client is forgotten. */
  evictAt: number
}

/**
 * Every client the server knows. Demo and configured clients stay; registered ones are bounded —
 * at most `capacity`, the least recently used going first — and forgotten after `idleSeconds`
 * without a request, so open registration cannot fill the server's memory.
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3
 */
export class ClientRegistry {
  /** Insertion order is recency order: a lookup moves a client to the end. */
  private readonly registered = new Map<string, Entry>()
  private readonly fixed: Map<string, RegisteredClient>

  constructor(
    fixed: readonly RegisteredClient[],
    private readonly now: () => number,
    readonly capacity = 500,
    readonly idleSeconds = 24 * 60 * 60,
  ) {
    this.fixed = new Map(fixed.map((c) => [c.client_id, c]))
  }

  get(clientId: string): RegisteredClient | undefined {
    const fixed = this.fixed.get(clientId)
    if (fixed !== undefined) return fixed
    const entry = this.registered.get(clientId)
    if (entry === undefined) return undefined
    this.registered.delete(clientId)
    if (entry.evictAt <= this.now()) return undefined
    entry.evictAt = this.now() + this.idleSeconds
    this.registered.set(clientId, entry)
    return entry.client
  }

  /** Whether the client exists (and, if registered, was used within `idleSeconds`); no recency change. */
  has(clientId: string): boolean {
    const entry = this.registered.get(clientId)
    return this.fixed.has(clientId) || (entry !== undefined && entry.evictAt > this.now())
  }

  /** Adds or replaces a client: `configured` ones stay for good, `registered` ones are bounded. */
  add(client: RegisteredClient): void {
    if (client.kind !== 'registered') {
      this.fixed.set(client.client_id, client)
      return
    }
    this.registered.delete(client.client_id)
    const now = this.now()
    for (const [id, entry] of this.registered) {
      if (this.registered.size < this.capacity && entry.evictAt > now) break
      this.registered.delete(id)
    }
    this.registered.set(client.client_id, { client, evictAt: now + this.idleSeconds })
  }

  /** Removes a registered or configured client; demo clients cannot be removed. */
  delete(clientId: string): boolean {
    const fixed = this.fixed.get(clientId)
    if (fixed?.kind === 'configured') return this.fixed.delete(clientId)
    return this.registered.delete(clientId)
  }

  /** Every client, demo clients first, without touching recency. */
  list(): RegisteredClient[] {
    const now = this.now()
    const live = [...this.registered.values()].filter((e) => e.evictAt > now).map((e) => e.client)
    return [...this.fixed.values(), ...live]
  }

  get registeredCount(): number {
    return this.registered.size
  }
}
