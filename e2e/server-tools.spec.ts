import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, test, type Page } from '@playwright/test'

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

test('Clients: register an app, see its client_id, delete it', async ({ page }) => {
  await page.goto('./')
  await page.getByRole('button', { name: 'Clients' }).click()
  const dialog = page.getByRole('dialog', { name: 'Clients' })
  await dialog.getByLabel('Name').fill('My SPA')
  await dialog.getByRole('button', { name: 'Register' }).click()
  await expect(dialog.getByRole('status')).toContainText('Registered')
  await expect(dialog.getByText('My SPA', { exact: true })).toBeVisible()
  await dialog.getByLabel('Redirect URIs').fill('https://app.example/cb#fragment')
  await dialog.getByRole('button', { name: 'Register' }).click()
  await expect(dialog.getByRole('alert')).toContainText('invalid_redirect_uri')
  await dialog.getByRole('button', { name: /^Delete / }).click()
  await expect(dialog.getByText('My SPA', { exact: true })).toHaveCount(0)
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
