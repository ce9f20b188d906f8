import { defineConfig, devices } from '@playwright/test'
import { chromiumArgs, findChromium } from './scripts/find-chromium.ts'

/** The port `webServer` serves the built app + mock server on (see `src/node/main.ts`); E2E_PORT picks another. */
const port = Number(process.env['E2E_PORT'] ?? 4319)
const baseURL = `http://localhost:${port}`
const ci = !!process.env['CI']
const executablePath = findChromium()

export default defineConfig({
  testDir: 'e2e',
  forbidOnly: ci,
  retries: ci ? 1 : 0,
  ...(ci ? { workers: 1 } : {}),
  reporter: 'list',
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        // System Chromium when there is one (CI cannot download browsers), else Playwright's own.
        launchOptions: {
          ...(executablePath === undefined ? {} : { executablePath }),
          args: [...chromiumArgs],
        },
      },
    },
  ],
  // The real product server, compiled, as `npm start` runs it but without rebuilding: `npm test` builds first.
  webServer: {
    command: 'npm run serve',
    env: { PORT: String(port) },
    url: `${baseURL}/as/.well-known/openid-configuration`,
    reuseExistingServer: !ci,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
})
