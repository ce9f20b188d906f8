import { expect, test, type Page } from '@playwright/test'

const stepHeading = (page: Page) =>
  page.getByTestId('current-step').getByRole('heading', { level: 2 }).first()

test('Edit and send: change state on the callback, and the client refuses it', async ({ page }) => {
  await page.goto('./?flow=authorization-code&variant=pkce&step=5')
  await expect(stepHeading(page)).toHaveText('The user decides what the client may do')
  await page.getByRole('button', { name: 'Edit', exact: true }).click()
  const editor = page.getByRole('form', { name: 'Edit the request Next will send' })
  await expect(editor).toContainText(/GET http:\/\/localhost:\d+\/callback/)
  for (const name of ['code', 'state', 'iss'])
    await expect(editor.getByRole('textbox', { name, exact: true })).toBeVisible()
  await editor.getByRole('textbox', { name: 'state', exact: true }).fill('forged-by-hand')
  await expect(editor.getByRole('status')).toHaveText('1 change.')
  await editor.getByRole('button', { name: 'Send' }).click()
  await expect(stepHeading(page)).toHaveText('The browser brings the answer back to the client')
  await expect(page.getByRole('alert')).toContainText('The client refused the authorization response')
  await expect(page.getByRole('list', { name: 'Client checks' })).toContainText('"forged-by-hand"')
  await expect(page.getByText('Sent as you edited it.')).toBeVisible()
})

test('Replay: the same code sent twice is refused, with the server’s reasoning', async ({ page }) => {
  await page.goto('./?flow=authorization-code&variant=client-secret&step=7')
  await expect(stepHeading(page)).toHaveText('The client exchanges the code for tokens')
  await page.getByRole('button', { name: 'Replay' }).click()
  const replay = page.locator('details').filter({ hasText: 'Replay 1:' })
  await expect(replay).toContainText('Replay 1: 400')
  await expect(replay).toContainText('invalid_grant')
  await expect(replay.getByRole('list', { name: 'Server decisions' })).toContainText('revok')
})

test('Edit at a step that sends nothing says so', async ({ page }) => {
  await page.goto('./?flow=authorization-code&variant=pkce&step=1')
  await page.getByRole('button', { name: 'Edit', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: 'sends nothing over HTTP' })).toBeVisible()
})
