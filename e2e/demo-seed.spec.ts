import { expect, test, type Page } from '@playwright/test'

const stepHeading = (page: Page) => page.getByTestId('current-step').getByRole('heading', { level: 2 })

/** The access token the client holds, as the Tokens tab shows it. */
async function accessToken(page: Page): Promise<string> {
  await page.getByRole('tab', { name: /Tokens/ }).click()
  const raw = page.getByText(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/).first()
  await expect(raw).toBeVisible()
  return raw.innerText()
}

/** Everything the HTTP tab shows for the token request, less timings. */
async function tokenExchange(page: Page): Promise<string> {
  await page.getByRole('tab', { name: 'HTTP' }).click()
  await page.getByRole('tab', { name: 'Raw' }).click()
  const request = await page.getByLabel('Raw request').innerText()
  const response = await page.getByLabel('Raw response').innerText()
  return `${request}\n${response}`
}

test('a demo seed gives the same codes and tokens on every run, and says they are not secret', async ({
  page,
  browser,
}) => {
  await page.goto('./?flow=authorization-code&variant=pkce')
  await page.getByRole('button', { name: 'Demo seed' }).click()
  const dialog = page.getByRole('dialog', { name: 'Demo seed' })
  await dialog.getByRole('textbox', { name: 'Demo seed' }).fill('room-4')
  await dialog.getByRole('button', { name: 'Use this seed' }).click()
  await expect(page).toHaveURL(/seed=room-4/)
  await expect(page.getByRole('complementary', { name: 'Demo seed' })).toContainText('Not secret')

  for (let i = 0; i < 7; i++) await page.getByRole('button', { name: 'Next', exact: true }).click()
  await expect(stepHeading(page)).toHaveText('The client exchanges the code for tokens')
  await expect(page).toHaveURL(/step=7.*seed=room-4|seed=room-4.*step=7/)
  const wire = await tokenExchange(page)
  expect(wire).toContain('grant_type=authorization_code')
  const token = await accessToken(page)

  // Restart and step again: the same wire and the same token.
  await page.getByRole('button', { name: 'Restart' }).click()
  await expect(stepHeading(page)).toHaveText('Authorization Code — With PKCE (public client)')
  for (let i = 0; i < 7; i++) await page.getByRole('button', { name: 'Next', exact: true }).click()
  await expect(stepHeading(page)).toHaveText('The client exchanges the code for tokens')
  expect(await tokenExchange(page)).toBe(wire)
  expect(await accessToken(page)).toBe(token)

  // Another laptop in the room opens the same link: the same again.
  const other = await browser.newPage()
  await other.goto(page.url())
  await expect(stepHeading(other)).toHaveText('The client exchanges the code for tokens')
  expect(await tokenExchange(other)).toBe(wire)
  expect(await accessToken(other)).toBe(token)

  // Another seed, another token.
  await other.goto(page.url().replace('seed=room-4', 'seed=room-5'))
  await expect(stepHeading(other)).toHaveText('The client exchanges the code for tokens')
  expect(await accessToken(other)).not.toBe(token)
  await other.close()
})

test('without a seed two runs differ', async ({ page }) => {
  await page.goto('./?flow=client-credentials&variant=basic&step=2')
  const first = await accessToken(page)
  await page.reload()
  expect(await accessToken(page)).not.toBe(first)
})
