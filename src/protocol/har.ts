import { header, type HeaderList, type HttpExchange } from './http-exchange.ts'

/** The parts of HAR 1.2 this exporter writes. @see http://www.softwareishard.com/blog/har-12-spec/ */
interface HarNameValue {
  readonly name: string
  readonly value: string
}

export interface HarEntry {
  readonly startedDateTime: string
  readonly time: number
  readonly request: {
    readonly method: string
    readonly url: string
    readonly httpVersion: string
    readonly cookies: readonly HarNameValue[]
    readonly headers: readonly HarNameValue[]
    readonly queryString: readonly HarNameValue[]
    readonly postData?: { readonly mimeType: string; readonly text: string }
    readonly headersSize: -1
    readonly bodySize: number
  }
  readonly response: {
    readonly status: number
    readonly statusText: string
    readonly httpVersion: string
    readonly cookies: readonly HarNameValue[]
    readonly headers: readonly HarNameValue[]
    readonly content: { readonly size: number; readonly mimeType: string; readonly text: string }
    readonly redirectURL: string
    readonly headersSize: -1
    readonly bodySize: number
    readonly comment?: string
  }
  readonly cache: Record<string, never>
  readonly timings: { readonly send: number; readonly wait: number; readonly receive: number }
  readonly comment?: string
}

export interface Har {
  readonly log: {
    readonly version: '1.2'
    readonly creator: { readonly name: string; readonly version: string }
    readonly entries: readonly HarEntry[]
    readonly comment?: string
  }
}

export interface HarInput {
  readonly exchange: HttpExchange
  /** The step's title, as the entry's comment. */
  readonly comment: string
}

const utf8Length = (text: string) => new TextEncoder().encode(text).length
const pairs = (headers: HeaderList): HarNameValue[] => headers.map(([name, value]) => ({ name, value }))

function requestCookies(headers: HeaderList): HarNameValue[] {
  const cookie = header(headers, 'cookie')
  if (cookie === undefined) return []
  return cookie.split(';').flatMap((part) => {
    const eq = part.indexOf('=')
    return eq < 0 ? [] : [{ name: part.slice(0, eq).trim(), value: part.slice(eq + 1).trim() }]
  })
}

function responseCookies(headers: HeaderList): HarNameValue[] {
  return headers
    .filter(([name]) => name.toLowerCase() === 'set-cookie')
    .flatMap(([, value]) => {
      const first = value.split(';')[0] ?? ''
      const eq = first.indexOf('=')
      return eq < 0 ? [] : [{ name: first.slice(0, eq).trim(), value: first.slice(eq + 1).trim() }]
    })
}

function entry({ exchange, comment }: HarInput, fallbackStart: number): HarEntry {
  const { request, response } = exchange
  const url = new URL(request.url)
  const body = request.body ?? ''
  const time = Math.max(0, Math.round(exchange.durationMs * 1000) / 1000)
  return {
    startedDateTime: new Date(exchange.startedAt ?? fallbackStart).toISOString(),
    time,
    request: {
      method: request.method,
      url: request.url,
      httpVersion: 'HTTP/1.1',
      cookies: requestCookies(request.headers),
      headers: pairs(request.headers),
      queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
      ...(request.body === undefined
        ? {}
        : { postData: { mimeType: header(request.headers, 'content-type') ?? '', text: body } }),
      headersSize: -1,
      bodySize: request.body === undefined ? 0 : utf8Length(body),
    },
    // HAR has no "no response"; status 0 is what browsers write for a request that got none.
    response: response
      ? {
          status: response.status,
          statusText: response.statusText,
          httpVersion: 'HTTP/1.1',
          cookies: responseCookies(response.headers),
          headers: pairs(response.headers),
          content: {
            size: utf8Length(response.body),
            mimeType: header(response.headers, 'content-type') ?? '',
            text: response.body,
          },
          redirectURL: header(response.headers, 'location') ?? '',
          headersSize: -1,
          bodySize: utf8Length(response.body),
        }
      : {
          status: 0,
          statusText: '',
          httpVersion: 'HTTP/1.1',
          cookies: [],
          headers: [],
          content: { size: 0, mimeType: '', text: '' },
          redirectURL: '',
          headersSize: -1,
          bodySize: 0,
          comment: 'No HTTP response: the browser handed this URL to the client running in the page.',
        },
    cache: {},
    timings: { send: 0, wait: time, receive: 0 },
    comment,
  }
}

/** A HAR 1.2 log of the exchanges, in order; opens in browser devtools and HAR viewers. */
export function harLog(
  inputs: readonly HarInput[],
  options: { readonly creatorVersion: string; readonly comment: string; readonly now?: number },
): Har {
  const now = options.now ?? Date.now()
  return {
    log: {
      version: '1.2',
      creator: { name: 'Grantscope', version: options.creatorVersion },
      entries: inputs.map((input) => entry(input, now)),
      comment: options.comment,
    },
  }
}
