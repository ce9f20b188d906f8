import { existsSync } from 'node:fs'
import { extname, join, resolve } from 'node:path'
import { expect, test } from '@playwright/test'

const dist = resolve('dist')
const host = 'https://static.example/some/folder/'
const types: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
}

test('the static build runs from a sub-folder of any static host, with no backend at all', async ({
  page,
}) => {
  const served: string[] = []
  // A dumb static host: files from dist/ under /some/folder/, nothing else exists on this origin.
  await page.route('https://static.example/**', async (route) => {
    const url = new URL(route.request().url())
    const relative = url.pathname.startsWith('/some/folder/')
      ? url.pathname.slice('/some/folder/'.length) || 'index.html'
      : undefined
    const file = relative === undefined ? undefined : join(dist, relative)
    if (file === undefined || !existsSync(file)) return route.fulfill({ status: 404, body: 'not found' })
    served.push(url.pathname)
    return route.fulfill({ path: file, contentType: types[extname(file)] ?? 'application/octet-stream' })
  })
  await page.goto(`${host}?flow=authorization-code&variant=pkce&step=10`)
  await expect(page.getByTestId('current-step').getByRole('heading', { level: 2 })).toHaveText(
    'MovieMatch reads the friends’ movies',
  )
  await expect(page.getByText('Flow complete.')).toBeVisible()
  await expect(page).toHaveURL(`${host}?flow=authorization-code&variant=pkce&step=10`)
  // Only files were fetched: the authorization and resource servers answered inside the page.
  expect(served.every((p) => p.startsWith('/some/folder/'))).toBe(true)
  expect(served.some((p) => p.includes('/as/') || p.includes('/rs/'))).toBe(false)
})

test('the static build has the redirect URI as a page of its own, and says a confidential client needs npm start', async ({
  page,
}) => {
  // A dumb static host: files only. Real hosts redirect the folder /callback to /callback/ (a
  // Playwright route cannot answer a navigation with a redirect, so the test opens /callback/).
  await page.route('https://static.example/**', async (route) => {
    const url = new URL(route.request().url())
    const relative = url.pathname.startsWith('/some/folder/')
      ? url.pathname.slice('/some/folder/'.length)
      : undefined
    const file =
      relative === undefined
        ? undefined
        : join(dist, relative === '' || relative.endsWith('/') ? `${relative}index.html` : relative)
    if (file === undefined || !existsSync(file)) return route.fulfill({ status: 404, body: 'not found' })
    return route.fulfill({ path: file, contentType: types[extname(file)] ?? 'application/octet-stream' })
  })
  await page.goto(`${host}callback/?code=abc123&state=s1`)
  await expect(page.getByRole('heading', { name: 'What arrived at the redirect URI' })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Response parameters' })).toContainText('abc123')
  await expect(page.getByText('https://static.example/some/folder/callback', { exact: true })).toBeVisible()

  await page.goto(`${host}?provider`)
  await expect(page.getByText(`${host}callback`, { exact: true })).toBeVisible()
  await page.getByLabel('Client authentication').selectOption('client_secret_basic')
  await expect(page.getByText(/A confidential client needs npm start/)).toBeVisible()
  await expect(page.getByLabel('Through the relay of npm start')).toBeDisabled()
})
