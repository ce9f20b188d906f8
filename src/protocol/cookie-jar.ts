/**
 * The browser's cookie jar, reduced to what a playground needs: one origin, name=value cookies
 * scoped by path, attached to later requests the way a browser would.
 */
export class CookieJar {
  private readonly cookies = new Map<string, { value: string; path: string; origin: string }>()

  /** Stores the cookies a response sets (`Set-Cookie`). */
  store(url: string, setCookies: readonly string[]): void {
    const origin = new URL(url).origin
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';').map((s) => s.trim())
      const eq = pair.indexOf('=')
      if (eq <= 0) continue
      const name = pair.slice(0, eq)
      const value = pair.slice(eq + 1)
      const pathAttr = attributes.find((a) => a.toLowerCase().startsWith('path='))
      const path = pathAttr ? pathAttr.slice(5) : '/'
      const expired = attributes.some((a) => /^max-age=(0|-)/i.test(a))
      if (expired || value === '') this.cookies.delete(name)
      else this.cookies.set(name, { value, path, origin })
    }
  }

  /** The `Cookie` header value a browser would send to `url`, or undefined. */
  headerFor(url: string): string | undefined {
    const { origin, pathname } = new URL(url)
    const matching = [...this.cookies].filter(([, c]) => c.origin === origin && pathname.startsWith(c.path))
    return matching.length === 0 ? undefined : matching.map(([name, c]) => `${name}=${c.value}`).join('; ')
  }
}

/*
 * Browsers forbid scripts from setting `Cookie` on a Request or reading `Set-Cookie` from a Response
 * (Fetch: forbidden header names), and silently drop them. The simulated browser and the in-page
 * server still need the cookie exchange a real browser does, so they also pass those two headers
 * beside the message; everywhere else (Node, real HTTP) the real headers are used.
 */
const cookieSide = Symbol.for('grantscope.cookie')
const setCookieSide = Symbol.for('grantscope.set-cookie')

type WithSide = { [cookieSide]?: string; [setCookieSide]?: string[] }

export function withCookieHeader(request: Request, value: string | undefined): Request {
  if (value !== undefined) (request as Request & WithSide)[cookieSide] = value
  return request
}

/** The `Cookie` header the browser sent with this request. */
export function cookieHeaderOf(request: {
  readonly headers: { get(name: string): string | null }
}): string | undefined {
  return request.headers.get('cookie') ?? (request as WithSide)[cookieSide]
}

export function withSetCookies(response: Response, values: readonly string[]): Response {
  if (values.length > 0) (response as Response & WithSide)[setCookieSide] = [...values]
  return response
}

/** The `Set-Cookie` headers of this response. */
export function setCookiesOf(response: Response): string[] {
  const real = response.headers.getSetCookie()
  return real.length > 0 ? real : ((response as Response & WithSide)[setCookieSide] ?? [])
}
