import type { Transport } from '@/protocol/http-exchange.ts'
import { defaultPolicies, type ServerAdmin } from '@/protocol/server-policies.ts'
import { PlaygroundClock } from './clock.ts'

export interface Runtime {
  readonly transport: Transport
  readonly resetServer: () => void
  readonly origin: string
  readonly clock: PlaygroundClock
  /** The settings panel's and clients editor's handle on the server (see `ServerAdmin`). */
  readonly admin: ServerAdmin
}

/**
 * Boots the bundled authorization + resource server inside this page (so a static build needs no
 * backend) and puts it behind a Transport. Loaded on demand: the first screen does not pay for it.
 */
export async function createInPageRuntime(origin: string): Promise<Runtime> {
  const { createMockServer } = await import('@/server/index.ts')
  const clock = new PlaygroundClock()
  const server = createMockServer({ origin, clock: clock.now })
  // Generate the signing key now rather than during the first token request (that step should be instant).
  await server.fetch(new Request(`${server.issuer}/jwks`))
  const snapshot = (values = server.getPolicies()) => Promise.resolve({ values, defaults: defaultPolicies })
  const admin: ServerAdmin = {
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
  return {
    transport: (request) => server.handle(request),
    resetServer: () => server.reset(),
    origin,
    clock,
    admin,
  }
}
