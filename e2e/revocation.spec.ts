import { expect, test, type Page } from '@playwright/test'

const next = (page: Page) => page.getByRole('button', { name: 'Next', exact: true }).click()
const stepHeading = (page: Page) => page.getByTestId('current-step').getByRole('heading', { level: 2 })
const diagram = (page: Page) => page.getByRole('figure', { name: 'Sequence diagram' })
const jsonBody = (page: Page) => page.getByRole('region', { name: 'Inspector' }).getByLabel('Body (JSON)')

/** Presses Next until the step titled `title` is shown (the demo user answers the sign-in pages). */
async function nextUntil(page: Page, title: string) {
  const nextButton = page.getByRole('button', { name: 'Next', exact: true })
  const settled = async () =>
    (await nextButton.isEnabled()) || (await page.getByText('Flow complete.').isVisible())
  for (let i = 0; i < 15; i++) {
    // Wait for the step Next started to finish before reading its title.
    await expect.poll(settled).toBe(true)
    if ((await stepHeading(page).textContent()) === title) return
    await next(page)
  }
  await expect(stepHeading(page)).toHaveText(title)
}

test('Revoke & Introspect: active before, the refresh token revoked, then {"active": false} and every door shut', async ({
  page,
}) => {
  await page.goto('./')
  await page.getByLabel('Flow').selectOption({ label: 'Revoke & Introspect' })
  await expect(diagram(page).getByText('MovieMatch (web app, with a secret)')).toBeVisible()

  await nextUntil(page, 'The client asks the server about its access token')
  await expect(page.getByText('POST /as/introspect').first()).toBeVisible()
  await expect(jsonBody(page).last()).toContainText('"active": true')
  await expect(jsonBody(page).last()).toContainText('"client_id": "web-app"')

  await nextUntil(page, 'Alice signs out: the client revokes its refresh token')
  const form = page.getByRole('table').filter({ hasText: 'Form parameters' })
  await expect(form).toContainText('token_type_hint')
  await expect(form).toContainText('refresh_token')
  await page.getByRole('tab', { name: /Server reasoning/ }).click()
  await expect(page.getByRole('list', { name: 'Server decisions' })).toContainText(
    'Revoked the refresh token and, with it, its whole grant',
  )
  await page.getByRole('tab', { name: 'HTTP' }).click()

  await nextUntil(page, 'The client asks about the access token again')
  // Exactly {"active": false}: an inactive token gets no details (RFC 7662 §2.2).
  await expect(jsonBody(page).last()).toHaveText('{\n  "active": false\n}')
  await expect(page.getByRole('list', { name: 'Client checks' })).toContainText(
    'an inactive token gets no details',
  )

  await nextUntil(page, 'The revoked refresh token is refused')
  await expect(jsonBody(page).last()).toContainText('"error": "invalid_grant"')

  await nextUntil(page, 'The API refuses the access token too')
  await expect(page.getByText('401 Unauthorized')).toBeVisible()
  await expect(page.getByText('Flow complete.')).toBeVisible()
  await expect(page.getByRole('alert')).toHaveCount(0)
})
