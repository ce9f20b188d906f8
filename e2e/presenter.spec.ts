import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'

const stepHeading = (page: Page) => page.getByTestId('current-step').getByRole('heading', { level: 2 })
const fontSize = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize))

/** No CSS zoom or transform anywhere above `selector`: the sizes are real font sizes. */
const scaledByCss = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((el) => {
      for (let node: Element | null = el; node; node = node.parentElement) {
        const style = getComputedStyle(node)
        if (style.transform !== 'none' || (style.zoom !== '' && style.zoom !== '1')) return true
      }
      return false
    })

const heading = '[data-testid="current-step"] h2'
const diagramLabel = 'figure[aria-label="Sequence diagram"] li .font-mono'

test('presenter mode: larger real type, clicker keys, blank screen, reduced panels, speaker notes', async ({
  page,
  context,
}) => {
  await page.goto('./?flow=authorization-code&variant=pkce&step=3')
  await expect(stepHeading(page)).toHaveText('The browser asks the authorization server')
  const before = { heading: await fontSize(page, heading), label: await fontSize(page, diagramLabel) }

  await page.getByRole('button', { name: 'Presenter' }).click()
  const presenter = page.getByRole('toolbar', { name: 'Presenter' })
  await expect(presenter.getByRole('button', { name: 'Presenter' })).toHaveAttribute('aria-pressed', 'true')
  await expect(presenter.getByRole('button', { name: 'High contrast' })).toHaveAttribute(
    'aria-pressed',
    'true',
  )
  const after = { heading: await fontSize(page, heading), label: await fontSize(page, diagramLabel) }
  expect(after.heading / before.heading).toBeGreaterThanOrEqual(1.3)
  expect(after.label / before.label).toBeGreaterThanOrEqual(1.3)
  expect(await scaledByCss(page, heading)).toBe(false)
  expect(await scaledByCss(page, diagramLabel)).toBe(false)

  // What the audience needs: no site header, no inspector, no clock, until the trainer asks.
  await expect(page.getByRole('combobox', { name: 'Flow' })).toHaveCount(0)
  await expect(page.getByRole('region', { name: 'Inspector' })).toHaveCount(0)
  await presenter.getByRole('button', { name: 'HTTP panel' }).click()
  await expect(page.getByRole('region', { name: 'Inspector' })).toBeVisible()

  // Presentation clickers send PageDown / PageUp; keyboards add Space and the arrows.
  await page.keyboard.press('PageDown')
  await expect(stepHeading(page)).toHaveText('The user signs in at the authorization server')
  await page.keyboard.press('PageUp')
  await expect(stepHeading(page)).toHaveText('The browser asks the authorization server')
  await page.keyboard.press('Space')
  await expect(stepHeading(page)).toHaveText('The user signs in at the authorization server')
  await page.keyboard.press('ArrowUp')
  await page.keyboard.press('ArrowRight')
  await expect(stepHeading(page)).toHaveText('The user signs in at the authorization server')

  await page.keyboard.press('b')
  const blank = page.getByRole('dialog', { name: 'Screen blanked' })
  await expect(blank).toBeVisible()
  await page.keyboard.press('b')
  await expect(blank).toHaveCount(0)
  await page.keyboard.press('.')
  await expect(blank).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(blank).toHaveCount(0)

  // Speaker notes in a second window follow the step, and drive it too.
  const [notes] = await Promise.all([
    context.waitForEvent('page'),
    presenter.getByRole('button', { name: 'Speaker notes' }).click(),
  ])
  const notesTitle = notes.getByRole('heading', { level: 2 })
  await expect(notesTitle).toHaveText('The user signs in at the authorization server')
  await expect(notes.getByText('Step 4 of 10')).toBeVisible()
  await expect(notes.getByRole('region', { name: 'Point at' })).toContainText('HTTP tab: POST /as/login')
  await expect(notes.getByRole('link', { name: /OIDC Core/ }).first()).toBeVisible()
  await page.keyboard.press('PageDown')
  await expect(notesTitle).toHaveText('The user decides what the client may do')
  await notes.getByRole('button', { name: 'Next' }).click()
  await expect(stepHeading(page)).toHaveText('The browser brings the answer back to the client')
  await expect(notesTitle).toHaveText('The browser brings the answer back to the client')

  await presenter.getByRole('button', { name: 'Presenter' }).click()
  await expect(page.getByRole('combobox', { name: 'Flow' })).toBeVisible()
  expect(await fontSize(page, heading)).toBe(before.heading)

  // Another flow, presented again: the notes window opened earlier follows it.
  await page.getByRole('combobox', { name: 'Flow' }).selectOption({ label: 'Client Credentials' })
  await page.getByRole('button', { name: 'Presenter' }).click()
  await page.keyboard.press('PageDown')
  await expect(notes.getByText('Step 1 of 4')).toBeVisible()
  await expect(notesTitle).toHaveText(await stepHeading(page).innerText())
  await notes.close()
})

test('presenter mode passes axe, in high contrast and without it', async ({ page }) => {
  await page.goto('./?flow=authorization-code&variant=client-secret&step=3&presenter=1')
  await expect(page.getByRole('toolbar', { name: 'Presenter' })).toBeVisible()
  await expect(stepHeading(page)).toHaveText('The browser asks the authorization server')
  const audit = async () => {
    const results = await new AxeBuilder({ page }).exclude('iframe[title="Simulated browser"]').analyze()
    return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
  }
  expect(await audit()).toEqual([])
  await page.getByRole('button', { name: 'High contrast' }).click()
  expect(await audit()).toEqual([])
})
