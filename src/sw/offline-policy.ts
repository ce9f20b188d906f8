/**
 * What the Service Worker may touch. It exists so the static build works offline after the first
 * visit (a workshop's Wi-Fi fails); the bundled server already runs in the page. It must never
 * answer for the servers `npm start` runs on the same origin, and never cache what they answer.
 */

/** Paths of the mock AS and RS (and the real-provider relay) on `npm start`'s origin. */
export function isServerPath(pathname: string): boolean {
  return (
    /^\/(?:as|rs)(?:\/|$)/.test(pathname) ||
    pathname.startsWith('/.well-known/') ||
    pathname === '/relay' ||
    pathname.startsWith('/relay/')
  )
}

/** The name of one build's cache: a new build (new version) gets a new cache, the old one is deleted. */
export const cachePrefix = 'grantscope-'
export const cacheName = (version: string) => `${cachePrefix}${version}`

/**
 * The cached page that answers an offline navigation: the page itself when it was precached
 * (`/callback` → `callback/index.html` or `callback.html`), else the app's `index.html`.
 */
export function offlinePageCandidates(url: URL, scope: string): string[] {
  const path = url.pathname.endsWith('/') ? `${url.pathname}index.html` : url.pathname
  const own = new URL(path, url.origin).href
  return [own, `${own.replace(/\/$/, '')}/index.html`, `${own}.html`, new URL('index.html', scope).href]
}

/**
 * An offline copy of the app's page keeps its headers, except that an embed link may be framed —
 * as `npm start` would have said had it been reachable (see static-server.ts).
 */
export function offlineHeaders(cached: Headers, url: URL): Headers {
  const headers = new Headers(cached)
  const csp = headers.get('content-security-policy')
  if (csp !== null && url.searchParams.get('embed') === '1')
    headers.set('content-security-policy', csp.replace(/frame-ancestors [^;]*/, 'frame-ancestors *'))
  return headers
}
