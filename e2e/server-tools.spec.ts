import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, test, type Page } from '@playwright/test'
import { expectNoAxeViolations } from './axe.ts'
import { serveDistAt } from './support/static-host.ts'

const next = (page: Page) => page.getByRole('button', { name: 'Next', exact: true }).click()

test('Server settings: an opaque access token, and the trace names the setting that decided', async ({
  page,
}) => {
  await page.goto('./?flow=client-credentials')
  await page.getByRole('button', { name: 'Server settings' }).click()
  const dialog = page.getByRole('dialog', { name: 'Server settings' })
  await dialog.getByRole('combobox', { name: 'Access token format' }).selectOption('opaque')
  await expect(dialog.getByText('changed — default JWT (RFC 9068)')).toBeVisible()
  await expect(dialog.getByText('1 changed.')).toBeVisible()
  await dialog.getByRole('button', { name: 'Close' }).click()
  const heading = page.getByTestId('current-step').getByRole('heading', { level: 2 })
  await next(page)
  await next(page)
  await expect(heading).toHaveText('The job asks for a token for itself')
  await next(page)
  await expect(heading).toHaveText('The job reads the public movie catalogue')
  await page.getByRole('tab', { name: /Server reasoning/ }).click()
  await expect(page.getByRole('list', { name: 'Server decisions' })).toContainText(
    'Valid opaque access token: this server issued it',
  )
  await page.getByRole('button', { name: 'Back', exact: true }).click()
  await expect(page.getByRole('list', { name: 'Server decisions' })).toContainText(
    'policy accessTokenFormat=opaque, accessTokenTtlSeconds=3600: Issued an opaque access token',
  )
})

test('Server settings: the Node server is one click away, and a change there reaches your own app, not the page', async ({
  page,
  request,
  baseURL,
}) => {
  const appToken = async () => {
    const response = await request.post(`${baseURL}/as/token`, {
      headers: { Authorization: `Basic ${btoa('service:service-secret')}` },
      form: { grant_type: 'client_credentials' },
    })
    return String(((await response.json()) as Record<string, unknown>)['access_token'])
  }
  await page.goto('./?flow=client-credentials')
  await page.getByRole('button', { name: 'Server settings' }).click()
  const dialog = page.getByRole('dialog', { name: 'Server settings' })
  const choice = dialog.getByRole('group', { name: 'Settings of' })
  await expect(choice.getByRole('radio', { name: 'The server in this page' })).toBeChecked()
  await choice.getByRole('radio', { name: /Node server \(npm start\)/ }).check()
  await expect(dialog.getByText(/^Settings of the Node server/)).toBeVisible()
  try {
    await dialog.getByRole('combobox', { name: 'Access token format' }).selectOption('opaque')
    await expect(dialog.getByText('1 changed.')).toBeVisible()
    // An app's token from the Node server is now opaque…
    expect(await appToken()).toMatch(/^[A-Za-z0-9_-]{43}$/)
    // …while the page's own server, which its flows use, still issues JWTs.
    await choice.getByRole('radio', { name: 'The server in this page' }).check()
    await expect(dialog.getByText('All at their defaults.', { exact: false })).toBeVisible()
    await dialog.getByRole('button', { name: 'Close' }).click()
    await next(page)
    await next(page)
    await next(page)
    await page.getByRole('tab', { name: /Server reasoning/ }).click()
    await page.getByRole('button', { name: 'Back', exact: true }).click()
    await expect(page.getByRole('list', { name: 'Server decisions' })).toContainText(
      'policy accessTokenFormat=jwt, accessTokenTtlSeconds=3600: Signed a JWT access token',
    )
  } finally {
    // The Node server is shared by every test: put it back.
    await page.getByRole('button', { name: 'Server settings' }).click()
    await choice.getByRole('radio', { name: /Node server \(npm start\)/ }).check()
    await expect(dialog.getByText(/^Settings of the Node server/)).toBeVisible()
    const reset = dialog.getByRole('button', { name: 'Reset to defaults' })
    if (await reset.isEnabled()) await reset.click()
    await expect(dialog.getByText('All at their defaults.', { exact: false })).toBeVisible()
  }
  expect((await appToken()).split('.')).toHaveLength(3)
})

test('Clients: register an app with the Node server, see its client_id, delete it', async ({ page }) => {
  // Unique: the Node server is shared with the other tests, and may be reused between runs.
  const name = `My SPA ${Date.now().toString(36)}`
  await page.goto('./')
  await page.getByRole('button', { name: 'Clients' }).click()
  const dialog = page.getByRole('dialog', { name: 'Clients' })
  await expect(dialog.getByRole('radio', { name: /Node server \(npm start\)/ })).toBeChecked()
  await dialog.getByLabel('Name').fill(name)
  await dialog.getByRole('button', { name: 'Register' }).click()
  await expect(dialog.getByRole('status')).toContainText('with the Node server (npm start)')
  const clientId = (await dialog.getByRole('status').locator('code').first().textContent())!
  await expect(dialog.getByText(name, { exact: true })).toBeVisible()
  await dialog.getByLabel('Redirect URIs').fill('https://app.example/cb#fragment')
  await dialog.getByRole('button', { name: 'Register' }).click()
  await expect(dialog.getByRole('alert')).toContainText('invalid_redirect_uri')
  await dialog.getByRole('button', { name: `Delete ${clientId}` }).click()
  await expect(dialog.getByText(name, { exact: true })).toHaveCount(0)
})

test('Clients: the server in this page is one click away, and the Node server never sees its clients', async ({
  page,
  request,
}) => {
  const name = `Page-only app ${Date.now().toString(36)}`
  await page.goto('./')
  await page.getByRole('button', { name: 'Clients' }).click()
  const dialog = page.getByRole('dialog', { name: 'Clients' })
  const inPage = dialog.getByRole('radio', { name: /The server in this page/ })
  await inPage.check()
  await expect(inPage).toBeFocused()
  await expect(
    dialog.getByRole('heading', { name: 'Clients of the server running in this page' }),
  ).toBeVisible()
  await dialog.getByLabel('Name').fill(name)
  await dialog.getByRole('button', { name: 'Register' }).click()
  await expect(dialog.getByRole('status')).toContainText('with the server in this page')
  await expect(dialog.getByText(name, { exact: true })).toBeVisible()
  await expectNoAxeViolations(page, 'the Clients dialog with both servers to choose from')
  const onNode = (await (await request.get('admin/clients')).json()) as {
    clients: { client_name?: string }[]
  }
  expect(onNode.clients.map((c) => c.client_name)).not.toContain(name)
  // Back to the Node server: its list, without the page's client.
  await dialog.getByRole('radio', { name: /Node server \(npm start\)/ }).check()
  await expect(dialog.getByRole('heading', { name: /^Clients of the Node server at / })).toBeVisible()
  await expect(dialog.getByText(name, { exact: true })).toHaveCount(0)
})

test('Clients from a static host: the server in this page, and the page says why', async ({ page }) => {
  await serveDistAt(page, 'https://static.example')
  await page.goto('https://static.example/')
  await page.getByRole('button', { name: 'Clients' }).click()
  const dialog = page.getByRole('dialog', { name: 'Clients' })
  await expect(dialog.getByTestId('clients-server')).toContainText(
    'Registers with the server in this page at https://static.example/as.',
  )
  await expect(dialog.getByTestId('clients-server')).toContainText('This page was not served by npm start')
  await expect(dialog.getByRole('radio', { name: /Node server/ })).toHaveCount(0)
  await dialog.getByLabel('Name').fill('Static app')
  await dialog.getByRole('button', { name: 'Register' }).click()
  await expect(dialog.getByRole('status')).toContainText('with the server in this page')
})

test.describe('a developer’s app on another port', () => {
  let app: Server
  let appOrigin: string
  test.beforeAll(async () => {
    app = createServer((req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8')
      res.end(`<!doctype html><title>My app</title><p>My app got ${req.url ?? ''}</p>`)
    })
    await new Promise<void>((ready) => app.listen(0, '127.0.0.1', ready))
    appOrigin = `http://127.0.0.1:${(app.address() as AddressInfo).port}`
  })
  test.afterAll(() => new Promise<void>((done) => app.close(() => done())))

  test('registers, signs in, and Chromium follows Allow to its origin (form-action)', async ({
    page,
    baseURL,
  }) => {
    const registration = await page.request.post(`${baseURL}/as/register`, {
      data: {
        client_name: 'My app',
        redirect_uris: [`${appOrigin}/callback`],
        token_endpoint_auth_method: 'none',
      },
    })
    expect(registration.status()).toBe(201)
    const { client_id } = (await registration.json()) as { client_id: string }
    const authorize = new URL(`${baseURL}/as/authorize`)
    authorize.search = new URLSearchParams({
      client_id,
      response_type: 'code',
      redirect_uri: `${appOrigin}/callback`,
      scope: 'openid profile',
      state: 'st',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    }).toString()
    await page.goto(authorize.href)
    await page.getByLabel('Username').fill('alice')
    await page.getByLabel('Password').fill('wonderland')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page.getByText('My app wants to access your account')).toBeVisible()
    await page.getByRole('button', { name: 'Allow' }).click()
    await expect(page).toHaveURL(new RegExp(`^${appOrigin}/callback\\?code=`))
    await expect(page.getByText('My app got /callback?code=')).toBeVisible()
  })
})
