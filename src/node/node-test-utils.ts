import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer, type RunningServer } from './start-server.ts'

export interface TestApp {
  readonly running: RunningServer
  readonly distDir: string
  stop(): Promise<void>
}

/** Starts the real Node server on a free port with a throw-away dist/ holding a dummy app. */
export async function startTestApp(): Promise<TestApp> {
  const distDir = mkdtempSync(join(tmpdir(), 'grantscope-dist-'))
  writeFileSync(
    join(distDir, 'index.html'),
    '<!doctype html><title>Grantscope test app</title><p>app shell</p>',
  )
  mkdirSync(join(distDir, 'assets'))
  writeFileSync(join(distDir, 'assets', 'app.js'), 'console.log("app")')
  const running = await startServer({ port: 0, distDir })
  return {
    running,
    distDir,
    stop: async () => {
      await running.close()
      rmSync(distDir, { recursive: true, force: true })
    },
  }
}

/** Drives login and consent with plain fetch and a cookie, as a browser would; returns the callback URL. */
export async function browseAuthorization(
  authorizationUrl: URL,
  username = 'alice',
  password = 'wonderland',
): Promise<URL> {
  const page = await fetch(authorizationUrl, { redirect: 'manual' })
  const html = await page.text()
  if (page.status !== 200) throw new Error(`authorize: ${page.status} ${html.slice(0, 300)}`)
  const interaction = /name="interaction" value="([^"]+)"/.exec(html)?.[1] ?? ''
  const base = `${authorizationUrl.origin}/as`
  const form = { 'content-type': 'application/x-www-form-urlencoded' }
  const login = await fetch(`${base}/login`, {
    method: 'POST',
    headers: form,
    body: new URLSearchParams({ interaction, username, password }),
    redirect: 'manual',
  })
  const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] ?? ''
  await login.text()
  const consent = await fetch(`${base}/consent`, {
    method: 'POST',
    headers: { ...form, cookie },
    body: new URLSearchParams({ interaction, decision: 'allow' }),
    redirect: 'manual',
  })
  const location = consent.headers.get('location')
  if (consent.status !== 302 || location === null)
    throw new Error(`consent: ${consent.status} ${await consent.text()}`)
  return new URL(location)
}
