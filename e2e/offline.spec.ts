import { expect, test, type Page } from '@playwright/test'

test.use({ serviceWorkers: 'allow' })

const stepHeading = (page: Page) => page.getByTestId('current-step').getByRole('heading', { level: 2 })

test('after the first visit the app works without a network; the server paths are never cached', async ({
  page,
  context,
  baseURL,
}) => {
  // The worker's install downloads the whole build: not before the first screen is painted.
  await page.addInitScript(() => {
    const register = navigator.serviceWorker.register.bind(navigator.serviceWorker)
    navigator.serviceWorker.register = (...args) => {
      Object.assign(window, { registeredAt: performance.now() })
      return register(...args)
    }
  })
  await page.goto('./?flow=client-credentials&variant=basic')
  await expect(stepHeading(page)).toHaveText(/Client Credentials/)
  await expect
    .poll(() =>
      page.evaluate(() => {
        const painted = performance.getEntriesByName('first-contentful-paint')[0]?.startTime
        const registered = (window as { registeredAt?: number }).registeredAt
        return registered === undefined || painted === undefined ? 'not yet' : registered > painted
      }),
    )
    .toBe(true)
  // The worker installs (precaching the whole build) and takes control of the page.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready
    if (!navigator.serviceWorker.controller)
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve))
  })
  // The app itself talks to the Node server once online (Copy as curl asks whether it is there).
  await page.goto('./?flow=authorization-code&variant=pkce&step=1')
  await expect(page.getByText(/Runs as-is against the npm start server/)).toBeVisible()

  await context.setOffline(true)
  await page.goto('./?flow=authorization-code&variant=pkce&step=10')
  await expect(page.getByText('Flow complete.')).toBeVisible({ timeout: 20_000 })
  await expect(stepHeading(page)).toHaveText('MovieMatch reads the friends’ movies')
  // Offline, the Node server is out of reach — and no cached copy of it pretends otherwise.
  await page.goto('./?flow=authorization-code&variant=pkce&step=1')
  await expect(page.getByText(/this page has no server behind it/)).toBeVisible()
  const cached = await page.evaluate(async () => {
    const urls: string[] = []
    for (const name of await caches.keys())
      for (const request of await (await caches.open(name)).keys()) urls.push(request.url)
    return urls
  })
  expect(cached).toContain(`${baseURL}/index.html`)
  expect(cached.some((url) => url.endsWith('.js'))).toBe(true)
  expect(cached.filter((url) => /\/(as|rs)\/|\/\.well-known\//.test(new URL(url).pathname))).toEqual([])
  await context.setOffline(false)
})
