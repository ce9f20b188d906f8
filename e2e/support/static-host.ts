import { existsSync } from 'node:fs'
import { extname, join, resolve } from 'node:path'
import type { Page } from '@playwright/test'

/**
 * Serves the built app (dist/) at `origin` as a static host would — no Node server beside it, no
 * announcement of one in the page — by answering the page's requests there from the files.
 */
export async function serveDistAt(page: Page, origin: string): Promise<void> {
  const dist = resolve('dist')
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' }
  await page.route(`${origin}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname.slice(1) || 'index.html'
    const file = join(dist, path)
    if (!existsSync(file)) return route.fulfill({ status: 404, body: 'not found' })
    return route.fulfill({ path: file, contentType: types[extname(file)] ?? 'application/octet-stream' })
  })
}
