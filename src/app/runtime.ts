import type { Transport } from '@/protocol/http-exchange.ts'
import type { ServerKind } from '@/protocol/node-server-api.ts'
import { PlaygroundClock } from './clock.ts'
import { readNodeServerInfo } from './server-choice.ts'

export interface Runtime {
  /** Which server answers: the one in this page, or the Node server of `npm start`. */
  readonly server: ServerKind
  readonly transport: Transport
  readonly resetServer: () => void
  /** The origin of the server that answers (its issuer is `${origin}/as`). */
  readonly origin: string
  readonly clock: PlaygroundClock
}

/**
 * The server the flows run against: the Node server when the learner chose it and `npm start`
 * served this page (over HTTP, `node-runtime.ts`), else the bundled server inside this page.
 */
export async function createRuntime(kind: ServerKind, pageOrigin: string): Promise<Runtime> {
  const node = kind === 'node' ? readNodeServerInfo() : undefined
  if (node !== undefined) return (await import('./node-runtime.ts')).createNodeRuntime(node)
  return createInPageRuntime(pageOrigin)
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
  return {
    server: 'in-page',
    transport: (request) => server.handle(request),
    resetServer: () => server.reset(),
    origin,
    clock,
  }
}
