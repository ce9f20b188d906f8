import { expect, test, type Page } from '@playwright/test'

const next = (page: Page) => page.getByRole('button', { name: 'Next', exact: true }).click()
const stepHeading = (page: Page) => page.getByTestId('current-step').getByRole('heading', { level: 2 })
const diagram = (page: Page) => page.getByRole('figure', { name: 'Sequence diagram' })

async function choose(page: Page, flow: string, variant?: string) {
  await page.goto('./')
  await page.getByLabel('Flow').selectOption({ label: flow })
  if (variant !== undefined) await page.getByRole('radio', { name: variant }).check()
}

/** Presses Next until the flow says it is complete (the demo user answers any page or form). */
async function runToEnd(page: Page, max = 20) {
  for (let i = 0; i < max; i++) {
    if (await page.getByText('Flow complete.').isVisible()) return
    await next(page)
    const nextButton = page.getByRole('button', { name: 'Next', exact: true })
    await expect
      .poll(
        async () => (await nextButton.isEnabled()) || (await page.getByText('Flow complete.').isVisible()),
      )
      .toBe(true)
  }
  await expect(page.getByText('Flow complete.')).toBeVisible()
}

test('Client credentials: a job with no user reads the catalogue, and a user endpoint refuses its token', async ({
  page,
}) => {
  await choose(page, 'Client Credentials', 'Secret in the form body (client_secret_post)')
  await expect(stepHeading(page)).toHaveText(/Client Credentials/)
  // No user lane where no user is.
  await expect(diagram(page).getByText('User + browser')).toHaveCount(0)
  await expect(diagram(page).getByText('Client', { exact: true })).toBeVisible()
  await next(page)
  await next(page)
  await expect(stepHeading(page)).toHaveText('The job asks for a token for itself')
  const form = page.getByRole('table').filter({ hasText: 'Form parameters' })
  await expect(form).toContainText('client_credentials')
  await expect(form).toContainText('service-secret')
  await next(page)
  await expect(page.getByText('200 OK')).toBeVisible()
  await next(page)
  await expect(stepHeading(page)).toHaveText('A user’s data stays closed to the job')
  await expect(page.getByText('403 Forbidden')).toBeVisible()
  await expect(page.getByRole('list', { name: 'Client checks' })).toContainText('insufficient_scope')
  await expect(page.getByText('Flow complete.')).toBeVisible()
})

test('Password: the user types the password into the client’s own form; a wrong one gets invalid_grant', async ({
  page,
}) => {
  await choose(page, 'Password (legacy)')
  await expect(page.getByRole('complementary', { name: 'Legacy grant' })).toContainText('MUST NOT be used')
  await next(page)
  await next(page)
  await expect(stepHeading(page)).toHaveText('MovieMatch shows its own login form')
  const form = page.getByRole('region', { name: 'The client’s own form' })
  await form.getByLabel('Username').fill('alice')
  await form.getByLabel('Password').fill('not-the-password')
  await form.getByRole('button', { name: 'Sign in' }).click()
  await expect(stepHeading(page)).toHaveText('The user types their password into MovieMatch')
  await expect(page.getByRole('region', { name: 'Values the client generated' })).toContainText(
    'not-the-password',
  )
  await next(page)
  await expect(page.getByRole('alert')).toContainText('invalid_grant')
  await expect(page.getByRole('alert')).toContainText('Wrong username or password')

  await page.getByRole('button', { name: 'Restart' }).click()
  await runToEnd(page)
  await expect(stepHeading(page)).toHaveText('Later, the client refreshes the access token')
})

test('Implicit: the token arrives in the address bar; Deny comes back in the fragment too', async ({
  page,
}) => {
  await choose(page, 'Implicit (legacy)', 'response_type=token')
  for (let i = 0; i < 6; i++) await next(page)
  await expect(stepHeading(page)).toHaveText('The token arrives in the address bar')
  await expect(page.getByRole('textbox', { name: 'Address', exact: true })).toHaveValue(
    /\/callback#access_token=/,
  )
  await expect(page.getByRole('list', { name: 'Client checks' })).toContainText('No refresh token')
  await runToEnd(page)

  await page.getByRole('button', { name: 'Restart' }).click()
  for (let i = 0; i < 4; i++) await next(page)
  await page.frameLocator('iframe[title="Simulated browser"]').getByRole('button', { name: 'Deny' }).click()
  await next(page)
  await expect(page.getByRole('textbox', { name: 'Address', exact: true })).toHaveValue(
    /#error=access_denied/,
  )
  await expect(page.getByRole('alert')).toContainText('access_denied')
})

test('Implicit with OpenID Connect: the ID token from the fragment is verified, at_hash included', async ({
  page,
}) => {
  await choose(page, 'Implicit (legacy)', 'response_type=id_token token (OpenID Connect)')
  await runToEnd(page)
  await diagram(page).getByRole('button', { name: /^7 / }).click()
  await expect(stepHeading(page)).toHaveText('The client verifies the ID token')
  await expect(page.getByRole('list', { name: 'Client checks' })).toContainText('at_hash matches')
  await page.getByRole('tab', { name: /Tokens/ }).click()
  await expect(page.getByRole('article', { name: 'id_token' })).toContainText('Signature verified')
})

test('Refresh token: Next lets the token expire, refreshes, and shows the reuse detection revoking the family', async ({
  page,
}) => {
  await choose(page, 'Refresh Token')
  await expect(diagram(page).getByText('Attacker', { exact: true })).toBeVisible()
  await runToEnd(page, 30)
  await expect(stepHeading(page)).toHaveText('The client’s own refresh is refused')
  await expect(page.getByText('"error": "invalid_grant"')).toBeVisible()
  await expect(page.getByRole('group', { name: 'Clock' })).toContainText('ahead')
  await page.getByRole('tab', { name: /Server reasoning/ }).click()
  await expect(page.getByRole('list', { name: 'Server decisions' })).toContainText('revoked')
  await diagram(page).getByRole('button', { name: /^8 / }).click()
  await expect(stepHeading(page)).toHaveText('An hour later, the access token has expired')
  await page.getByRole('tab', { name: 'HTTP' }).click()
  await expect(page.getByText('401 Unauthorized')).toBeVisible()
})

test('The clock control skips time for the client and the server alike: an unused code expires', async ({
  page,
}) => {
  await page.goto('./?flow=authorization-code&variant=pkce&step=5')
  await expect(stepHeading(page)).toHaveText('The user decides what the client may do')
  await page.getByRole('button', { name: 'Skip ahead 10 min' }).click()
  await expect(page.getByRole('group', { name: 'Clock' })).toContainText('10 min ahead')
  await next(page)
  await next(page)
  await expect(stepHeading(page)).toHaveText('The client exchanges the code for tokens')
  await expect(page.getByRole('alert')).toContainText('invalid_grant')
})

test('Device: the TV shows a code and a QR code; the user allows on the phone; the TV polls until the tokens come', async ({
  page,
}) => {
  await choose(page, 'Device Authorization')
  await expect(diagram(page).getByText('User + phone')).toBeVisible()
  await expect(diagram(page).getByText('TV (client)')).toBeVisible()
  await next(page)
  await next(page)
  const tv = page.getByRole('region', { name: 'The TV’s screen' })
  await expect(tv.getByRole('img', { name: /QR code of .*\/as\/device\?user_code=/ })).toBeVisible()
  const userCode = (await page
    .getByRole('region', { name: 'Values the client generated' })
    .locator('dd')
    .nth(2)
    .textContent())!.trim()
  await next(page)
  await expect(page.getByRole('list', { name: 'Client checks' })).toContainText('authorization_pending')
  await next(page)
  await expect(stepHeading(page)).toHaveText('The phone opens the verification link')
  const phone = page.frameLocator('iframe[title="Simulated browser"]')
  await expect(phone.getByLabel('Code')).toHaveValue(userCode)
  await phone.getByRole('button', { name: 'Continue' }).click()
  await expect(stepHeading(page)).toHaveText('The user confirms the code')
  await phone.getByLabel('Username').fill('alice')
  await phone.getByLabel('Password').fill('wonderland')
  await phone.getByRole('button', { name: 'Sign in' }).click()
  await expect(phone.getByText(userCode)).toBeVisible()
  await phone.getByRole('button', { name: 'Allow' }).click()
  await expect(stepHeading(page)).toHaveText('The user allows the TV')
  await expect(phone.getByText('You can close this page')).toBeVisible()
  await next(page)
  await expect(stepHeading(page)).toHaveText('The TV polls the token endpoint')
  await expect(page.getByRole('list', { name: 'Client checks' })).toContainText('An access token arrived')
  await runToEnd(page)
})

test('Device: polling too fast earns slow_down; Deny ends in access_denied; a late code in expired_token', async ({
  page,
}) => {
  await choose(page, 'Device Authorization', 'An impatient TV (slow_down)')
  for (let i = 0; i < 4; i++) await next(page)
  await expect(page.getByRole('list', { name: 'Client checks' })).toContainText('slow_down')
  await expect(page.getByRole('region', { name: 'The TV’s screen' })).toContainText('every 10 s')

  await choose(page, 'Device Authorization', 'Alice allows on her phone')
  for (let i = 0; i < 6; i++) await next(page)
  await page.frameLocator('iframe[title="Simulated browser"]').getByRole('button', { name: 'Deny' }).click()
  await next(page)
  await expect(page.getByRole('alert')).toContainText('access_denied')

  await page.getByRole('button', { name: 'Restart' }).click()
  await next(page)
  await next(page)
  await page.getByRole('button', { name: 'Skip ahead 10 min' }).click()
  await next(page)
  await expect(page.getByRole('alert')).toContainText('expired_token')
})
