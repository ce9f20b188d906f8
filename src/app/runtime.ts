import type { Transport } from '@/protocol/http-exchange.ts'
import { defaultPolicies, type ServerAdmin } from '@/protocol/server-policies.ts'
import type { ServerKind } from '@/protocol/node-server-api.ts'
import type { MockServer } from '@/server/index.ts'
import { PlaygroundClock } from './clock.ts'
import { readNodeServerInfo } from './server-choice.ts'

export interface Runtime {
  /** Which server answers: the one in this page, or the Node server of `npm start`. */
  readonly server: ServerKind
  readonly transport: Transport
  /** Forgets the server's codes, tokens and sessions; with a demo seed, also rewinds its values and clock. */
  readonly resetServer: () => void
  /** The origin of the server that answers (its issuer is `${origin}/as`). */
  readonly origin: string
  readonly clock: PlaygroundClock
  /** The settings panel's and clients editor's handle on the server (see `ServerAdmin`). */
  readonly admin?: ServerAdmin
  /** The client's source of state, nonce and PKCE values: seeded with a demo seed, else the platform's. */
  readonly random?: (length: number) => Uint8Array
  readonly seed?: string
}

/** Where a seeded run's clock stands: Monday 5 January 2026, 09:00 UTC — a workshop's first session. */
export const demoStartTime = Date.UTC(2026, 0, 5, 9, 0, 0)

/**
 * The server the flows run against: the Node server when the learner chose it and `npm start`
 * served this page (over HTTP, `node-runtime.ts`), else the bundled server inside this page. A demo
 * seed applies to the in-page server only (the Node server is shared with other apps).
 */
export async function createRuntime(kind: ServerKind, pageOrigin: string, seed?: string): Promise<Runtime> {
  const node = kind === 'node' && seed === undefined ? readNodeServerInfo() : undefined
  if (node !== undefined) return (await import('./node-runtime.ts')).createNodeRuntime(node)
  return createInPageRuntime(pageOrigin, seed)
}

/**
 * Boots the bundled authorization + resource server inside this page (so a static build needs no
 * backend) and puts it behind a Transport. Loaded on demand: the first screen does not pay for it.
 *
 * With a demo seed, every value is reproducible: the server's and the client's random octets come
 * from the seed (separate streams), the signing key is computed from it, and the clock starts at
 * `demoStartTime` — so the same clicks give the same codes, tokens and keys on every run.
 */
export async function createInPageRuntime(origin: string, seed?: string): Promise<Runtime> {
  const { createMockServer } = await import('@/server/index.ts')
  if (seed === undefined) {
    const clock = new PlaygroundClock()
    const server = createMockServer({ origin, clock: clock.now })
    // Generate the signing key now rather than during the first token request (that step should be instant).
    await server.fetch(new Request(`${server.issuer}/jwks`))
    return {
      server: 'in-page',
      admin: inPageAdmin(server),
      transport: (request) => server.handle(request),
      resetServer: () => server.reset(),
      origin,
      clock,
    }
  }
  const { seededRandom } = await import('@/protocol/seeded-random.ts')
  const { rsaKeyFromRandom } = await import('@/protocol/rsa-key-from-seed.ts')
  const clock = new PlaygroundClock({ start: demoStartTime })
  const serverRandom = seededRandom(seed, 'server')
  const clientRandom = seededRandom(seed, 'client')
  // Let "Starting…" paint before a second of prime searching.
  await new Promise((resolve) => setTimeout(resolve, 0))
  const privateJwk = rsaKeyFromRandom(seededRandom(seed, 'signing-key'))
  const server = createMockServer({
    origin,
    clock: clock.now,
    random: serverRandom,
    signingKey: { privateJwk },
  })
  await server.fetch(new Request(`${server.issuer}/jwks`))
  return {
    server: 'in-page',
    admin: inPageAdmin(server),
    transport: (request) => server.handle(request),
    resetServer: () => {
      server.reset()
      serverRandom.reset()
      clientRandom.reset()
      clock.reset()
    },
    origin,
    clock,
    random: clientRandom,
    seed,
  }
}

/** The settings panel's and clients editor's handle on the server running in this page. */
function inPageAdmin(server: MockServer): ServerAdmin {
  const snapshot = (values = server.getPolicies()) => Promise.resolve({ values, defaults: defaultPolicies })
  return {
    label: 'the server running in this page',
    getPolicies: () => snapshot(),
    // setPolicies throws PolicyError synchronously; inside async it becomes the rejection.
    setPolicies: async (partial) => snapshot(server.setPolicies(partial)),
    resetPolicies: () => snapshot(server.resetPolicies()),
    listClients: () => Promise.resolve(server.listClients()),
    deleteClient: (clientId) =>
      server.deleteClient(clientId)
        ? Promise.resolve()
        : Promise.reject(new Error(`${clientId} is a demo client or unknown: it cannot be deleted`)),
  }
}
