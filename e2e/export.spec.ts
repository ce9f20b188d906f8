import { readFileSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'

const stepHeading = (page: Page) => page.getByTestId('current-step').getByRole('heading', { level: 2 })

async function exportFile(page: Page, button: string): Promise<Buffer> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('dialog', { name: 'Export' }).getByRole('button', { name: button }).click(),
  ])
  return readFileSync(await download.path())
}

/** A small .http parser: `###` blocks, a request line, headers, a blank line, a body. */
function parseHttpFile(text: string) {
  const variables = Object.fromEntries(
    [...text.matchAll(/^@(\w+) = (.+)$/gm)].map((m) => [m[1]!, m[2]!] as const),
  )
  return {
    variables,
    requests: text
      .split(/^### /m)
      .slice(1)
      .map((block) => {
        const [title = '', ...lines] = block.split('\n')
        const rest = lines.filter((l) => !l.startsWith('#'))
        const [requestLine = '', ...after] = rest
        const blank = after.indexOf('')
        const headers = after.slice(0, blank)
        const body = after
          .slice(blank + 1)
          .join('\n')
          .trim()
        const match = /^(GET|POST) (\S+) HTTP\/1\.1$/.exec(requestLine)
        expect(match, `request line of "${title}"`).not.toBeNull()
        for (const h of headers) expect(h).toMatch(/^[\w-]+: /)
        return { title, method: match![1]!, url: match![2]!, headers, body }
      }),
  }
}

test('a developer exports a whole run as .http, HAR, Mermaid, SVG and PNG', async ({ page, baseURL }) => {
  await page.goto('./?flow=authorization-code&variant=client-secret&step=10')
  // Ten real exchanges, key generation included, on a shared CI core: give the deep link time.
  await expect(page.getByText('Flow complete.')).toBeVisible({ timeout: 20_000 })
  const steps = await page
    .getByRole('list', { name: 'Steps taken' })
    .getByRole('button')
    .evaluateAll((buttons) => buttons.map((b) => b.textContent ?? ''))
  expect(steps).toHaveLength(10)
  const titles = steps.map((label) =>
    label
      .split(' — ')
      .slice(1)
      .join(' — ')
      .replace(/ \(failed\)$/, ''),
  )

  await page.getByRole('button', { name: 'Export' }).click()
  const dialog = page.getByRole('dialog', { name: 'Export' })
  await expect(dialog).toContainText('Masked as ********: the demo users’ passwords and client secrets')

  // .http: parses, one request per HTTP exchange, against @origin; passwords and secrets masked.
  const http = (await exportFile(page, 'Download .http file')).toString('utf8')
  const parsed = parseHttpFile(http)
  expect(parsed.variables['origin']).toBe(baseURL)
  expect(parsed.requests.map((r) => r.title)).toEqual(
    titles.map((t, i) => `${i + 1}. ${t}`).filter((_, i) => i !== 1), // step 2 only prepares a URL
  )
  expect(parsed.requests[0]).toMatchObject({
    method: 'GET',
    url: '{{origin}}/as/.well-known/openid-configuration',
  })
  const login = parsed.requests.find((r) => r.url === '{{origin}}/as/login')!
  expect(login.body).toContain('password=********')
  const token = parsed.requests.find((r) => r.url === '{{origin}}/as/token')!
  const basic = token.headers.find((h) => h.startsWith('authorization: Basic '))!
  const credentials = Buffer.from(basic.slice('authorization: Basic '.length), 'base64').toString()
  expect(credentials.split(':').map(decodeURIComponent)).toEqual(['web-app', '********'])
  expect(http).toContain('# Masked as ********')
  expect(http).not.toContain('wonderland')
  expect(http).not.toContain('web-app-secret')

  // The discovery request of the file runs as written against npm start.
  const discovery = await fetch(parsed.requests[0]!.url.replace('{{origin}}', parsed.variables['origin']!))
  expect(discovery.status).toBe(200)

  // HAR 1.2: parses, one entry per exchange, masked the same way.
  const harText = (await exportFile(page, 'Download HAR')).toString('utf8')
  const har = JSON.parse(harText) as {
    log: {
      version: string
      creator: { name: string }
      entries: { request: { url: string }; response: { status: number } }[]
    }
  }
  expect(har.log.version).toBe('1.2')
  expect(har.log.creator.name).toBe('Grantscope')
  expect(har.log.entries).toHaveLength(parsed.requests.length)
  expect(har.log.entries[0]!.response.status).toBe(200)
  expect(harText).not.toContain('wonderland')
  expect(harText).not.toContain('web-app-secret')

  // Asked for, the passwords and secrets are in, and the file says so.
  await dialog.getByRole('checkbox', { name: 'Include the demo users’ passwords' }).check()
  await dialog.getByRole('checkbox', { name: 'Include client secrets' }).check()
  const full = (await exportFile(page, 'Download HAR')).toString('utf8')
  expect(full).toContain('password=wonderland')
  expect(full).toContain('Nothing masked')

  // Mermaid: every step, one message per request and one per response.
  const mermaid = (await exportFile(page, 'Download Mermaid')).toString('utf8')
  expect(mermaid.startsWith('sequenceDiagram\n')).toBe(true)
  // Every step has its note, in order, with its number and title.
  expect(mermaid.match(/^ {2}Note over [\w,]+: (.+)$/gm)?.map((line) => line.replace(/^.*?: /, ''))).toEqual(
    titles.map((title, i) => `${i + 1}. ${title}`),
  )
  const responses = har.log.entries.filter((e) => e.response.status !== 0).length
  expect(mermaid.match(/-->>/g)).toHaveLength(responses)
  expect(mermaid.match(/[^-]->>/g)).toHaveLength(steps.length)

  // The diagram as SVG and PNG.
  const svg = (await exportFile(page, 'Download SVG')).toString('utf8')
  expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/)
  for (const lane of ['User + browser', 'Client', 'Authorization server', 'Resource server'])
    expect(svg).toContain(lane)
  expect(svg).toContain('POST /as/token')
  const png = await exportFile(page, 'Download PNG')
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  expect(png.readUInt32BE(16)).toBeGreaterThan(800) // width in pixels, from the IHDR chunk
})

test('the password grant’s export masks the password the user typed into the client', async ({ page }) => {
  await page.goto('./?flow=password&variant=post&step=4')
  await expect(stepHeading(page)).not.toHaveText(/Password \(legacy\) —/)
  await page.getByRole('button', { name: 'Export' }).click()
  const http = (await exportFile(page, 'Download .http file')).toString('utf8')
  expect(http).toContain('grant_type=password')
  expect(http).toContain('password=********')
  expect(http).toContain('client_secret=********')
  expect(http).not.toMatch(/wonderland|legacy-app-secret/)
})
