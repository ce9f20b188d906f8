import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, relative, resolve, sep } from 'node:path'
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib'

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

/** Types worth compressing; images and fonts already are. */
const compressible = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.json',
  '.webmanifest',
  '.svg',
  '.txt',
  '.map',
])

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

type Encoding = 'br' | 'gzip'

/** One file of the build, held in memory with its precompressed forms. */
interface Asset {
  readonly type: string
  readonly cacheControl: string
  /** Strong validator of the identity bytes; each encoding gets its own (RFC 9110 §8.8.3.3). */
  readonly etag: string
  readonly body: Buffer
  readonly encoded: Partial<Record<Encoding, Buffer>>
}

export interface StaticOptions {
  /**
   * Rewrites index.html per request (to hand the page its per-run tokens, only when asked for by this
   * server's own name); each variant is built once and sent `no-store`.
   */
  readonly indexVariant?: (
    req: IncomingMessage,
  ) => { readonly key: string; readonly html: (base: string) => string } | undefined
}

/**
 * Hashed build output (`vite build` puts a content hash in every name under `assets/`) never
 * changes under its name: a year, immutable. Everything else must be revalidated (`no-cache`),
 * which the ETag makes a cheap 304.
 * @see https://www.rfc-editor.org/rfc/rfc8246
 */
function cacheControlFor(path: string): string {
  return path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'
}

const etagOf = (bytes: Buffer): string =>
  `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}"`

/** The `.br` / `.gz` siblings `vite build` wrote, or compressed now when a file has none. */
function encodingsFor(file: string, body: Buffer, onDisk: ReadonlySet<string>): Asset['encoded'] {
  if (!compressible.has(extname(file)) || body.length < 512) return {}
  const read = (suffix: string, make: () => Buffer) =>
    onDisk.has(file + suffix) ? readFileSync(file + suffix) : make()
  const br = read('.br', () => brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }))
  const gz = read('.gz', () => gzipSync(body, { level: 9 }))
  return {
    ...(br.length < body.length ? { br } : {}),
    ...(gz.length < body.length ? { gzip: gz } : {}),
  }
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
}

function makeAsset(path: string, body: Buffer, encoded: Asset['encoded']): Asset {
  const type = contentTypes[extname(path)] ?? 'application/octet-stream'
  return { type, cacheControl: cacheControlFor(path), etag: etagOf(body), body, encoded }
}

/** Reads the whole build into memory once: it is small, and every request then costs a Map lookup. */
function loadAssets(root: string): Map<string, Asset> {
  const files = listFiles(root)
  const onDisk = new Set(files)
  const assets = new Map<string, Asset>()
  for (const file of files) {
    if (file.endsWith('.br') || file.endsWith('.gz')) continue
    if (statSync(file).size > 16 * 1024 * 1024) continue
    const path = `/${relative(root, file).split(sep).join('/')}`
    const body = readFileSync(file)
    assets.set(path, makeAsset(path, body, encodingsFor(file, body, onDisk)))
  }
  return assets
}

/**
 * The encoding to send: brotli, then gzip, when the client accepts it with a non-zero q-value.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-12.5.3
 */
export function pickEncoding(
  acceptEncoding: string | undefined,
  available: readonly Encoding[],
): Encoding | undefined {
  if (acceptEncoding === undefined || available.length === 0) return undefined
  const accepted = new Map<string, number>()
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name = '', ...params] = part.split(';').map((s) => s.trim())
    const q = params.find((p) => p.startsWith('q='))
    accepted.set(name, q === undefined ? 1 : Number(q.slice(2)) || 0)
  }
  const wildcard = accepted.get('*') ?? 0
  return (['br', 'gzip'] as const).find(
    (encoding) => available.includes(encoding) && (accepted.get(encoding) ?? wildcard) > 0,
  )
}

/**
 * If-None-Match uses the weak comparison: a `W/` prefix does not matter, `*` matches anything.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-13.1.2
 */
function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '')
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === etag)
}

/**
 * Serves the built app from memory: precompressed brotli and gzip (`Vary: Accept-Encoding`), a
 * year of immutable caching for hashed files, strong ETags and 304s for the rest. Unknown paths
 * without a file extension (e.g. `/callback`) get `index.html`, so client-side routes work.
 */
export function createStaticHandler(
  distDir: string,
  options: StaticOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const root = resolve(distDir)
  const assets = loadAssets(root)
  const indexVariants = new Map<string, Asset>()
  const indexFor = (req: IncomingMessage, base: Asset): Asset => {
    const variant = options.indexVariant?.(req)
    if (variant === undefined) return base
    let asset = indexVariants.get(variant.key)
    if (asset === undefined) {
      const body = Buffer.from(variant.html(base.body.toString('utf8')))
      // A page made for this run (it carries a per-run token): never stored by any cache.
      asset = {
        ...makeAsset('/index.html', body, encodingsFor('index.html', body, new Set())),
        cacheControl: 'no-store',
      }
      indexVariants.set(variant.key, asset)
    }
    return asset
  }
  return (req, res) => {
    // The raw target, not a parsed URL: WHATWG parsing would silently resolve `%2e%2e` segments.
    const [pathname = '/', search = ''] = (req.url ?? '/').split('?')
    for (const [name, value] of Object.entries(appSecurityHeadersFor(search))) res.setHeader(name, value)
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return plain(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' })
    const target = resolveInside(root, pathname)
    if (target === undefined) return plain(res, 400, 'Bad path')
    const path = `/${relative(root, target).split(sep).join('/')}`
    const found = assets.get(path) ?? assets.get(`${path === '/' ? '' : path}/index.html`)
    const fallback = extname(pathname) === '' ? assets.get('/index.html') : undefined
    const asset = found ?? fallback
    if (asset === undefined) return plain(res, 404, 'Not found')
    const isIndex = asset === assets.get('/index.html')
    send(req, res, isIndex ? indexFor(req, asset) : asset)
  }
}

function send(req: IncomingMessage, res: ServerResponse, asset: Asset): void {
  const available = Object.keys(asset.encoded) as Encoding[]
  const encoding = pickEncoding(req.headers['accept-encoding'], available)
  const etag = encoding === undefined ? asset.etag : `${asset.etag.slice(0, -1)}-${encoding}"`
  res.setHeader('Cache-Control', asset.cacheControl)
  res.setHeader('ETag', etag)
  if (available.length > 0) res.setHeader('Vary', 'Accept-Encoding')
  if (matchesIfNoneMatch(req.headers['if-none-match'], etag)) {
    res.statusCode = 304
    return void res.end()
  }
  const body = encoding === undefined ? asset.body : (asset.encoded[encoding] ?? asset.body)
  res.statusCode = 200
  res.setHeader('Content-Type', asset.type)
  res.setHeader('Content-Length', body.length)
  if (encoding !== undefined) res.setHeader('Content-Encoding', encoding)
  res.end(req.method === 'HEAD' ? undefined : body)
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
