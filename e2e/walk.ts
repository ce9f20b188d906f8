import { expect, type Page } from '@playwright/test'

export const next = (page: Page) => page.getByRole('button', { name: 'Next', exact: true }).click()
export const stepHeading = (page: Page) => page.getByTestId('current-step').getByRole('heading', { level: 2 })
export const browserFrame = (page: Page) => page.frameLocator('iframe[title="Simulated browser"]')

/**
 * Presses Next until the flow ends — the demo user answers every page and form — calling `atStep`
 * with the 0-based index of each step once it is shown.
 */
export async function walkFlow(page: Page, atStep: (index: number) => Promise<void>): Promise<number> {
  const current = page.getByTestId('current-step')
  for (let index = 0; index < 40; index++) {
    await next(page)
    await expect(current).toHaveAttribute('data-step-index', String(index))
    await expect(page.getByRole('toolbar', { name: 'Step controls' })).not.toContainText('Sending')
    await atStep(index)
    const position = await page.getByRole('toolbar', { name: 'Step controls' }).textContent()
    if (/flow (complete|stopped)/.test(position ?? '')) return index + 1
  }
  throw new Error('The flow did not end within 40 steps')
}

/** How far the page is wider than the screen, in CSS pixels (0 when nothing overflows). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
}
