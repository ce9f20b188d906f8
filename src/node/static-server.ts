import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, resolve, sep } from 'node:path'

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
}

/**
 * The app's Content-Security-Policy. The playground renders AS pages in `<iframe srcdoc>`, which
 * inherits this policy, so `frame-src 'self'` is enough; nothing else may frame the app — except an
 * embed link. Its documents talk only to their own origin — except the provider mode (`?provider`),
 * whose page calls real providers from the browser: any https origin, and http on this machine (a
 * local Keycloak). CSP cannot name `[::1]` hosts, so those go through the relay.
 */
export function appContentSecurityPolicy(providerMode: boolean): string {
  const connect = providerMode ? "'self' https: http://localhost:* http://127.0.0.1:*" : "'self'"
  return `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src ${connect}; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; object-src 'none'`
}

/** Headers for the app's files; `providerMode` for the page that talks to real providers. */
export function appSecurityHeaders(providerMode = false): Readonly<Record<string, string>> {
  return {
    'Content-Security-Policy': appContentSecurityPolicy(providerMode),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  }
}

export interface StaticOptions {
  /**
   * Changes an HTML page before it is sent, per request (the relay token goes into the app's page
   * only for requests to this server by its own name); undefined leaves it as built.
   */
  readonly rewriteHtml?: (req: IncomingMessage, path: string) => ((html: string) => string) | undefined
}

/**
 * The app's headers for one request. An embed link (`embed=1`, the compact view for slides, wikis and
 * LMSs) may be framed by any site: that view has no field for credentials and obeys only Next, Back,
 * Restart and Goto. Every other page keeps `frame-ancestors 'self'`, and the authorization server's
 * own pages (served by the mock server, not here) stay unframeable (`frame-ancestors 'none'`).
 */
export function appSecurityHeadersFor(search: string): Readonly<Record<string, string>> {
  const params = new URLSearchParams(search)
  const embed = params.get('embed') === '1'
  // An embed never shows the provider mode (it could be framed by anyone), and the provider mode is
  // never framed by others.
  const headers = appSecurityHeaders(params.has('provider') && !embed)
  if (!embed) return headers
  return {
    ...headers,
    'Content-Security-Policy': headers['Content-Security-Policy']!.replace(
      "frame-ancestors 'self'",
      'frame-ancestors *',
    ),
  }
}

/** Resolves a URL path inside `root`, or undefined when it is malformed or escapes it. */
export function resolveInside(root: string, pathname: string): string | undefined {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return undefined
  }
  if (decoded.includes('\0')) return undefined
  const full = resolve(root, `.${decoded}`)
  return full === root || full.startsWith(root + sep) ? full : undefined
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile()
  } catch {
    return false
  }
}

/**
 * Serves the built app from `distDir`. Unknown paths without a file extension (e.g. `/callback`)
 * get `index.html`, so client-side routes work; missing assets are 404.
 */
export function createStaticHandler(
  distDir: string,
  options: StaticOptions = {},
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const root = resolve(distDir)
  return async (req, res) => {
    // The raw target, not a parsed URL: WHATWG parsing would silently resolve `%2e%2e` segments.
    const [pathname = '/', search = ''] = (req.url ?? '/').split('?')
    for (const [name, value] of Object.entries(appSecurityHeadersFor(search))) res.setHeader(name, value)
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return plain(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' })
    const target = resolveInside(root, pathname)
    if (target === undefined) return plain(res, 400, 'Bad path')
    const file = await pickFile(root, target, pathname)
    if (file === undefined) return plain(res, 404, 'Not found')
    const type = contentTypes[extname(file)] ?? 'application/octet-stream'
    res.setHeader('Content-Type', type)
    res.setHeader(
      'Cache-Control',
      pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    )
    res.statusCode = 200
    const rewrite = extname(file) === '.html' ? options.rewriteHtml?.(req, file) : undefined
    if (rewrite !== undefined) {
      // A page made for this request (it may carry a per-run secret): never cached.
      const html = Buffer.from(rewrite(await readFile(file, 'utf8')))
      res.setHeader('Cache-Control', 'no-store')
      res.setHeader('Content-Length', html.length)
      return void res.end(req.method === 'HEAD' ? undefined : html)
    }
    if (req.method === 'HEAD') return void res.end()
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res)
  }
}

async function pickFile(root: string, target: string, pathname: string): Promise<string | undefined> {
  if (await isFile(target)) return target
  const index = resolve(target, 'index.html')
  if (index.startsWith(root + sep) && (await isFile(index))) return index
  if (extname(pathname) !== '') return undefined
  const fallback = resolve(root, 'index.html')
  return (await isFile(fallback)) ? fallback : undefined
}

function plain(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.statusCode = status
  res.setHeader('Content-Type', 'text/plain; charset=utf-8')
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value)
  res.end(text)
}
