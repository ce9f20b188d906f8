import type { Transport } from '@/protocol/http-exchange.ts'
import { PlaygroundClock } from './clock.ts'

export interface Runtime {
  readonly transport: Transport
  readonly resetServer: () => void
  readonly origin: string
  readonly clock: PlaygroundClock
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
  return { transport: (request) => server.handle(request), resetServer: () => server.reset(), origin, clock }
}
