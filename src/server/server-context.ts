import type { JWK } from 'jose'
import { randomBytes, randomToken } from '../protocol/base64url.ts'
import { Trace } from '../protocol/trace.ts'
import { ClientRegistry, demoClientOf, type RegisteredClient } from './clients/client-registry.ts'
import type { ConfiguredClient } from './clients/register-client.ts'
import { demoClients, demoScopes, demoUsers, type DemoClient, type DemoUser } from './demo-world.ts'
import type { ServerRequest } from './http/server-request.ts'
import { defaultPolicies, validatePolicies, type ServerPolicies } from './policies.ts'
import { KeyRing } from './signing-keys.ts'
import { Store } from './store.ts'
import { webCryptoSigner, type JwsSigner } from './tokens/sign-jwt.ts'

export type { RegisteredClient } from './clients/client-registry.ts'

export interface MockServerOptions {
  /** e.g. `http://localhost:8080` or the page's `location.origin`; the issuer is `origin + '/as'`. */
  origin: string
  /** Epoch milliseconds; injectable so tests and learners can fast-forward time. */
  clock?: () => number
  /** Injectable randomness for ids, codes and tokens. */
  random?: (n: number) => Uint8Array
  /** A fixed RS256 key (with `kid`); otherwise one is generated on first need. */
  signingKey?: { privateJwk: JWK }
  /** Initial settings; `setPolicies` changes them at run time. Validated: bad values throw. */
  policies?: Partial<ServerPolicies>
  /**
   * Clients to register at start-up, as RFC 7591 metadata plus their `client_id` (and optionally
   * `client_secret`), e.g. from `GRANTSCOPE_CLIENTS=clients.json`. Validated like a registration.
   */
  clients?: readonly ConfiguredClient[]
  /** Signs JWTs; WebCrypto by default. The Node server injects a synchronous `node:crypto` one. */
  signer?: JwsSigner
}

/** Everything the endpoints share: configuration, memory, keys. */
export interface ServerContext {
  readonly origin: string
  readonly issuer: string
  /** The resource server's identifier: the `aud` of every access token (RFC 9068 §3). */
  readonly resourceAudience: string
  readonly clock: () => number
  readonly random: (n: number) => Uint8Array
  /** The current settings: replaced as a whole by `setPolicies`, read afresh by every check. */
  policies: Readonly<ServerPolicies>
  readonly store: Store
  readonly keys: KeyRing
  readonly signer: JwsSigner
  readonly clients: ClientRegistry
  readonly users: readonly DemoUser[]
  readonly scopes: Readonly<Record<string, string>>
}

/** One request being handled, with the trace of the server's decisions about it. */
export interface RequestContext {
  readonly server: ServerContext
  readonly request: ServerRequest
  readonly url: URL
  readonly trace: Trace
}

export function createServerContext(
  options: MockServerOptions,
  clients: readonly DemoClient[] = demoClients,
): ServerContext {
  const origin = new URL(options.origin).origin
  const clock = options.clock ?? Date.now
  const epochSeconds = () => Math.floor(clock() / 1000)
  const initial = validatePolicies(options.policies ?? {})
  if (!initial.ok) throw new TypeError(`Invalid server settings: ${initial.problems.join('; ')}`)
  return {
    origin,
    issuer: `${origin}/as`,
    resourceAudience: `${origin}/rs`,
    clock,
    random: options.random ?? randomBytes,
    policies: Object.freeze({ ...defaultPolicies, ...initial.value }),
    store: new Store(epochSeconds),
    keys: new KeyRing(options.signingKey),
    signer: options.signer ?? webCryptoSigner,
    clients: new ClientRegistry(
      clients.map((c) => demoClientOf(c, origin)),
      epochSeconds,
    ),
    users: demoUsers,
    scopes: demoScopes,
  }
}

export function createRequestContext(server: ServerContext, request: ServerRequest): RequestContext {
  return { server, request, url: new URL(request.url), trace: new Trace() }
}

/** Current time in NumericDate seconds (RFC 7519 §2). */
export function nowSeconds(server: ServerContext): number {
  return Math.floor(server.clock() / 1000)
}

/**
 * An unguessable value: 32 random octets (256 bits) — "The probability of an attacker guessing
 * generated tokens … MUST be less than or equal to 2^(-128)".
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.10
 */
export function newSecretValue(server: ServerContext): string {
  return randomToken(32, server.random)
}

export function isPublicClient(client: RegisteredClient): boolean {
  return client.token_endpoint_auth_methods.includes('none')
}

export function findUser(server: ServerContext, userId: string): DemoUser | undefined {
  return server.users.find((u) => u.sub === userId)
}

/** Time of day for summaries a learner reads, e.g. "11:02:13" (UTC). */
export function timeOfDay(epochSeconds: number): string {
  // Most summaries in a second name the same instant (every token issued then expires together).
  if (epochSeconds !== lastTime.seconds)
    lastTime = { seconds: epochSeconds, text: new Date(epochSeconds * 1000).toISOString().slice(11, 19) }
  return lastTime.text
}

let lastTime = { seconds: NaN, text: '' }
