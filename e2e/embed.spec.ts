import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'

/**
 * A trainer's slide on another origin: a tiny page served by its own server on 127.0.0.1, framing
 * Grantscope (on localhost) and driving it with postMessage, the way a slide deck would.
 */
let parent: Server
let parentOrigin = ''

const slide = (appOrigin: string, src: string) => `<!doctype html>
<html lang="en"><head><title>Slide 12: the authorization code grant</title></head><body>
<h1>Slide 12</h1>
<iframe id="demo" title="Grantscope demo" src="${src}" width="1000" height="700"></iframe>
<iframe id="sibling" title="Another widget" srcdoc="<p>widget</p>" width="100" height="50"></iframe>
<script>
  window.received = []
  window.addEventListener('message', (event) => {
    if (event.origin === ${JSON.stringify(appOrigin)}) window.received.push(event.data)
  })
  window.send = (command) =>
    document.getElementById('demo').contentWindow.postMessage(command, ${JSON.stringify(appOrigin)})
  // Another frame on the page tries to drive the embed: the embed obeys its parent only.
  window.sendFromSibling = (command) => {
    const sibling = document.getElementById('sibling').contentWindow
    sibling.eval('(' + ((target, c) => target.postMessage(c, '*')).toString() + ')(parent.frames[0], ' + JSON.stringify(command) + ')')
  }
</script></body></html>`

test.beforeAll(async () => {
  parent = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    res.setHeader('content-type', 'text/html; charset=utf-8')
    res.end(slide(url.searchParams.get('app') ?? '', url.searchParams.get('src') ?? ''))
  })
  await new Promise<void>((done) => parent.listen(0, '127.0.0.1', done))
  parentOrigin = `http://127.0.0.1:${(parent.address() as AddressInfo).port}`
})
test.afterAll(() => new Promise<void>((done) => parent.close(() => done())))

async function openSlide(page: Page, baseURL: string, path: string) {
  const app = new URL(baseURL).origin
  await page.goto(`${parentOrigin}/?${new URLSearchParams({ app, src: `${app}${path}` })}`)
  return page.frameLocator('#demo')
}

const received = (page: Page) => page.evaluate(() => (window as unknown as { received: unknown[] }).received)
const lastStep = async (page: Page) => {
  const messages = (await received(page)) as { type: string; step: number }[]
  return messages.filter((m) => m.type === 'step').at(-1)
}

test('a slide on another origin frames a step and drives it with postMessage', async ({ page, baseURL }) => {
  const frame = await openSlide(page, baseURL!, '/?flow=authorization-code&variant=pkce&step=3&embed=1')
  const heading = frame.getByTestId('current-step').getByRole('heading', { level: 2 })
  await expect(heading).toHaveText('The browser asks the authorization server')
  // The compact view: no site header and no Flow control (the flow is locked), Next and a way out.
  await expect(frame.getByRole('combobox', { name: 'Flow' })).toHaveCount(0)
  await expect(frame.getByRole('button', { name: 'Next', exact: true })).toBeVisible()
  const open = frame.getByRole('link', { name: /Open in Grantscope/ })
  await expect(open).toHaveAttribute('target', '_blank')
  await expect(open).toHaveAttribute('href', /step=3/)
  await expect(open).not.toHaveAttribute('href', /embed=1/)
  await expect
    .poll(() => lastStep(page))
    .toEqual({
      type: 'step',
      flow: 'authorization-code',
      variant: 'pkce',
      step: 3,
    })

  await page.evaluate(() => (window as unknown as { send: (c: unknown) => void }).send({ type: 'next' }))
  await expect(heading).toHaveText('The user signs in at the authorization server')
  await expect.poll(() => lastStep(page)).toMatchObject({ step: 4 })

  await page.evaluate(() => (window as unknown as { send: (c: unknown) => void }).send({ type: 'back' }))
  await expect(heading).toHaveText('The browser asks the authorization server')
  await expect.poll(() => lastStep(page)).toMatchObject({ step: 3 })

  await page.evaluate(() =>
    (window as unknown as { send: (c: unknown) => void }).send({ type: 'goto', step: 7 }),
  )
  await expect(heading).toHaveText('The client exchanges the code for tokens')
  await expect.poll(() => lastStep(page)).toMatchObject({ step: 7 })

  await page.evaluate(() =>
    (window as unknown as { send: (c: unknown) => void }).send({ type: 'goto', step: 2 }),
  )
  await expect(heading).toHaveText('The client sends the user to the authorization server')

  await page.evaluate(() => (window as unknown as { send: (c: unknown) => void }).send({ type: 'restart' }))
  await expect(heading).toHaveText('Authorization Code — With PKCE (public client)')
  await expect.poll(() => lastStep(page)).toMatchObject({ step: 0 })

  // Malformed commands, and commands from a frame that is not the parent, change nothing.
  const before = (await received(page)).length
  await page.evaluate(() => {
    const w = window as unknown as { send: (c: unknown) => void; sendFromSibling: (c: unknown) => void }
    for (const bad of [
      'next',
      null,
      [{ type: 'next' }],
      { type: 'goto', step: '3' },
      { type: 'goto', step: 99 },
      { type: 'eval' },
    ])
      w.send(bad)
    w.sendFromSibling({ type: 'next' })
    w.sendFromSibling({ type: 'goto', step: 5 })
  })
  await page.waitForTimeout(500)
  await expect(heading).toHaveText('Authorization Code — With PKCE (public client)')
  expect((await received(page)).length).toBe(before)
})

test('only embed links may be framed by another site', async ({ page, baseURL }) => {
  await openSlide(page, baseURL!, '/?flow=authorization-code&variant=pkce&step=3')
  // frame-ancestors 'self' refuses the plain link: Chromium shows its error page in the frame.
  await expect.poll(() => page.frames().map((f) => f.url())).toContain('chrome-error://chromewebdata/')
  expect(page.frames().some((f) => f.url().startsWith(new URL(baseURL!).origin))).toBe(false)
})

test('an embed that allows switching shows the Flow control; its autoplay steps on by itself', async ({
  page,
  baseURL,
}) => {
  const frame = await openSlide(
    page,
    baseURL!,
    '/?flow=client-credentials&variant=basic&embed=1&switch=1&autoplay=1&speed=fast',
  )
  await expect(frame.getByRole('combobox', { name: 'Flow' })).toHaveValue('client-credentials')
  await expect(frame.getByText(/Step 4 of 4 · flow complete/)).toBeVisible({ timeout: 15_000 })
})

test('the embed view passes axe', async ({ page }) => {
  await page.goto('./?flow=authorization-code&variant=pkce&step=3&embed=1')
  await expect(page.getByTestId('current-step').getByRole('heading', { level: 2 })).toHaveText(
    'The browser asks the authorization server',
  )
  const results = await new AxeBuilder({ page }).exclude('iframe[title="Simulated browser"]').analyze()
  expect(
    results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([])
})

test('a trainer setting the app does not know is reported on screen, not guessed', async ({ page }) => {
  await page.goto('./?flow=device&variant=default&embed=yes&speed=warp')
  const alert = page.getByRole('alert')
  await expect(alert).toContainText('embed=yes (only embed=1 is known)')
  await expect(alert).toContainText('speed=warp (known: slow, normal, fast)')
  // Not an embed, then: the full page with its Flow control.
  await expect(page.getByRole('combobox', { name: 'Flow' })).toHaveValue('device')
})
