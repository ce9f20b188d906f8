/**
 * The bundled mock authorization server + resource server: `handle(Request)` built on Web
 * standards only, so it runs in the browser, in Node and in a Service Worker.
 */
import type { MockServer } from './mock-server.ts'
import { buildMockServer } from './mock-server.ts'
import type { MockServerOptions } from './server-context.ts'

export type { MockServer, TracedReply } from './mock-server.ts'
export type { Reply } from './http/reply.ts'
export type { MockServerOptions } from './server-context.ts'
export type { ConfiguredClient } from './clients/register-client.ts'
export type { RequestHeaders, ServerRequest } from './http/server-request.ts'

export function createMockServer(options: MockServerOptions): MockServer {
  const { context: _context, ...server } = buildMockServer(options)
  return server
}
