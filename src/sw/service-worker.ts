/**
 * Grantscope's Service Worker (built to `sw.js` by vite.config.ts, which fills in the build's file
 * list and version). Install precaches every file of this build; navigations go to the network
 * first (so an update shows at once) and fall back to the cached page offline; the build's files
 * come from the cache. It never answers for, and never caches, the `npm start` server's paths.
 * A new build is a new file list and version: the new worker installs next to the old one, takes
 * over when no page uses the old one any more (no skipWaiting: a page keeps the files it started
 * with), and deletes the old cache.
 */
import {
  cacheName,
  cachePrefix,
  isServerPath,
  offlineHeaders,
  offlinePageCandidates,
} from './offline-policy.ts'

interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request
  respondWith(response: Promise<Response>): void
}
interface WorkerScope {
  readonly registration: { readonly scope: string }
  readonly clients: { claim(): Promise<void> }
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void
}

const worker = self as unknown as WorkerScope
const version = '__GRANTSCOPE_VERSION__'
const files = JSON.parse('__GRANTSCOPE_PRECACHE__') as string[]
const scope = worker.registration.scope
const precached = new Set(files.map((file) => new URL(file, scope).href))
const cache = cacheName(version)

worker.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(cache)
      .then((c) => c.addAll([...precached].map((url) => new Request(url, { cache: 'reload' })))),
  )
})

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith(cachePrefix) && k !== cache).map((k) => caches.delete(k)),
        ),
      )
      .then(() => worker.clients.claim()),
  )
})

async function offlinePage(url: URL): Promise<Response> {
  for (const candidate of offlinePageCandidates(url, scope)) {
    if (!precached.has(candidate)) continue
    const hit = await caches.match(candidate, { cacheName: cache })
    if (hit)
      return new Response(hit.body, {
        status: 200,
        statusText: 'OK',
        headers: offlineHeaders(hit.headers, url),
      })
  }
  return Response.error()
}

worker.addEventListener('fetch', (event) => {
  const { request } = event
  const url = new URL(request.url)
  if (request.method !== 'GET' || !url.href.startsWith(scope) || isServerPath(url.pathname)) return
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(() => offlinePage(url)))
    return
  }
  const key = url.origin + url.pathname
  if (!precached.has(key)) return
  event.respondWith(caches.match(key, { cacheName: cache }).then((hit) => hit ?? fetch(request)))
})
