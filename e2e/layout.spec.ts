import { expect, test, type Page } from '@playwright/test'
import { flows } from '../src/flows/catalogue.ts'
import { horizontalOverflow, walkFlow } from './walk.ts'

const variants = flows.flatMap((flow) => flow.variants.map((variant) => ({ flow, variant })))
const tabs = ['HTTP', 'Server reasoning', 'Tokens'] as const

/** The simulated browser shows the whole page: its window is as tall as the page inside. */
async function expectWholePage(page: Page, where: string) {
  for (const frame of await page.locator('iframe[title="Simulated browser"]').all()) {
    const { window, content } = await frame.evaluate((el: HTMLIFrameElement) => ({
      window: el.clientHeight,
      content: el.contentDocument?.querySelector('main')?.getBoundingClientRect().bottom ?? 0,
    }))
    expect(content, `${where}: the page inside the simulated browser is cut off`).toBeLessThanOrEqual(window)
  }
}

// Every step of every grant in the catalogue, so a new grant is covered without touching this file.
for (const { flow, variant } of variants) {
  test(`390 px phone: nothing is wider than the screen, at any step of ${flow.title} — ${variant.title}`, async ({
    page,
  }) => {
    test.setTimeout(120_000)
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(`./?flow=${flow.id}&variant=${variant.id}`)
    expect(await horizontalOverflow(page)).toBe(0)
    await walkFlow(page, async (index) => {
      for (const tab of tabs) {
        await page.getByRole('tab', { name: new RegExp(`^${tab}`) }).click()
        expect(await horizontalOverflow(page), `step ${index + 1}, ${tab} tab`).toBe(0)
      }
      await page.getByRole('tab', { name: 'HTTP' }).click()
      await expectWholePage(page, `step ${index + 1}`)
    })
  })
}

test('1280×720 projector at 150 % zoom: nothing wider than the screen, the consent page whole', async ({
  browser,
}) => {
  test.setTimeout(120_000)
  // 150 % zoom of a 1280×720 screen: a 853×480 CSS-pixel viewport at 1.5 device pixels per CSS pixel.
  const context = await browser.newContext({ viewport: { width: 853, height: 480 }, deviceScaleFactor: 1.5 })
  const page = await context.newPage()
  for (const { flow, variant } of variants) {
    await page.goto(`./?flow=${flow.id}&variant=${variant.id}`)
    await walkFlow(page, async (index) => {
      expect(await horizontalOverflow(page), `${flow.id}/${variant.id} step ${index + 1}`).toBe(0)
      await expectWholePage(page, `${flow.id}/${variant.id} step ${index + 1}`)
    })
  }
  for (const view of ['./?compare', './?guide=user:yes,browser:yes,secret:no', './?glossary']) {
    await page.goto(view)
    await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible()
    if (view.includes('compare'))
      await expect(page.getByText(/^Both flows ran/)).toBeVisible({ timeout: 20_000 })
    expect(await horizontalOverflow(page), view).toBe(0)
  }
  await context.close()
})

test('the consent page fits in the simulated browser, Allow and Deny in view, on a phone and a desktop', async ({
  page,
}) => {
  for (const width of [390, 1440]) {
    await page.setViewportSize({ width, height: 900 })
    await page.goto('./?flow=authorization-code&variant=pkce&step=4')
    const frame = page.frameLocator('iframe[title="Simulated browser"]')
    await expect(frame.getByRole('button', { name: 'Allow' })).toBeVisible()
    await expectWholePage(page, `${width} px`)
    for (const name of ['Allow', 'Deny']) {
      const inFrame = await frame.getByRole('button', { name }).evaluate((el) => {
        const rect = el.getBoundingClientRect()
        return (
          rect.bottom <= el.ownerDocument.defaultView!.innerHeight &&
          rect.right <= el.ownerDocument.defaultView!.innerWidth
        )
      })
      expect(inFrame, `${name} is inside the simulated browser’s window at ${width} px`).toBe(true)
    }
  }
})
