import { CookieJar, setCookiesOf, withCookieHeader } from '@/protocol/cookie-jar.ts'
import { exchange, header, type HttpExchange, type Transport } from '@/protocol/http-exchange.ts'

/** A front-channel request the browser is about to make, as plain data. */
export interface Navigation {
  readonly method: 'GET' | 'POST'
  readonly url: string
  /** application/x-www-form-urlencoded body of a form POST. */
  readonly body?: string
}

export type NavigationOutcome =
  | { readonly kind: 'page'; readonly url: string; readonly status: number; readonly html: string }
  | { readonly kind: 'redirect'; readonly location: string }

/**
 * The simulated browser's network leg: sends a navigation through the transport with the cookies a
 * browser would send, never follows redirects by itself (each hop is a step), and keeps Set-Cookie.
 */
export async function navigate(
  transport: Transport,
  jar: CookieJar,
  nav: Navigation,
): Promise<{ outcome: NavigationOutcome; exchange: HttpExchange }> {
  const headers = new Headers({ accept: 'text/html' })
  const cookie = jar.headerFor(nav.url)
  if (cookie !== undefined) headers.set('cookie', cookie)
  if (nav.body !== undefined) headers.set('content-type', 'application/x-www-form-urlencoded')
  const request = withCookieHeader(
    new Request(nav.url, {
      method: nav.method,
      headers,
      redirect: 'manual',
      ...(nav.body === undefined ? {} : { body: nav.body }),
    }),
    cookie,
  )
  const result = await exchange(transport, request)
  jar.store(nav.url, setCookiesOf(result.response))
  const location = header(result.exchange.response?.headers ?? [], 'location')
  if (result.response.status >= 300 && result.response.status < 400 && location !== undefined) {
    return {
      outcome: { kind: 'redirect', location: new URL(location, nav.url).href },
      exchange: result.exchange,
    }
  }
  return {
    outcome: {
      kind: 'page',
      url: nav.url,
      status: result.response.status,
      html: result.exchange.response?.body ?? '',
    },
    exchange: result.exchange,
  }
}

export { CookieJar }
