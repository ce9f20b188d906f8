import { expect, test, type Locator, type Page } from '@playwright/test'
import { startDeveloperApp, type DeveloperApp } from './support/developer-app.ts'

/**
 * Issue 6's "done when": a developer's SPA on another port registers, signs in and appears in the
 * live Server console with the server's reasoning — done as the developer would, in one browser:
 * the playground with its console in one tab, their own app in another.
 */

/** Signs in as the demo user and allows, on the bundled server's own pages. */
async function signInAndAllow(page: Page, appName: string) {
  await page.getByLabel('Username').fill('alice')
  await page.getByLabel('Password').fill('wonderland')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByText(`${appName} wants to access your account`)).toBeVisible()
  await page.getByRole('button', { name: 'Allow' }).click()
}

async function openConsole(page: Page) {
  await page.getByRole('button', { name: 'Server console' }).click()
  const panel = page.getByRole('region', { name: 'Server console' })
  await expect(panel.getByRole('status')).toHaveText(/^Live/)
  return panel
}

/** The request header that says the browser sent it cross-origin, from the app's page. */
const sentFrom = (origin: string) => new RegExp(`origin:\\s*${origin.replace(/[.]/g, '\\.')}`)

/**
 * Selects the console's exchange whose row matches `row` and whose detail contains `mark` (another
 * test may talk to the same server meanwhile), and returns the detail.
 */
async function showExchange(panel: Locator, row: RegExp, mark: string): Promise<Locator> {
  const detail = panel.getByRole('article', { name: 'Selected exchange' })
  await expect(async () => {
    const rows = panel.getByRole('button', { name: row })
    for (let i = 0, n = await rows.count(); i < n; i++) {
      await rows.nth(i).click()
      if ((await detail.textContent())?.includes(mark)) return
    }
    throw new Error(`No exchange ${String(row)} with ${mark} in the console`)
  }).toPass({ timeout: 10_000 })
  return detail
}

test.describe('a developer’s SPA on another port, against the Node server', () => {
  let app: DeveloperApp
  // Unique per run: the Node server may be reused between runs, and the name is what we look for.
  const appName = `Movie Night ${Date.now().toString(36)}`
  test.beforeAll(async ({ baseURL }) => {
    app = await startDeveloperApp(`${baseURL}/as`, appName)
  })
  test.afterAll(() => app.close())

  test('registers itself, signs in with PKCE, and the Server console shows each request with the server’s reasoning', async ({
    page,
    context,
  }) => {
    await page.goto('./')
    const panel = await openConsole(page)
    await panel.getByRole('button', { name: 'Clear' }).click()

    // The developer's app, in another tab: every call it makes is cross-origin (CORS).
    const spa = await context.newPage()
    await spa.goto(`${app.origin}/`)
    await expect(spa.getByRole('status')).toHaveText(/^Registered as \S+$/)
    const clientId = (await spa.getByRole('status').textContent())!.replace('Registered as ', '')
    await spa.getByRole('button', { name: 'Sign in with Grantscope' }).click()
    await signInAndAllow(spa, appName)
    await expect(spa).toHaveURL(new RegExp(`^${app.origin}/callback\\?code=`))
    await expect(spa.getByRole('status')).toHaveText('Signed in as Alice Liddell (alice-1865)')

    // Back in the playground, the console shows what the app sent and why the server agreed.
    await page.bringToFront()
    const registration = await showExchange(panel, /POST \/as\/register 201/, appName)
    const registered = registration.getByRole('list', { name: 'Server decisions' })
    await expect(registered).toContainText(
      '1 redirect URI, each absolute, without a fragment, https or loopback: matched exactly at the authorization endpoint',
    )
    await expect(registered).toContainText(`Registered ${clientId} (${appName}), a public client`)
    await expect(registration).toContainText(sentFrom(app.origin))

    const authorize = await showExchange(
      panel,
      new RegExp(`GET /as/authorize\\?.*client_id=${clientId}.* 200`),
      'Server reasoning',
    )
    await expect(authorize.getByRole('list', { name: 'Server decisions' })).toContainText(
      `redirect_uri exactly matches a registered URI (${app.origin}/callback)`,
    )

    const token = await showExchange(panel, /POST \/as\/token 200/, `client_id=${clientId}`)
    const decisions = token.getByRole('list', { name: 'Server decisions' })
    await expect(decisions).toContainText(
      'BASE64URL(SHA256(code_verifier)) equals the code_challenge: the caller is the app that started the flow',
    )
    await expect(token).toContainText(sentFrom(app.origin))
    await expect(token).toContainText('Decoded tokens')
    await expect(token).toContainText('"sub": "alice-1865"')
  })

  test('registered in the playground’s Clients dialog, it signs in at the Node server', async ({
    page,
    context,
    baseURL,
  }) => {
    await page.goto('./')
    // The playground's own flows run in the page, as they do by default …
    await expect(page.getByRole('radio', { name: 'In this page' })).toBeChecked()
    await page.getByRole('button', { name: 'Clients' }).click()
    const dialog = page.getByRole('dialog', { name: 'Clients' })
    // … yet the Clients dialog registers with the Node server, where the app will sign in.
    await expect(dialog.getByRole('radio', { name: /Node server \(npm start\)/ })).toBeChecked()
    const name = `${appName} (from the Clients dialog)`
    await dialog.getByLabel('Name').fill(name)
    await dialog.getByLabel('Redirect URIs').fill(`${app.origin}/callback`)
    await dialog.getByRole('button', { name: 'Register' }).click()
    const registered = dialog.getByRole('status')
    await expect(registered).toContainText(`with the Node server (npm start) at ${baseURL}/as`)
    const clientId = (await registered.locator('code').first().textContent())!
    const list = dialog.getByRole('region', { name: /^Clients of the Node server at / })
    await expect(list.getByText(name, { exact: true })).toBeVisible()

    // The developer pastes the client_id into their app's configuration.
    const spa = await context.newPage()
    await spa.goto(`${app.origin}/?client_id=${encodeURIComponent(clientId)}`)
    await expect(spa.getByRole('status')).toHaveText(`Registered as ${clientId}`)
    await spa.getByRole('button', { name: 'Sign in with Grantscope' }).click()
    await signInAndAllow(spa, name)
    await expect(spa.getByRole('status')).toHaveText('Signed in as Alice Liddell (alice-1865)')
  })
})
