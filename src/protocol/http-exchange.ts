import { cookieHeaderOf, setCookiesOf, withCookieHeader } from './cookie-jar.ts'
import type { TraceEntry } from './trace.ts'

/** Front channel: through the user's browser (redirects, form posts). Back channel: client ↔ server directly. */
export type Channel = 'front' | 'back'

export type HeaderList = readonly (readonly [name: string, value: string])[]

export interface RecordedRequest {
  readonly method: string
  readonly url: string
  readonly headers: HeaderList
  readonly body?: string
}

export interface RecordedResponse {
  readonly status: number
  readonly statusText: string
  readonly headers: HeaderList
  readonly body: string
}

/** One real HTTP exchange as it crossed the wire, with the server's reasoning when the server shares it. */
export interface HttpExchange {
  readonly request: RecordedRequest
  /** Absent when nobody answers over HTTP (the browser delivering the callback to an in-page client). */
  readonly response?: RecordedResponse
  readonly trace: readonly TraceEntry[]
  readonly durationMs: number
  /** How this exchange differs from a plain request from the page: relayed, or answered without HTTP. */
  readonly note?: string
  /** Wall-clock epoch milliseconds when the request left (HAR's startedDateTime). */
  readonly startedAt?: number
}

export interface TracedResponse {
  readonly response: Response
  /** The server's decisions while answering; empty for servers that do not share them (real providers). */
  readonly trace: readonly TraceEntry[]
  /**
   * The request exactly as the server received it, when that is not the request the client made
   * (a relay sent it on the client's behalf, with its own headers).
   */
  readonly sent?: RecordedRequest
  /** Said beside the exchange: "relayed by …", "not sent: built from the endpoints you entered". */
  readonly note?: string
}

/** How a client reaches a server. The in-browser server, the Node server and real providers all fit. */
export type Transport = (request: Request) => Promise<TracedResponse>

const headerList = (headers: Headers): HeaderList => [...headers.entries()].map(([k, v]) => [k, v] as const)

export async function recordRequest(request: Request): Promise<RecordedRequest> {
  const body = request.body === null ? undefined : await request.clone().text()
  const cookie = request.headers.has('cookie') ? undefined : cookieHeaderOf(request)
  return {
    method: request.method,
    url: request.url,
    headers: [...headerList(request.headers), ...(cookie === undefined ? [] : [['cookie', cookie] as const])],
    ...(body === undefined ? {} : { body }),
  }
}

/** Reason phrases (RFC 9110 §15) for the statuses this playground meets; a Response built in-page has none. */
const reasonPhrases: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  302: 'Found',
  303: 'See Other',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

export async function recordResponse(response: Response): Promise<RecordedResponse> {
  const setCookies = response.headers.getSetCookie().length > 0 ? [] : setCookiesOf(response)
  return {
    status: response.status,
    statusText: response.statusText || (reasonPhrases[response.status] ?? ''),
    headers: [...headerList(response.headers), ...setCookies.map((v) => ['set-cookie', v] as const)],
    body: await response.clone().text(),
  }
}

/**
 * Sends `request` through `transport` and records both sides verbatim. The caller still gets an
 * unread `Response`, so a strict client library can validate it after the UI has seen the wire.
 */
export async function exchange(
  transport: Transport,
  request: Request,
  now: () => number = () => performance.now(),
): Promise<{ response: Response; exchange: HttpExchange }> {
  const recordedRequest = await recordRequest(request)
  const startedAt = Date.now()
  const started = now()
  const { response, trace, sent, note } = await transport(request)
  const durationMs = now() - started
  return {
    response,
    exchange: {
      request: sent ?? recordedRequest,
      response: await recordResponse(response),
      trace,
      durationMs,
      startedAt,
      ...(note === undefined ? {} : { note }),
    },
  }
}

/** A request/response pair that never touched HTTP, e.g. the callback URL handed to an in-page client. */
export async function requestOnly(request: Request): Promise<HttpExchange> {
  return { request: await recordRequest(request), trace: [], durationMs: 0, startedAt: Date.now() }
}

export function header(headers: HeaderList, name: string): string | undefined {
  const lower = name.toLowerCase()
  return headers.find(([k]) => k.toLowerCase() === lower)?.[1]
}

/**
 * A Request from a recorded (or edited) one, to send again. A Cookie header rides beside the
 * Request, as the simulated browser's does (browsers drop it from scripted requests).
 */
export function toRequest(recorded: RecordedRequest): Request {
  const headers = new Headers()
  for (const [name, value] of recorded.headers)
    if (name.toLowerCase() !== 'cookie') headers.append(name, value)
  const request = new Request(recorded.url, {
    method: recorded.method,
    headers,
    redirect: 'manual',
    ...(recorded.body === undefined || recorded.method === 'GET' || recorded.method === 'HEAD'
      ? {}
      : { body: recorded.body }),
  })
  return withCookieHeader(request, header(recorded.headers, 'cookie'))
}
