import { CookieJar, setCookiesOf, withCookieHeader } from '@/protocol/cookie-jar.ts'
import { exchange, header, type Transport } from '@/protocol/http-exchange.ts'
import type { Navigation, UserAgent, Visit } from './flow-contract.ts'

/**
 * The simulated browser's network leg, as the flows' `UserAgent` port: sends each navigation
 * through the transport with the cookies a browser would send, keeps Set-Cookie, and never follows
 * a redirect by itself (each hop is a step). Its cookie jar lives here, not in the machine's context.
 */
export class SimulatedUserAgent implements UserAgent {
  private readonly jar = new CookieJar()

  constructor(private readonly transport: Transport) {}

  async navigate(nav: Navigation): Promise<Visit> {
    const headers = new Headers({ accept: 'text/html' })
    const cookie = this.jar.headerFor(nav.url)
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
    const result = await exchange(this.transport, request)
    this.jar.store(nav.url, setCookiesOf(result.response))
    const response = result.exchange.response
    const location = header(response?.headers ?? [], 'location')
    if (result.response.status >= 300 && result.response.status < 400 && location !== undefined) {
      return {
        outcome: { kind: 'redirect', location: new URL(location, nav.url).href },
        exchange: result.exchange,
      }
    }
    return {
      outcome: {
        kind: 'page',
        page: { url: nav.url, status: result.response.status, html: response?.body ?? '' },
      },
      exchange: result.exchange,
    }
  }
}
