import { expect, test, type Page } from '@playwright/test'
import { appOrigin, thirdParty } from './support/third-party.ts'

// "Use your provider" against oidc-provider (started by playwright.config.ts), as a developer would
// point Grantscope at their own Keycloak or Auth0: real discovery, a real popup, real failures.

// Each test signs in at a real provider in a popup: more than the default 30 s on a busy machine.
test.describe.configure({ timeout: 60_000 })

const heading = (page: Page) => page.getByTestId('current-step').getByRole('heading', { level: 2 })
const next = (page: Page) => page.getByRole('button', { name: 'Next', exact: true }).click()
const diagnosis = (page: Page) => page.getByRole('alert').filter({ hasText: 'Diagnosis' })

interface Setup {
  issuer?: string
  clientId: string
  auth?: 'none' | 'client_secret_basic' | 'client_secret_post'
  secret?: string
  scope?: string
  prompt?: string
  relay?: boolean
  tab?: boolean
}

async function setUp(page: Page, setup: Setup) {
  await page.goto('./?provider')
  await expect(page.getByRole('heading', { name: 'Use your provider' })).toBeVisible()
  await page.getByLabel('Issuer URL').fill(setup.issuer ?? thirdParty.issuer)
  await page.getByLabel('Client ID').fill(setup.clientId)
  if (setup.auth !== undefined) await page.getByLabel('Client authentication').selectOption(setup.auth)
  if (setup.secret !== undefined) await page.getByLabel('Client secret', { exact: true }).fill(setup.secret)
  await page.getByLabel('Scopes').fill(setup.scope ?? 'openid profile email offline_access')
  if (setup.prompt !== undefined) {
    await page.getByText('Extra authorization parameters').click()
    await page.getByLabel('prompt', { exact: true }).fill(setup.prompt)
  }
  if (setup.relay) await page.getByLabel('Through the relay of npm start').check()
  if (setup.tab) await page.getByLabel('In this tab (full-page redirect)').check()
}

/** Start, then Next until the browser goes to the provider; returns the sign-in popup. */
async function startAndOpenPopup(page: Page) {
  await page.getByRole('button', { name: 'Start' }).click()
  await expect(heading(page)).toHaveText('The client reads your provider’s configuration')
  await next(page)
  await expect(heading(page)).toHaveText('The client sends you to your provider')
  const popup = page.waitForEvent('popup')
  await next(page)
  return popup
}

/** The provider's own development login: any name and password, then consent. */
async function signInAtProvider(page: Page) {
  await page.getByPlaceholder('Enter any login').fill(thirdParty.user)
  await page.getByPlaceholder('and password').fill('any password')
  await page.getByRole('button', { name: 'Sign-in' }).click()
  await page.getByRole('button', { name: 'Continue' }).click()
}

/** Presses Next (when it can be pressed) until the step titled `title` shows. */
async function nextUntil(page: Page, title: string) {
  const button = page.getByRole('button', { name: 'Next', exact: true })
  for (let i = 0; i < 60; i++) {
    if ((await heading(page).textContent()) === title) return
    if ((await button.getAttribute('aria-disabled')) !== 'true') await button.click()
    await page.waitForTimeout(100)
  }
  await expect(heading(page)).toHaveText(title)
}

test('discovery: the third-party provider’s metadata, explained and checked for this client', async ({
  page,
}) => {
  await setUp(page, { clientId: thirdParty.publicClient })
  await page.getByRole('button', { name: 'Discover' }).click()
  const checks = page.getByRole('list', { name: 'Metadata checks' })
  await expect(checks).toContainText(`issuer is exactly ${thirdParty.issuer}`)
  await expect(checks).toContainText('PKCE with S256 is supported')
  await expect(checks).toContainText('Authorization responses carry iss (RFC 9207)')
  await expect(checks).toContainText('http: on a loopback host')
  await expect(checks).toContainText('none is supported for a public client')
  await page.getByText(/Provider metadata \(\d+ fields\)/).click()
  await expect(page.getByRole('table', { name: 'Provider metadata' })).toContainText(
    'How clients may authenticate at the token endpoint',
  )
  // The redirect URI to register, exactly.
  await expect(page.getByText(`${appOrigin}/callback`, { exact: true })).toBeVisible()
})

test('authorization code + PKCE as a public client: popup, ID token verified, UserInfo, refresh, revocation', async ({
  page,
}) => {
  await setUp(page, { clientId: thirdParty.publicClient, prompt: 'consent' })
  const popup = await startAndOpenPopup(page)
  const values = page.getByRole('region', { name: 'Values the client generated' })
  await expect(values).toContainText(`${thirdParty.issuer}/auth?response_type=code&client_id=grantscope-spa`)
  await expect(values).toContainText('code_challenge_method=S256')
  await signInAtProvider(popup)
  await popup.waitForEvent('close')
  await expect(heading(page)).toHaveText('You sign in at your provider')

  await next(page)
  await expect(heading(page)).toHaveText('Your provider sends the browser back with the response')
  const clientChecks = page.getByRole('list', { name: 'Client checks' })
  await expect(clientChecks).toContainText('state matches')
  await expect(clientChecks).toContainText(`iss is ${thirdParty.issuer}`)

  await next(page)
  await expect(heading(page)).toHaveText('The client redeems the code at your provider')
  await expect(page.getByRole('table').filter({ hasText: 'Form parameters' })).toContainText('code_verifier')

  await next(page)
  await expect(heading(page)).toHaveText('The client verifies the ID token against your provider’s keys')
  for (const check of [
    'Signature valid: RS256 with key "e2e-rs256"',
    'aud contains this client',
    'nonce equals',
  ])
    await expect(clientChecks).toContainText(check)

  await nextUntil(page, 'The client refreshes the access token')
  await expect(clientChecks).toContainText('A refresh token arrived')
  await nextUntil(page, 'The client revokes its refresh token')
  await expect(clientChecks).toContainText('the provider revoked the refresh token')

  const summary = page.getByRole('region', { name: 'Summary' })
  await expect(summary).toContainText('Ada Lovelace')
  await expect(summary).toContainText(thirdParty.user)
  await expect(summary.getByText('✔ verified')).toHaveCount(2)
  await expect(page.getByRole('alert')).toHaveCount(0)
})

test('a confidential client: the browser is refused (CORS), the relay redeems the code with a form-encoded secret', async ({
  page,
}) => {
  await setUp(page, {
    clientId: thirdParty.confidentialClient,
    auth: 'client_secret_basic',
    secret: thirdParty.confidentialSecret,
  })
  await signInAtProvider(await startAndOpenPopup(page))
  await nextUntil(page, 'The client redeems the code at your provider')
  await expect(diagnosis(page)).toContainText('The provider does not allow this page to call it (CORS)')
  await expect(diagnosis(page)).toContainText(`This page’s origin is ${appOrigin}`)
  await expect(page.getByText(/failed to fetch/i)).toHaveCount(0)

  await page.getByRole('button', { name: 'Use the relay of npm start and run again' }).click()
  await expect(page.getByLabel('Through the relay of npm start')).toBeChecked()
  await expect(heading(page)).toHaveText('The client reads your provider’s configuration')
  await next(page)
  const popup = page.waitForEvent('popup')
  await next(page)
  // The provider remembers the sign-in; it may still ask for consent.
  const again = await popup
  await again
    .getByRole('button', { name: 'Continue' })
    .click({ timeout: 3000 })
    .catch(() => undefined)
  await nextUntil(page, 'The client redeems the code at your provider')
  await expect(page.getByRole('note')).toContainText('Relayed by npm start')
  // RFC 6749 Appendix B: form-encoded, then Base64 — and the provider accepted it.
  const inspector = page.getByRole('region', { name: 'Inspector' })
  await expect(inspector.getByText(thirdParty.confidentialSecret, { exact: true })).toBeVisible()
  await expect(inspector).toContainText(
    encodeURIComponent(thirdParty.confidentialSecret).replace(/%20/g, '+'),
  )
  await expect(page.getByRole('list', { name: 'Client checks' })).toContainText('An access token arrived')
  await page.getByRole('tab', { name: 'Raw' }).click()
  await expect(page.getByLabel('Raw request')).toContainText('user-agent: Grantscope relay (npm start)')
  await expect(page.getByLabel('Raw request')).not.toContainText('origin:')
})

test('diagnosis: a wrong secret', async ({ page }) => {
  await setUp(page, {
    clientId: thirdParty.confidentialClient,
    auth: 'client_secret_basic',
    secret: 'not-the-secret',
    relay: true,
  })
  await signInAtProvider(await startAndOpenPopup(page))
  await nextUntil(page, 'The client redeems the code at your provider')
  await expect(diagnosis(page)).toContainText('The client secret is wrong')
  await expect(diagnosis(page)).toContainText('error=invalid_client')
})

test('diagnosis: a redirect URI the provider does not have — its error page stays in the popup', async ({
  page,
}) => {
  await setUp(page, { clientId: thirdParty.misconfiguredClient })
  const popup = await startAndOpenPopup(page)
  await expect(popup.getByText('redirect_uri did not match')).toBeVisible()
  await page.getByRole('button', { name: 'The sign-in window shows an error' }).click()
  await expect(diagnosis(page)).toContainText('The provider showed an error page instead of redirecting back')
  await expect(diagnosis(page)).toContainText(`must contain exactly ${appOrigin}/callback`)
})

test('diagnosis: a wrong issuer (a trailing slash)', async ({ page }) => {
  await setUp(page, { issuer: `${thirdParty.issuer}/`, clientId: thirdParty.publicClient })
  await page.getByRole('button', { name: 'Discover' }).click()
  await expect(page.getByRole('list', { name: 'Metadata checks' })).toContainText(
    'differs by a trailing slash',
  )
  await page.getByRole('button', { name: 'Start' }).click()
  await expect(diagnosis(page)).toContainText('The issuer does not match')
  await expect(diagnosis(page)).toContainText('issuer-matches')
})

test('diagnosis: a missing scope (no openid, so UserInfo refuses the token)', async ({ page }) => {
  await setUp(page, { clientId: thirdParty.publicClient, scope: 'profile' })
  await signInAtProvider(await startAndOpenPopup(page))
  await nextUntil(page, 'The client calls an API with the access token')
  await expect(diagnosis(page)).toContainText('The access token lacks a scope this call needs')
  await expect(diagnosis(page)).toContainText('insufficient_scope')
})

test('popups blocked: the tab goes to the provider and the run continues when it comes back', async ({
  page,
}) => {
  await page.addInitScript(() => {
    window.open = () => null
  })
  await setUp(page, { clientId: thirdParty.publicClient })
  await page.getByRole('button', { name: 'Start' }).click()
  await expect(heading(page)).toHaveText('The client reads your provider’s configuration')
  await next(page)
  await next(page)
  await page.waitForURL(/\/idp\//)
  await signInAtProvider(page)
  await page.waitForURL(`${appOrigin}/?provider`)
  await expect(heading(page)).toHaveText('You sign in at your provider')
  await next(page)
  await expect(page.getByRole('list', { name: 'Client checks' })).toContainText('state matches')
  await nextUntil(page, 'The client verifies the ID token against your provider’s keys')
  await expect(page.getByRole('list', { name: 'Client checks' })).toContainText('Signature valid')
  // The parked run (state, nonce, verifier) left storage once it was taken.
  expect(await page.evaluate(() => sessionStorage.getItem('grantscope.provider.parked-run'))).toBeNull()
})

test('a full-page redirect without the secret kept: the run asks for it again, then redeems the code through the relay', async ({
  page,
}) => {
  await setUp(page, {
    clientId: thirdParty.confidentialClient,
    auth: 'client_secret_basic',
    secret: thirdParty.confidentialSecret,
    relay: true,
    tab: true,
  })
  await page.getByRole('button', { name: 'Start' }).click()
  await expect(heading(page)).toHaveText('The client reads your provider’s configuration')
  await next(page)
  await next(page)
  await page.waitForURL(/\/idp\//)
  await signInAtProvider(page)
  await page.waitForURL(/\?provider/)
  const resume = page.getByRole('region', { name: 'Continue the run' })
  await expect(resume).toContainText('enter it again')
  expect(await storage(page)).not.toContain('s3cret')
  await resume.getByLabel('Client secret').fill(thirdParty.confidentialSecret)
  await resume.getByRole('button', { name: 'Continue' }).click()
  await expect(heading(page)).toHaveText('You sign in at your provider')
  await nextUntil(page, 'The client redeems the code at your provider')
  await expect(page.getByRole('list', { name: 'Client checks' })).toContainText('An access token arrived')
  await expect(page.getByRole('note')).toContainText('Relayed by npm start')
})

test('the secret never reaches a URL, the share link or storage', async ({ page }) => {
  await setUp(page, {
    clientId: thirdParty.confidentialClient,
    auth: 'client_secret_basic',
    secret: thirdParty.confidentialSecret,
    relay: true,
  })
  const share = await page.getByLabel('Share link').inputValue()
  expect(share).toContain('client_id=grantscope-web')
  for (const text of [share, page.url(), await storage(page)]) {
    expect(text).not.toContain('p@ss')
    expect(text).not.toContain(encodeURIComponent(thirdParty.confidentialSecret))
  }
  // The share link opens the same setup, asking only for the secret.
  await page.goto(share)
  await expect(page.getByLabel('Client ID')).toHaveValue(thirdParty.confidentialClient)
  await expect(page.getByLabel('Client secret', { exact: true })).toHaveValue('')
})

async function storage(page: Page): Promise<string> {
  return page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }))
}

test('the callback page shows what arrived when no run waits for it', async ({ page }) => {
  await page.goto('./callback?code=abc123&state=xyz&iss=' + encodeURIComponent(`${appOrigin}/as`))
  await expect(page.getByRole('heading', { name: 'What arrived at the redirect URI' })).toBeVisible()
  const params = page.getByRole('region', { name: 'Response parameters' })
  await expect(params).toContainText('abc123')
  await expect(params).toContainText('The authorization code')
  await expect(page.getByText('-d code=abc123')).toBeVisible()
  await expect(page.getByText(`-u web-app:web-app-secret ${appOrigin}/as/token`)).toBeVisible()
  await expect(page).toHaveURL(`${appOrigin}/callback`)

  await page.goto(
    './callback?error=access_denied&error_description=' + encodeURIComponent('<b>no</b> thanks'),
  )
  await expect(page.getByRole('alert')).toContainText('Access was denied')
  await expect(page.getByText('<b>no</b> thanks')).toBeVisible()
})

test('the local server preset runs against npm start’s own server', async ({ page }) => {
  await page.goto('./?provider')
  await page.getByLabel('Provider preset').selectOption('grantscope')
  const popup = await startAndOpenPopup(page)
  await popup.getByLabel('Username').fill('alice')
  await popup.getByLabel('Password').fill('wonderland')
  await popup.getByRole('button', { name: 'Sign in' }).click()
  await popup.getByRole('button', { name: 'Allow' }).click()
  await popup.waitForEvent('close')
  await nextUntil(page, 'The client verifies the ID token against your provider’s keys')
  await expect(page.getByRole('list', { name: 'Client checks' })).toContainText('Signature valid')
})
