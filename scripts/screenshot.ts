/**
 * Takes the README screenshots (docs/*.png) and a few review shots (bench-results/shots/) from the
 * real build: `npm run screenshot`.
 */
import { mkdirSync } from 'node:fs'
import { chromium, type Page } from '@playwright/test'
import { startServer } from '../src/node/main.ts'
import { chromiumArgs, findChromium } from './find-chromium.ts'

const next = (page: Page) => page.getByRole('button', { name: 'Next', exact: true }).click()
const heading = (page: Page) => page.getByTestId('current-step').getByRole('heading', { level: 2 })

async function main() {
  const server = await startServer({ port: 0, host: '127.0.0.1', distDir: 'dist' })
  const executablePath = findChromium()
  const browser = await chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    args: [...chromiumArgs],
  })
  mkdirSync('bench-results/shots', { recursive: true })
  try {
    // Reduced motion: every arrow is drawn in full, so the shots are deterministic.
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' })
    const url = server.url.replace('127.0.0.1', 'localhost')
    await page.goto(`${url}/?flow=authorization-code&variant=pkce`)
    await heading(page).waitFor()
    await page.screenshot({ path: 'bench-results/shots/01-intro.png' })
    await next(page)
    await next(page)
    await next(page)
    await page.frameLocator('iframe[title="Simulated browser"]').getByLabel('Username').waitFor()
    await page.screenshot({ path: 'bench-results/shots/02-login.png', fullPage: true })
    // The README shot: all four lanes, the AS's own login page in the simulated browser, and the
    // authorization request's parameters explained.
    await page.setViewportSize({ width: 1440, height: 1060 })
    await page.screenshot({ path: 'docs/screenshot.png' })
    await page.setViewportSize({ width: 1440, height: 900 })
    await next(page)
    await page
      .frameLocator('iframe[title="Simulated browser"]')
      .getByRole('button', { name: 'Allow' })
      .waitFor()
    await page.screenshot({ path: 'bench-results/shots/03-consent.png', fullPage: true })
    await next(page)
    await next(page)
    await next(page)
    await page.getByText('The client exchanges the code for tokens').first().waitFor()
    await page.screenshot({ path: 'bench-results/shots/04-token.png' })
    await page.getByRole('tab', { name: /Server reasoning/ }).click()
    await page.screenshot({ path: 'bench-results/shots/05-trace.png', fullPage: true })
    await next(page)
    await page.getByRole('tab', { name: /Tokens/ }).click()
    await page.screenshot({ path: 'bench-results/shots/06-tokens.png', fullPage: true })
    const narrow = await browser.newPage({ viewport: { width: 420, height: 900 } })
    await narrow.goto(`${url}/?flow=authorization-code&variant=pkce&step=3`)
    await heading(narrow).waitFor()
    await narrow.screenshot({ path: 'bench-results/shots/07-mobile.png', fullPage: true })

    // The learner's features: compare, the guide's answer, a glossary card, and a phone in the dark.
    await page.setViewportSize({ width: 1440, height: 1000 })
    await page.goto(`${url}/?compare`)
    await page.getByText(/^Both flows ran/).waitFor({ timeout: 30_000 })
    await page.screenshot({ path: 'docs/compare.png' })
    await page.setViewportSize({ width: 1100, height: 720 })
    await page.goto(`${url}/?guide=user:yes,browser:yes,secret:no`)
    await page.getByRole('button', { name: /^Run / }).waitFor()
    await page.screenshot({ path: 'docs/guide.png' })
    await page.setViewportSize({ width: 1440, height: 760 })
    await page.goto(`${url}/?flow=authorization-code&variant=pkce&step=6`)
    await heading(page).waitFor()
    await page.getByTestId('current-step').getByRole('link', { name: 'CSRF' }).hover()
    await page.getByRole('tooltip').waitFor()
    await page.screenshot({ path: 'docs/glossary-card.png' })
    const phone = await browser.newPage({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      colorScheme: 'dark',
      reducedMotion: 'reduce',
    })
    await phone.goto(`${url}/?flow=authorization-code&variant=pkce&step=5`)
    await heading(phone).waitFor()
    await phone.screenshot({ path: 'docs/phone-dark.png' })

    // A classic grant beyond the code flow: the device grant, the TV's screen with its code and QR code.
    await page.setViewportSize({ width: 1440, height: 1000 })
    await page.goto(`${url}/?flow=device&variant=default&step=2`)
    await page.getByRole('region', { name: 'The TV’s screen' }).waitFor({ timeout: 30_000 })
    await page.screenshot({ path: 'docs/device.png' })

    // An attack lesson at its end: the attacker's lane, and the outcome panel.
    await page.setViewportSize({ width: 1440, height: 1100 })
    await page.goto(`${url}/?flow=lesson-mix-up&variant=vulnerable&step=30`)
    await page.getByTestId('attack-outcome').waitFor({ timeout: 30_000 })
    await page.screenshot({ path: 'docs/lesson.png' })
  } finally {
    await browser.close()
    await server.close()
  }
}

void main()
