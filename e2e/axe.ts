import { AxeBuilder } from '@axe-core/playwright'
import { expect, type Page } from '@playwright/test'

const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']

async function violations(page: Page, exclude?: string): Promise<string[]> {
  let builder = new AxeBuilder({ page })
    // Label in name (WCAG 2.5.3) is experimental in axe, so it is switched on by name.
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .withTags(tags)
  if (exclude !== undefined) builder = builder.exclude(exclude)
  const results = await builder.analyze()
  return results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`,
  )
}

/**
 * WCAG 2.2 A and AA plus axe's best practices, on the page and on the authorization server's own
 * page in the simulated browser. That frame is sandboxed without scripts (on purpose: it is
 * same-origin with the app), so axe cannot run inside it; its HTML is checked in a page of its own,
 * at the same width. `state` says what was checked when it fails.
 */
export async function expectNoAxeViolations(page: Page, state: string): Promise<void> {
  const found = await violations(page, 'iframe')
  const frames = await page
    .locator('iframe[srcdoc]')
    .evaluateAll((all) => all.map((f) => f.getAttribute('srcdoc') ?? ''))
  for (const html of frames) {
    const framed = await page.context().newPage()
    await framed.setViewportSize(page.viewportSize() ?? { width: 1280, height: 720 })
    await framed.setContent(html)
    found.push(...(await violations(framed)).map((v) => `in the simulated browser: ${v}`))
    await framed.close()
  }
  expect(found, `axe violations — ${state}`).toEqual([])
}
