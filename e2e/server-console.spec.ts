import { expect, test, type Page } from '@playwright/test'
import { serveDistAt } from './support/static-host.ts'

const next = (page: Page) => page.getByRole('button', { name: 'Next', exact: true }).click()
/**
 * The note under the server choice that the learner sees. The first screen draws its own copy, and
 * when the runner takes over it stays, hidden, for one more frame (`useRetired`): the hidden copy is
 * no note anyone reads.
 */
const serverNote = (page: Page) => page.getByTestId('server-note').filter({ visible: true })
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`

async function openConsole(page: Page) {
  await page.getByRole('button', { name: 'Server console' }).click()
  const panel = page.getByRole('region', { name: 'Server console' })
  await expect(panel.getByRole('status')).toHaveText(/^Live/)
  return panel
}

test('the Server console shows a request another client sent, with the server’s reasoning and no secret', async ({
  page,
  request,
}) => {
  await page.goto('./?flow=client-credentials&variant=basic')
  const panel = await openConsole(page)
  // A developer's app (here: the test, like curl) sends a wrong secret and gets 401.
  const answer = await request.post('as/token', {
    form: { grant_type: 'client_credentials', scope: 'movies.read' },
    headers: { authorization: basic('service', 'not-the-secret') },
  })
  expect(answer.status()).toBe(401)
  const row = panel.getByRole('button', { name: /POST \/as\/token 401/ })
  await expect(row).toBeVisible()
  await row.click()
  const detail = panel.getByRole('article', { name: 'Selected exchange' })
  // Why the app was refused, in the server's own words, with the spec reference.
  await expect(detail.getByRole('list', { name: 'Server decisions' })).toContainText(
    'Wrong client secret for service',
  )
  await expect(detail).toContainText('check-client-authentication')
  await expect(detail).toContainText('client_id "service", secret hidden')
  await expect(panel).not.toContainText('not-the-secret')

  // A good request appears live too, its access token decoded and its signature not shown.
  const good = await request.post('as/token', {
    form: { grant_type: 'client_credentials', scope: 'movies.read' },
    headers: { authorization: basic('service', 'service-secret') },
  })
  const { access_token: token } = (await good.json()) as { access_token: string }
  await panel
    .getByRole('button', { name: /POST \/as\/token 200/ })
    .first()
    .click()
  await expect(detail).toContainText('Decoded tokens')
  await expect(detail).toContainText('"sub": "service"')
  await expect(panel).not.toContainText(token.split('.')[2]!)
  await expect(panel).not.toContainText('service-secret')
})

test('the flows run against the Node server when chosen, and the console shows them as the playground’s', async ({
  page,
}) => {
  await page.goto('./?flow=client-credentials&variant=basic')
  await expect(serverNote(page)).toContainText('does not know them')
  await page.getByRole('radio', { name: 'Node server (npm start)' }).check()
  await expect(serverNote(page)).toContainText('The Node server at')
  await expect(page.getByTestId('current-step')).toContainText(
    'the Node server of npm start answers over HTTP',
  )
  for (let i = 0; i < 4; i++) await next(page)
  await expect(page.getByText('Flow complete.')).toBeVisible()
  const panel = await openConsole(page)
  const read = panel.getByRole('button', { name: /GET \/rs\/movies 200/ })
  await expect(read).toBeVisible()
  await expect(read).toContainText('playground')
  // The choice is kept: after a reload the Node server still answers.
  await page.reload()
  await expect(serverNote(page)).toContainText('The Node server at')
})

test('a page from a static host says the console is part of npm start only', async ({ page }) => {
  await serveDistAt(page, 'https://static.example')
  await page.goto('https://static.example/')
  await expect(serverNote(page)).toContainText('runs in this page')
  await expect(page.getByRole('radio', { name: 'Node server (npm start)' })).toHaveCount(0)
  await page.getByRole('button', { name: 'Server console' }).click()
  const panel = page.getByRole('region', { name: 'Server console' })
  await expect(panel).toContainText('The server console is part of npm start only.')
  await expect(panel).toContainText('npm start')
})
