import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
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
 * Headers for the app. The playground renders AS pages in `<iframe srcdoc>`, which inherits this
 * policy, so `frame-src 'self'` is enough; nothing else may frame the app — except an embed link.
 */
export const appSecurityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; object-src 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
}

/**
 * The app's headers for one request. An embed link (`embed=1`, the compact view for slides, wikis and
 * LMSs) may be framed by any site: that view has no field for credentials and obeys only Next, Back,
 * Restart and Goto. Every other page keeps `frame-ancestors 'self'`, and the authorization server's
 * own pages (served by the mock server, not here) stay unframeable (`frame-ancestors 'none'`).
 */
export function appSecurityHeadersFor(search: string): Readonly<Record<string, string>> {
  if (new URLSearchParams(search).get('embed') !== '1') return appSecurityHeaders
  return {
    ...appSecurityHeaders,
    'Content-Security-Policy': appSecurityHeaders['Content-Security-Policy']!.replace(
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
