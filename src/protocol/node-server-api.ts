import type { HeaderList, HttpExchange } from './http-exchange.ts'
import type { TraceEntry } from './trace.ts'

/**
 * What `npm start` adds for the page it serves, beside the mock server: the live server console,
 * the envelope that lets the playground run its flows against the Node server, and that server's
 * clock. Loopback only (Host and Origin checked); the envelope and the clock also need the per-run
 * token that the Node server writes into the page it serves.
 */
export const nodeServerPaths = {
  /** Server-Sent Events: one `exchange` event per request the Node server answered. */
  console: '/__grantscope/console',
  /** POST an `EnvelopeRequest`, get an `EnvelopeResponse`. */
  envelope: '/__grantscope/envelope',
  /** GET the `ServerClockState`; POST `{ advanceMs }` to skip ahead. */
  clock: '/__grantscope/clock',
} as const

/** Which server answers the playground's flows: the one inside the page, or the Node server. */
export type ServerKind = 'in-page' | 'node'

/** The header that carries the per-run token (a custom header also forces a CORS preflight). */
export const playgroundTokenHeader = 'x-grantscope-token'

/** `<meta name="grantscope-node" content="{json}">`: present only when `npm start` served the page on loopback. */
export const nodeServerMetaName = 'grantscope-node'

/** What the Node server tells the page it serves. */
export interface NodeServerInfo {
  /** The canonical origin of the Node server (the issuer is `${origin}/as`). */
  readonly origin: string
  /** Per-run secret for the envelope and the clock. */
  readonly token: string
}

/** A request as the simulated browser or client would send it — including `Cookie`, which `fetch` cannot set. */
export interface EnvelopeRequest {
  readonly method: string
  /** Absolute URL on the Node server's origin. */
  readonly url: string
  readonly headers: HeaderList
  readonly body?: string
}

/** The Node server's answer, unfollowed and unfiltered: Location and every Set-Cookie, plus its trace. */
export interface EnvelopeResponse {
  readonly status: number
  readonly statusText: string
  readonly headers: HeaderList
  readonly body: string
  readonly trace: readonly TraceEntry[]
}

export interface ServerClockState {
  /** How far the Node server's clock runs ahead of real time, in ms. */
  readonly offsetMs: number
  /** The server's time, epoch ms. */
  readonly now: number
}

/** A JWT found in an exchange, decoded for the console; its signature is never shown whole. */
export interface ConsoleToken {
  /** Where it was: `response access_token`, `Authorization header`, `Location id_token` … */
  readonly where: string
  readonly header: Readonly<Record<string, unknown>>
  readonly claims: Readonly<Record<string, unknown>>
}

/** One exchange as the server console shows it: secrets masked, tokens decoded. */
export interface ConsoleEntry extends HttpExchange {
  /** Increasing per run; the SSE event id. */
  readonly id: number
  /** When the request arrived, epoch ms on the server's clock. */
  readonly at: number
  /** `http`: any HTTP client (an app, curl, Postman); `playground`: the page's flows, through the envelope. */
  readonly via: 'http' | 'playground'
  readonly tokens: readonly ConsoleToken[]
}
