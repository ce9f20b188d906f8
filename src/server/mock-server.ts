import type { TracedResponse } from '../protocol/http-exchange.ts'
import { PolicyError, type ClientSummary, type ServerPolicies } from '../protocol/server-policies.ts'
import type { TraceEntry } from '../protocol/trace.ts'
import type { RegisteredClient } from './clients/client-registry.ts'
import { configureClients } from './clients/register-client.ts'
import { revokeClientGrants } from './clients/revoke-client.ts'
import type { DemoClient } from './demo-world.ts'
import { ServerError } from './errors.ts'
import { recordUnexpected } from './http/front-channel.ts'
import type { ServerRequest } from './http/server-request.ts'
import { toResponse, type Reply } from './http/reply.ts'
import { jsonResponse, oauthErrorBody } from './http/responses.ts'
import { defaultPolicies, validatePolicies } from './policies.ts'
import { route } from './router.ts'
import {
  createRequestContext,
  createServerContext,
  type MockServerOptions,
  type ServerContext,
} from './server-context.ts'

/** The server's answer as plain data, with its reasoning: what `answer()` gives. */
export interface TracedReply {
  readonly reply: Reply
  readonly trace: readonly TraceEntry[]
}

export interface MockServer {
  readonly issuer: string
  /** Answers a request and shares the server's reasoning. Never throws. */
  handle(request: ServerRequest): Promise<TracedResponse>
  /** `handle()` with the answer as plain data, not a Web Response: what the Node adapter writes out. */
  answer(request: ServerRequest): Promise<TracedReply>
  /** `handle()` without the trace: a drop-in `fetch`. */
  fetch(request: Request): Promise<Response>
  /** Forgets codes, tokens, sessions and interactions; keys, settings and clients stay. */
  reset(): void
  /** The current settings (see `policyCatalogue`). */
  getPolicies(): ServerPolicies
  /**
   * Changes some settings at once, for every request from now on. Validated as a whole: on any bad
   * name or value nothing changes and a `PolicyError` lists every problem.
   */
  setPolicies(partial: Partial<ServerPolicies>): ServerPolicies
  /** Back to the RFC 9700 defaults. */
  resetPolicies(): ServerPolicies
  /** Every client: demo, configured and registered ones, without secrets. */
  listClients(): ClientSummary[]
  /** Deletes a registered or configured client and revokes its grants; false for demo or unknown ones. */
  deleteClient(clientId: string): boolean
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
  configureClients(context, options.clients ?? [])
  const answer = async (request: ServerRequest): Promise<TracedReply> => {
    const ctx = createRequestContext(context, request)
    try {
      return { reply: await route(ctx), trace: ctx.trace.entries }
    } catch (error) {
      recordUnexpected(ctx, error)
      const body = oauthErrorBody(
        new ServerError('The server hit an unexpected error; the trace has the details'),
      )
      return { reply: jsonResponse(body, 500, { 'Cache-Control': 'no-store' }), trace: ctx.trace.entries }
    }
  }
  const handle = async (request: ServerRequest): Promise<TracedResponse> => {
    const { reply, trace } = await answer(request)
    return { response: toResponse(reply), trace }
  }
  const setPolicies = (partial: Partial<ServerPolicies>): ServerPolicies => {
    const checked = validatePolicies(partial)
    if (!checked.ok) throw new PolicyError(checked.problems)
    context.policies = Object.freeze({ ...context.policies, ...checked.value })
    return { ...context.policies }
  }
  return {
    issuer: context.issuer,
    context,
    handle,
    answer,
    fetch: async (request) => (await handle(request)).response,
    reset: () => context.store.reset(),
    getPolicies: () => ({ ...context.policies }),
    setPolicies,
    resetPolicies: () => setPolicies(defaultPolicies),
    listClients: () => context.clients.list().map(clientSummary),
    deleteClient: (clientId) => {
      if (!context.clients.delete(clientId)) return false
      revokeClientGrants(context, clientId, 'its client was deleted')
      return true
    },
  }
}

function clientSummary(client: RegisteredClient): ClientSummary {
  return {
    client_id: client.client_id,
    client_name: client.client_name,
    origin: client.kind,
    application_type: client.application_type,
    token_endpoint_auth_method: client.token_endpoint_auth_methods.join(' '),
    grant_types: client.grant_types,
    redirect_uris: client.redirect_uris,
    ...(client.scope === undefined ? {} : { scope: client.scope }),
  }
}
