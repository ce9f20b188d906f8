import { execFileSync, spawnSync } from 'node:child_process'
import { expect, test, type Page } from '@playwright/test'

const stepHeading = (page: Page) => page.getByTestId('current-step').getByRole('heading', { level: 2 })
// GS_E2E_NO_CURL=1 tries the fetch fallback on a machine that has curl.
const hasCurl = !process.env['GS_E2E_NO_CURL'] && spawnSync('curl', ['--version']).status === 0

/** Runs a copied command with the system curl; without curl, replays what it says with fetch. */
async function run(command: string): Promise<{ status: number; body: string }> {
  if (hasCurl) {
    const out = execFileSync('sh', ['-c', command], { encoding: 'utf8', timeout: 10_000 })
    const [head = '', ...rest] = out.split(/\r?\n\r?\n/)
    return { status: Number(/^HTTP\/[\d.]+ (\d{3})/.exec(head)?.[1]), body: rest.join('\n\n') }
  }
  const words = [...command.matchAll(/'((?:[^']|'\\'')*)'/g)].map((m) => m[1]!.replace(/'\\''/g, "'"))
  const url = words.at(-1)!
  const headers = words.filter((w, i) => command.includes(`-H '${w}`) && i < words.length - 1)
  const data = /--data-raw '((?:[^']|'\\'')*)'/.exec(command)?.[1]?.replace(/'\\''/g, "'")
  const response = await fetch(url, {
    method: data === undefined ? 'GET' : 'POST',
    headers: headers.map(
      (h) => [h.slice(0, h.indexOf(':')), h.slice(h.indexOf(':') + 1).trim()] as [string, string],
    ),
    ...(data === undefined ? {} : { body: data }),
  })
  return { status: response.status, body: await response.text() }
}

async function copyAsCurl(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Copy as curl' }).click()
  await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible()
  return page.evaluate(() => navigator.clipboard.readText())
}

test.use({ permissions: ['clipboard-read', 'clipboard-write'] })

test('a discovery step copied as curl runs as-is against npm start', async ({ page, baseURL }) => {
  await page.goto('./?flow=authorization-code&variant=pkce&step=1')
  await expect(stepHeading(page)).toHaveText('The client reads the server’s configuration')
  await expect(page.getByText(/Runs as-is against the npm start server/)).toBeVisible()
  const command = await copyAsCurl(page)
  expect(command).toMatch(/^curl -sS -i/)
  expect(command).toContain(`'${baseURL}/as/.well-known/openid-configuration'`)
  const { status, body } = await run(command)
  expect(status).toBe(200)
  expect(JSON.parse(body)).toMatchObject({ issuer: `${baseURL}/as`, token_endpoint: `${baseURL}/as/token` })
})

test('a token request says it only works at the server that issued its code — and it does not elsewhere', async ({
  page,
}) => {
  await page.goto('./?flow=authorization-code&variant=client-secret&step=7')
  await expect(stepHeading(page)).toHaveText('The client exchanges the code for tokens')
  await expect(
    page.getByText(/Only the server that issued the authorization code accepts this request/),
  ).toBeVisible()
  const command = await copyAsCurl(page)
  expect(command).toContain('grant_type=authorization_code')
  const { status, body } = await run(command)
  expect(status).toBe(400)
  expect(JSON.parse(body)).toMatchObject({ error: 'invalid_grant' })
})

test('the front-channel URL the client built is copied as curl too', async ({ page, baseURL }) => {
  await page.goto('./?flow=authorization-code&variant=pkce&step=2')
  await expect(stepHeading(page)).toHaveText('The client sends the user to the authorization server')
  const command = await copyAsCurl(page)
  expect(command).toContain(`'${baseURL}/as/authorize?response_type=code&client_id=spa`)
  const { status, body } = await run(command)
  expect(status).toBe(200)
  expect(body).toContain('Sign in')
})

/** Runs the callback page's command (`curl -s -u ID:SECRET URL -d …`); without curl, the same with fetch. */
async function runRecipe(command: string): Promise<Record<string, unknown>> {
  if (hasCurl)
    return JSON.parse(execFileSync('sh', ['-c', command], { encoding: 'utf8', timeout: 10_000 })) as Record<
      string,
      unknown
    >
  const [, credentials = '', url = ''] = /-u (\S+) (\S+)/.exec(command) ?? []
  const form = [...command.matchAll(/-d (\S+)/g)].map((m) => m[1]!).join('&')
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${btoa(credentials)}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: form,
  })
  return (await response.json()) as Record<string, unknown>
}

test('the README recipe: sign in in the browser, and the callback page’s curl command redeems the code — once', async ({
  page,
  baseURL,
}) => {
  const authorize = new URL(`${baseURL}/as/authorize`)
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: 'web-app',
    redirect_uri: `${baseURL}/callback`,
    scope: 'openid profile friends.read movies.read',
    state: 'xyz',
  }).toString()
  await page.goto(authorize.href)
  await page.getByLabel('Username').fill('alice')
  await page.getByLabel('Password').fill('wonderland')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('button', { name: 'Allow' }).click()
  await expect(page.getByRole('heading', { name: 'What arrived at the redirect URI' })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Response parameters' })).toContainText('xyz')
  await page.getByRole('button', { name: 'Copy curl command' }).click()
  const command = await page.evaluate(() => navigator.clipboard.readText())
  expect(command).toContain(`-u web-app:web-app-secret ${baseURL}/as/token`)

  const tokens = await runRecipe(command)
  expect(tokens).toMatchObject({ token_type: 'Bearer', scope: 'openid profile friends.read movies.read' })
  expect(String(tokens['id_token']).split('.')).toHaveLength(3)
  const movies = await fetch(`${baseURL}/rs/me/friends/movies`, {
    headers: { Authorization: `Bearer ${String(tokens['access_token'])}` },
  })
  expect(movies.status).toBe(200)
  // A code is good for one redemption (RFC 6749 §4.1.2): the same command again is refused.
  expect(await runRecipe(command)).toMatchObject({ error: 'invalid_grant' })
})
