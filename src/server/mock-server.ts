import type { TracedResponse } from '../protocol/http-exchange.ts'
import type { DemoClient } from './demo-world.ts'
import { ServerError } from './errors.ts'
import { recordUnexpected } from './http/front-channel.ts'
import { jsonResponse, oauthErrorBody } from './http/responses.ts'
import { route } from './router.ts'
import {
  createRequestContext,
  createServerContext,
  type MockServerOptions,
  type ServerContext,
} from './server-context.ts'

export interface MockServer {
  readonly issuer: string
  /** Answers a request and shares the server's reasoning. Never throws. */
  handle(request: Request): Promise<TracedResponse>
  /** `handle()` without the trace: a drop-in `fetch`. */
  fetch(request: Request): Promise<Response>
  /** Forgets codes, tokens, sessions and interactions; keys stay. */
  reset(): void
}

/** The server plus its internals, for tests and snapshots. */
export interface MockServerInternals extends MockServer {
  readonly context: ServerContext
}

/**
 * Builds the mock authorization server + resource server. `clients` defaults to the demo world;
 * tests may register others.
 */
export function buildMockServer(
  options: MockServerOptions,
  clients?: readonly DemoClient[],
): MockServerInternals {
  const context = createServerContext(options, clients)
  const handle = async (request: Request): Promise<TracedResponse> => {
    const ctx = createRequestContext(context, request)
    try {
      return { response: await route(ctx), trace: ctx.trace.entries }
    } catch (error) {
      recordUnexpected(ctx, error)
      const body = oauthErrorBody(
        new ServerError('The server hit an unexpected error; the trace has the details'),
      )
      return { response: jsonResponse(body, 500, { 'Cache-Control': 'no-store' }), trace: ctx.trace.entries }
    }
  }
  return {
    issuer: context.issuer,
    context,
    handle,
    fetch: async (request) => (await handle(request)).response,
    reset: () => context.store.reset(),
  }
}
