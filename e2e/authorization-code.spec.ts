import { expect, test, type Page } from '@playwright/test'

const next = (page: Page) => page.getByRole('button', { name: 'Next', exact: true }).click()
const stepHeading = (page: Page) => page.getByTestId('current-step').getByRole('heading', { level: 2 })
const browserFrame = (page: Page) => page.frameLocator('iframe[title="Simulated browser"]')

async function signIn(page: Page, username = 'alice', password = 'wonderland') {
  const frame = browserFrame(page)
  await frame.getByLabel('Username').fill(username)
  await frame.getByLabel('Password').fill(password)
  await frame.getByRole('button', { name: 'Sign in' }).click()
}

async function toLoginPage(page: Page) {
  await next(page)
  await expect(stepHeading(page)).toHaveText('The client reads the server’s configuration')
  await next(page)
  await expect(stepHeading(page)).toHaveText('The client sends the user to the authorization server')
  await next(page)
  await expect(stepHeading(page)).toHaveText('The browser asks the authorization server')
}

test('PKCE: a learner steps through the whole flow, signing in on the server’s own page', async ({
  page,
}) => {
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  await page.goto('./?flow=authorization-code&variant=pkce')
  await expect(stepHeading(page)).toHaveText('Authorization Code — With PKCE (public client)')
  for (const lane of ['User + browser', 'Client', 'Authorization server', 'Resource server'])
    await expect(
      page.getByRole('figure', { name: 'Sequence diagram' }).getByText(lane, { exact: true }),
    ).toBeVisible()

  await next(page)
  await expect(stepHeading(page)).toHaveText('The client reads the server’s configuration')
  await page.getByRole('tab', { name: /Server reasoning/ }).click()
  await expect(page.getByRole('list', { name: 'Server decisions' })).toBeVisible()
  await page.getByRole('tab', { name: 'HTTP' }).click()

  await next(page)
  await expect(page.getByRole('region', { name: 'Values the client generated' })).toContainText(
    'code_challenge',
  )
  await expect(page).toHaveURL(/step=2/)
  await expect(page).toHaveTitle(
    '2. The client sends the user to the authorization server — Authorization Code · Grantscope',
  )

  await next(page)
  await expect(stepHeading(page)).toHaveText('The browser asks the authorization server')
  await expect(page.getByLabel('Address')).toHaveValue(/\/as\/authorize\?response_type=code&client_id=spa/)
  await signIn(page)
  await expect(stepHeading(page)).toHaveText('The user signs in at the authorization server')
  const frame = browserFrame(page)
  await expect(frame.getByText('friends.read')).toBeVisible()
  await frame.getByRole('button', { name: 'Allow' }).click()
  await expect(stepHeading(page)).toHaveText('The user decides what the client may do')
  await expect(page.getByRole('table').filter({ hasText: 'Redirect parameters' })).toContainText('iss')

  await next(page)
  await expect(stepHeading(page)).toHaveText('The browser brings the answer back to the client')
  await expect(page.getByRole('list', { name: 'Client checks' })).toContainText('state matches')
  await expect(page.getByRole('list', { name: 'Client checks' })).toContainText('iss is')

  await next(page)
  await expect(stepHeading(page)).toHaveText('The client exchanges the code for tokens')
  await expect(page.getByRole('table').filter({ hasText: 'Form parameters' })).toContainText('code_verifier')
  await expect(page.getByRole('table').filter({ hasText: 'Form parameters' })).toContainText(
    'authorization_code',
  )

  await next(page)
  await expect(stepHeading(page)).toHaveText('The client verifies the ID token')
  const checks = page.getByRole('list', { name: 'Client checks' })
  for (const claim of ['Signature valid', 'aud contains this client', 'Not expired', 'nonce equals'])
    await expect(checks).toContainText(claim)

  await next(page)
  await expect(stepHeading(page)).toHaveText('The client asks who the user is')
  await next(page)
  await expect(stepHeading(page)).toHaveText('MovieMatch reads the friends’ movies')
  await expect(page.getByText('Flow complete.')).toBeVisible()
  await expect(page.getByTestId('current-step')).not.toContainText('failed')

  await page.getByRole('tab', { name: /Tokens/ }).click()
  await expect(page.getByRole('article', { name: 'id_token' })).toContainText('Signature verified with RS256')
  await expect(page.getByRole('article', { name: 'access_token' })).toContainText('Signature verified')
  await expect(page.getByRole('article', { name: 'id_token' })).toContainText('nonce')

  await page.getByRole('tab', { name: 'HTTP' }).click()
  await expect(page.getByText('200 OK')).toBeVisible()
  await expect(page.locator('pre').first()).toContainText('"friends"')
  expect(pageErrors).toEqual([])

  // Secure by default: nothing secret in the address bar or in web storage.
  const state = await page.evaluate(() => ({
    url: location.href,
    storage: localStorage.length + sessionStorage.length,
  }))
  expect([...new URL(state.url).searchParams.keys()].sort()).toEqual(['flow', 'step', 'variant'])
  expect(state.storage).toBe(0)
})

test('Client secret: the confidential client authenticates with HTTP Basic, and the demo user can sign in via Next', async ({
  page,
}) => {
  await page.goto('./?flow=authorization-code&variant=client-secret')
  await expect(stepHeading(page)).toHaveText(
    'Authorization Code — With a client secret (confidential client)',
  )
  await toLoginPage(page)
  await next(page) // the demo user signs in
  await expect(stepHeading(page)).toHaveText('The user signs in at the authorization server')
  await next(page) // and allows
  await expect(stepHeading(page)).toHaveText('The user decides what the client may do')
  await next(page)
  await next(page)
  await expect(stepHeading(page)).toHaveText('The client exchanges the code for tokens')
  await expect(page.getByText('Authorization: Basic')).toBeVisible()
  await expect(page.getByText('web-app-secret', { exact: true })).toBeVisible()
  await expect(page.getByRole('table').filter({ hasText: 'Form parameters' })).not.toContainText(
    'code_verifier',
  )
})

test('Deny is a real path: access_denied comes back with state and iss, and the flow explains it', async ({
  page,
}) => {
  await page.goto('./?flow=authorization-code&variant=pkce')
  await toLoginPage(page)
  await signIn(page)
  await browserFrame(page).getByRole('button', { name: 'Deny' }).click()
  await expect(stepHeading(page)).toHaveText('The user decides what the client may do')
  await expect(page.getByRole('table').filter({ hasText: 'Redirect parameters' })).toContainText(
    'access_denied',
  )
  await next(page)
  await expect(page.getByRole('alert')).toContainText('The user denied access (access_denied)')
  await expect(page.getByRole('list', { name: 'Client checks' })).toContainText('state matches')
  await expect(page.getByRole('button', { name: 'Next', exact: true })).toBeDisabled()

  await page.getByRole('button', { name: 'Restart' }).click()
  await expect(stepHeading(page)).toHaveText('Authorization Code — With PKCE (public client)')
  await next(page)
  await expect(stepHeading(page)).toHaveText('The client reads the server’s configuration')
})

test('A wrong password gets the server’s own error, and the user can try again', async ({ page }) => {
  await page.goto('./?flow=authorization-code&variant=pkce')
  await toLoginPage(page)
  await signIn(page, 'alice', 'not-the-password')
  await expect(browserFrame(page).getByText('Wrong username or password')).toBeVisible()
  await expect(browserFrame(page).getByLabel('Username')).toHaveValue('alice')
  await signIn(page)
  await expect(browserFrame(page).getByRole('button', { name: 'Allow' })).toBeVisible()
})

test('A link opens exactly that step; arrow keys and Back move through the steps', async ({ page }) => {
  await page.goto('./?flow=authorization-code&variant=pkce&step=7')
  await expect(stepHeading(page)).toHaveText('The client exchanges the code for tokens')
  await expect(page.getByText(/Step 7 of 10/)).toBeVisible()
  await page.keyboard.press('ArrowLeft')
  await expect(stepHeading(page)).toHaveText('The browser brings the answer back to the client')
  await expect(page).toHaveURL(/step=6/)
  await page.getByRole('button', { name: 'Back', exact: true }).click()
  await expect(stepHeading(page)).toHaveText('The user decides what the client may do')
  await page.keyboard.press('ArrowRight')
  await page.keyboard.press('ArrowRight')
  await expect(stepHeading(page)).toHaveText('The client exchanges the code for tokens')
  // Going forward again re-shows recorded steps: the code is not redeemed twice.
  await expect(page.getByRole('list', { name: 'Client checks' })).toContainText('An access token arrived')
})

test('Autoplay runs the whole flow by itself', async ({ page }) => {
  await page.goto('./?flow=authorization-code&variant=pkce')
  await page.getByLabel('Speed').selectOption({ label: 'Fast' })
  await page.getByRole('button', { name: 'Autoplay' }).click()
  await expect(page.getByText('Flow complete.')).toBeVisible({ timeout: 20_000 })
  await expect(page.getByRole('button', { name: 'Autoplay' })).toBeVisible()
})

test('Keyboard only: focus stays on Next through the whole flow, and → keeps working at the login page', async ({
  page,
}) => {
  await page.goto('./?flow=authorization-code&variant=pkce')
  const nextButton = page.getByRole('button', { name: 'Next', exact: true })
  await nextButton.focus()
  for (let step = 1; step <= 3; step++) {
    await page.keyboard.press('Enter')
    await expect(page).toHaveURL(new RegExp(`step=${step}$`))
  }
  await expect(browserFrame(page).getByLabel('Username')).toBeVisible()
  await expect(nextButton).toBeFocused()
  for (let step = 4; step <= 10; step++) {
    await page.keyboard.press('ArrowRight')
    await expect(page).toHaveURL(new RegExp(`step=${step}$`))
  }
  await expect(page.getByText('Flow complete.')).toBeVisible()
  await expect(nextButton).toBeFocused()
  await expect(nextButton).toBeDisabled()
})
