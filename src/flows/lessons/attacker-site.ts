import { exchange, header, type TracedResponse, type Transport } from '@/protocol/http-exchange.ts'
import type { TraceEntry } from '@/protocol/trace.ts'
import type { UserAgent } from '../flow-contract.ts'
import type { StepPorts } from '../flow-kit.ts'

/**
 * A server the attacker runs on an origin of their own (a site that catches a redirect, a whole
 * authorization server): a small HTTP handler. A lesson routes requests for that origin to it, in
 * the step that makes them; everything else still goes to the bundled server through the real
 * transport. Its trace says what the attacker's server did with each request.
 */
export type AttackerSite = (request: Request) => Promise<TracedResponse>

/** The ports of a step, with requests for `origin` — from the client or the browser — answered by `site`. */
export function withAttackerSite(ports: StepPorts, origin: string, site: AttackerSite): StepPorts {
  const isSite = (url: string) => new URL(url).origin === origin
  const transport: Transport = (request) => (isSite(request.url) ? site(request) : ports.transport(request))
  const userAgent: UserAgent = {
    async navigate(nav) {
      if (!isSite(nav.url)) return ports.userAgent.navigate(nav)
      const request = new Request(nav.url, {
        method: nav.method,
        headers: {
          accept: 'text/html',
          ...(nav.body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
        },
        redirect: 'manual',
        ...(nav.body === undefined ? {} : { body: nav.body }),
      })
      const result = await exchange(site, request)
      const response = result.exchange.response
      const location = header(response?.headers ?? [], 'location')
      if (result.response.status >= 300 && result.response.status < 400 && location !== undefined)
        return {
          outcome: { kind: 'redirect', location: new URL(location, nav.url).href },
          exchange: result.exchange,
        }
      return {
        outcome: {
          kind: 'page',
          page: { url: nav.url, status: result.response.status, html: response?.body ?? '' },
        },
        exchange: result.exchange,
      }
    },
  }
  return { ...ports, transport, userAgent }
}

/** One decision of the attacker's server, for its trace. */
export const attackerNote = (summary: string): TraceEntry => ({
  check: 'attacker',
  outcome: 'info',
  summary,
  refs: [],
})

/** A plain page from the attacker's server. */
export function attackerPage(text: string, trace: readonly TraceEntry[]): TracedResponse {
  return {
    response: new Response(`<!doctype html><title>${text}</title><p>${text}</p>`, {
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
    }),
    trace,
  }
}

/** A JSON answer from the attacker's server. */
export function attackerJson(
  body: Readonly<Record<string, unknown>>,
  status: number,
  trace: readonly TraceEntry[],
): TracedResponse {
  return {
    response: new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    }),
    trace,
  }
}
