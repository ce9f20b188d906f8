import { expect, test, type Page } from '@playwright/test'
import { expectNoAxeViolations } from './axe.ts'
import { stepHeading, walkFlow } from './walk.ts'

const outcome = (page: Page) => page.getByRole('region', { name: 'Outcome' })

test('Attack lessons: open one from the first screen and run it vulnerable, then hardened', async ({
  page,
}) => {
  test.setTimeout(120_000)
  await page.goto('./')
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Attack lessons' }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'Attack lessons' })).toBeVisible()
  await expectNoAxeViolations(page, 'the lesson list')
  await page.getByRole('link', { name: 'Vulnerable: Authorization code interception' }).click()
  await expect(page).toHaveURL(/flow=lesson-code-interception&variant=vulnerable/)
  await expect(page.getByRole('complementary', { name: 'Attack lesson' })).toContainText('Vulnerable run')
  await expect(stepHeading(page)).toBeVisible()

  const vulnerableSteps = await walkFlow(page, async () => {})
  expect(vulnerableSteps).toBe(8)
  await expect(outcome(page)).toHaveAttribute('data-attacker', 'succeeded')
  await expect(outcome(page)).toContainText('The attacker got in')
  await expect(outcome(page)).toContainText('What the attacker holds: access_token')
  // The attacker's token really worked at the API: the last exchange is a 200 with Alice's data.
  await expect(page.getByRole('tabpanel', { name: 'HTTP' })).toContainText('200 OK')
  await expectNoAxeViolations(page, 'a lesson’s outcome, vulnerable')

  await page.getByRole('radio', { name: 'Hardened' }).check()
  await expect(page).toHaveURL(/variant=hardened/)
  const hardenedSteps = await walkFlow(page, async () => {})
  expect(hardenedSteps).toBe(7)
  await expect(outcome(page)).toHaveAttribute('data-attacker', 'stopped')
  await expect(outcome(page)).toContainText('check-pkce-verifier')
  await expect(outcome(page)).toContainText('error=invalid_grant')
  await page.getByRole('tab', { name: /^Server reasoning/ }).click()
  await expect(page.getByRole('tabpanel', { name: /^Server reasoning/ })).toContainText(
    'code_verifier is missing',
  )
})

test('a lesson deep link opens the run and the step it names, on a server of its own', async ({ page }) => {
  await page.goto('./?flow=lesson-implicit-leak&variant=vulnerable&step=6')
  await expect(stepHeading(page)).toHaveText('A script on the page reads the address')
  await expect(page.getByTestId('current-step')).toContainText('access_token')
  // Lessons always run in this page: no choice of server is offered.
  await expect(page.getByRole('region', { name: 'Which server answers' })).toHaveCount(0)
})

test('a lesson embeds like any flow: the outcome shows inside the compact view', async ({ page }) => {
  await page.goto('./?flow=lesson-code-interception&variant=hardened&step=7&embed=1')
  await expect(outcome(page)).toHaveAttribute('data-attacker', 'stopped')
  await expect(page.getByRole('link', { name: /Open in Grantscope/ })).toBeVisible()
})
