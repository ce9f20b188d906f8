import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import type { RunningServer } from './bench-server.ts'

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
}

/**
 * A minimal static server for `dist/` on a random 127.0.0.1 port, used by the step-latency bench
 * only when the product's own Node server (`src/node/main.ts`) cannot be started. The static build
 * runs the mock server in the page, so the steps measured are the same.
 */
export async function startStaticServer(distDir: string): Promise<RunningServer> {
  const root = normalize(distDir + sep)
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname)
    const file = normalize(join(root, pathname))
    const target = !file.startsWith(root) || file === root ? join(root, 'index.html') : file
    readFile(target)
      .catch(() => readFile(join(root, 'index.html')))
      .then(
        (body) => {
          const type = contentTypes[extname(target)] ?? 'text/html; charset=utf-8'
          response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body)
        },
        () => response.writeHead(404).end(),
      )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
