import { expect, test, type Page } from '@playwright/test'
import { flows } from '../src/flows/catalogue.ts'
import { expectNoAxeViolations } from './axe.ts'
import { stepHeading, walkFlow } from './walk.ts'

const variants = flows.flatMap((flow) => flow.variants.map((variant) => ({ flow, variant })))

async function openAndCheck(page: Page, url: string, ready: (page: Page) => Promise<void>, state: string) {
  await page.goto(url)
  await ready(page)
  await expectNoAxeViolations(page, state)
}

const playgroundReady = async (page: Page) => {
  await expect(stepHeading(page)).toBeVisible()
}
const compareReady = async (page: Page) => {
  await expect(page.getByText(/^Both flows ran/)).toBeVisible({ timeout: 20_000 })
}
const headingReady = async (page: Page) => {
  await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible()
}

/** The other screens, in one place so the desktop, phone and dark runs check the same ones. */
const screens: readonly [string, string, (page: Page) => Promise<void>][] = [
  ['first screen', './', playgroundReady],
  [
    'a login page in the simulated browser',
    './?flow=authorization-code&variant=pkce&step=3',
    playgroundReady,
  ],
  ['compare', './?compare', compareReady],
  ['guide, first question', './?guide', headingReady],
  ['guide, a recommendation', './?guide=user:yes,browser:yes,secret:no', headingReady],
  ['glossary at a term', './?glossary=pkce', headingReady],
]

// Every step of every grant (each of the authorization server's pages included) and every inspector tab.
for (const { flow, variant } of variants) {
  test(`axe: every step and tab of ${flow.title} — ${variant.title}`, async ({ page }) => {
    test.setTimeout(180_000)
    await openAndCheck(page, `./?flow=${flow.id}&variant=${variant.id}`, playgroundReady, 'introduction')
    await walkFlow(page, async (index) => {
      await expectNoAxeViolations(page, `step ${index + 1}`)
    })
    for (const tab of ['Server reasoning', 'Tokens', 'HTTP'] as const) {
      await page.getByRole('tab', { name: new RegExp(`^${tab}`) }).click()
      await expectNoAxeViolations(page, `last step, ${tab} tab`)
    }
    await page.getByRole('tab', { name: 'Raw' }).click()
    await expectNoAxeViolations(page, 'last step, raw HTTP')
  })
}

for (const [scheme, size] of [
  ['light', { width: 1440, height: 900 }],
  ['light', { width: 390, height: 844 }],
  ['dark', { width: 1440, height: 900 }],
  ['dark', { width: 390, height: 844 }],
] as const) {
  test(`axe: ${scheme} theme at ${size.width} px — first screen, a server page, compare, guide, glossary`, async ({
    browser,
  }) => {
    test.setTimeout(120_000)
    const context = await browser.newContext({ viewport: size, colorScheme: scheme })
    const page = await context.newPage()
    for (const [state, url, ready] of screens)
      await openAndCheck(page, url, ready, `${state} (${scheme}, ${size.width} px)`)
    // The glossary card of a term in an explanation.
    await page.goto('./?flow=authorization-code&variant=pkce&step=4')
    await page.getByTestId('current-step').getByRole('link', { name: 'consent' }).focus()
    await expect(page.getByRole('tooltip')).toBeVisible()
    await expectNoAxeViolations(page, `a glossary card (${scheme}, ${size.width} px)`)
    await context.close()
  })
}

test('the dark theme is real: dark surfaces, light text', async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: 'dark' })
  const page = await context.newPage()
  await page.goto('./?flow=authorization-code&variant=pkce&step=1')
  await expect(stepHeading(page)).toBeVisible()
  const luminance = await page.evaluate(() => {
    const rgb = (color: string) => {
      const probe = document.createElement('canvas').getContext('2d')!
      probe.fillStyle = color
      probe.fillRect(0, 0, 1, 1)
      const [r = 0, g = 0, b = 0] = probe.getImageData(0, 0, 1, 1).data
      return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255
    }
    const card = document.querySelector('[data-testid="current-step"]')!
    return {
      page: rgb(getComputedStyle(document.body).backgroundColor),
      card: rgb(getComputedStyle(card).backgroundColor),
      text: rgb(getComputedStyle(card.querySelector('h2')!).color),
    }
  })
  expect(luminance.page).toBeLessThan(0.15)
  expect(luminance.card).toBeLessThan(0.2)
  expect(luminance.text).toBeGreaterThan(0.8)
  await context.close()
})

test('reduced motion: the arrows appear without being drawn', async ({ browser }) => {
  const context = await browser.newContext({ reducedMotion: 'reduce' })
  const page = await context.newPage()
  await page.goto('./?flow=authorization-code&variant=pkce&step=1')
  const arrow = page.locator('.gs-arrow-enter').first()
  await expect(arrow).toBeAttached()
  expect(await arrow.evaluate((el) => parseFloat(getComputedStyle(el).animationDuration))).toBeLessThan(0.001)
  await context.close()
})

test('keyboard only: every view is reachable, and Tab reaches the term links and the step buttons', async ({
  page,
}) => {
  await page.goto('./?flow=authorization-code&variant=pkce&step=4')
  await expect(stepHeading(page)).toBeVisible()
  const reached = new Set<string>()
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab')
    reached.add(
      await page.evaluate(() => {
        const el = document.activeElement
        return `${el?.tagName.toLowerCase()}:${(el?.getAttribute('aria-label') ?? el?.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40)}`
      }),
    )
  }
  const names = [...reached].join('\n')
  for (const expected of [
    'a:Skip to content',
    'a:Compare',
    'a:Which grant should I use?',
    'a:Glossary',
    'button:Next',
    'a:consent',
  ])
    expect(names).toContain(expected)
  expect(names).toMatch(/button:4\s*POST \/as\/login/)
  await page.getByRole('link', { name: 'Glossary' }).focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('main', { name: 'Glossary' })).toBeFocused()
})
