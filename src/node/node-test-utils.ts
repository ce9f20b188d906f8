import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TestBrowser } from '../server/test-utils.ts'
import { startServer, type RunningServer, type StartOptions } from './start-server.ts'

export interface TestApp {
  readonly running: RunningServer
  readonly distDir: string
  stop(): Promise<void>
}

/** Starts the real Node server on a free port with a throw-away dist/ holding a dummy app. */
export async function startTestApp(mock?: StartOptions['mock']): Promise<TestApp> {
  const distDir = mkdtempSync(join(tmpdir(), 'grantscope-dist-'))
  writeFileSync(
    join(distDir, 'index.html'),
    '<!doctype html><title>Grantscope test app</title><p>app shell</p>',
  )
  mkdirSync(join(distDir, 'assets'))
  writeFileSync(join(distDir, 'assets', 'app.js'), 'console.log("app")')
  const running = await startServer({ port: 0, distDir, ...(mock === undefined ? {} : { mock }) })
  return {
    running,
    distDir,
    stop: async () => {
      await running.close()
      rmSync(distDir, { recursive: true, force: true })
    },
  }
}

/** The tests' browser (login, consent, device pages) over real HTTP instead of in-process. */
export function httpBrowser(app: TestApp): TestBrowser {
  return new TestBrowser(
    async (request) => ({ response: await fetch(request, { redirect: 'manual' }), trace: [] }),
    app.running.issuer,
  )
}

/** Drives login and consent as a browser would; returns the authorization response URL. */
export async function browseAuthorization(app: TestApp, authorizationUrl: URL): Promise<URL> {
  const browser = httpBrowser(app)
  await browser.open(authorizationUrl.href)
  await browser.signIn()
  await browser.allow()
  return browser.redirect
}
