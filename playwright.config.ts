import { defineConfig, devices } from '@playwright/test'
import { appOrigin, appPort, oidcPort, thirdParty } from './e2e/support/third-party.ts'
import { chromiumArgs, findChromium } from './scripts/find-chromium.ts'

/** The port `webServer` serves the built app + mock server on (see `src/node/main.ts`); E2E_PORT picks another. */
const port = appPort
const baseURL = appOrigin
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
    // The app's offline Service Worker would answer requests that page.route() then never sees;
    // tests that are about it (e2e/offline.spec.ts) allow it.
    serviceWorkers: 'block',
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
  webServer: [
    // The real product server, compiled, as `npm start` runs it but without rebuilding: `npm test` builds first.
    {
      command: 'npm run serve',
      env: { PORT: String(port) },
      url: `${baseURL}/as/.well-known/openid-configuration`,
      reuseExistingServer: !ci,
      timeout: 60_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
    // A third-party OpenID provider (oidc-provider), for "Use your provider" (e2e/provider.spec.ts).
    {
      command: 'npx tsx e2e/support/oidc-provider-server.ts',
      env: { E2E_PORT: String(port), E2E_OIDC_PORT: String(oidcPort) },
      url: `${thirdParty.issuer}/.well-known/openid-configuration`,
      reuseExistingServer: !ci,
      timeout: 60_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
  ],
})
