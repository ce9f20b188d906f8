import { expect, test, type Page } from '@playwright/test'
import { browserFrame, next, stepHeading } from './walk.ts'

/** Holds the runner's code back until the returned function is called: the first screen stays up. */
async function holdRunner(page: Page): Promise<() => void> {
  let release: () => void = () => undefined
  const held = new Promise<void>((resolve) => (release = resolve))
  await page.route(/\/assets\/playground-[^/]*\.js$/, async (route) => {
    await held
    await route.continue()
  })
  return () => release()
}

const differences = (page: Page) => page.getByRole('region', { name: 'What differs' })
const factRow = (page: Page, question: RegExp) => differences(page).getByRole('region', { name: question })

test.describe('Compare', () => {
  test('opens on the article’s example, runs both flows for real and highlights what differs', async ({
    page,
  }) => {
    await page.goto('./?flow=authorization-code&variant=pkce')
    await page.getByRole('link', { name: 'Compare' }).click()
    await expect(page.getByRole('heading', { level: 2, name: 'Compare' })).toBeVisible()
    await expect(page.getByRole('status').filter({ hasText: 'Both flows ran' })).toBeVisible({
      timeout: 20_000,
    })
    await expect(page.getByLabel('First flow')).toHaveValue(/^implicit:/)
    await expect(page.getByLabel('Second flow')).toHaveValue('authorization-code:pkce')
    const seen = factRow(page, /Who ever sees the access token/)
    await expect(seen).toContainText('Differs')
    await expect(seen).toContainText('The browser’s history: yes')
    await expect(factRow(page, /How does the access token reach the client/)).toContainText('Front channel')
    const authentication = factRow(page, /Does the client authenticate/)
    await expect(authentication).toContainText('Differs')
    await expect(authentication).toContainText('no token request')
    // Every step of both flows, aligned; the token request differs (a secret or PKCE, or no such step).
    const aligned = page.getByRole('list', { name: 'Steps of both flows, aligned' })
    await expect(aligned.getByRole('listitem').filter({ hasText: 'POST /as/token' })).toHaveClass(
      /gs-differs/,
    )
  })

  test('a deep link opens a comparison, and the choosers change it', async ({ page }) => {
    await page.goto('./?compare=authorization-code:client-secret,authorization-code:pkce')
    await expect(page.getByLabel('First flow')).toHaveValue('authorization-code:client-secret')
    await expect(page.getByRole('status').filter({ hasText: 'Both flows ran' })).toBeVisible({
      timeout: 20_000,
    })
    await expect(factRow(page, /Does the client authenticate/)).toContainText('client_secret_basic')
    await page.getByLabel('Second flow').selectOption('authorization-code:client-secret')
    await expect(page).toHaveURL(/compare=authorization-code:client-secret,authorization-code:client-secret$/)
    await expect(page.getByRole('status').filter({ hasText: 'Both flows ran. 0 of' })).toBeVisible({
      timeout: 20_000,
    })
    await page.goBack()
    await expect(page.getByLabel('Second flow')).toHaveValue('authorization-code:pkce')
  })

  test('an unknown flow in a comparison link is reported', async ({ page }) => {
    await page.goto('./?compare=web-app,authorization-code:pkce')
    await expect(page.getByRole('alert')).toContainText('“web-app”')
  })
})

test.describe('Which grant should I use?', () => {
  const answer = async (page: Page, ...answers: ('Yes' | 'No')[]) => {
    for (const a of answers) await page.getByRole('button', { name: a, exact: true }).click()
  }

  test('a single-page app lands on the code grant with PKCE, and runs it', async ({ page }) => {
    await page.goto('./')
    await page.getByRole('link', { name: 'Which grant should I use?' }).click()
    await expect(page.getByRole('heading', { level: 3 })).toHaveText('1. Is a user present?')
    await answer(page, 'Yes', 'Yes')
    await expect(
      page.getByRole('heading', { level: 3, name: '3. Can the client keep a secret?' }),
    ).toBeFocused()
    await answer(page, 'No')
    await expect(
      page.getByRole('heading', { level: 3, name: /^Recommended: Authorization Code with PKCE/ }),
    ).toBeVisible()
    await expect(page).toHaveURL(/guide=user:yes,browser:yes,secret:no$/)
    await expect(page.getByRole('link', { name: 'RFC 9700 §2.1.1' })).toBeVisible()
    await expect(page.getByRole('link', { name: 'RFC 9700 §2.1.2' })).toBeVisible()
    await page.getByRole('button', { name: /^Run Authorization Code — With PKCE/ }).click()
    await expect(stepHeading(page)).toHaveText('Authorization Code — With PKCE (public client)')
    await expect(page).toHaveURL(/flow=authorization-code&variant=pkce/)
  })

  test('a server-side web app lands on the code grant with a client secret; Back undoes an answer', async ({
    page,
  }) => {
    await page.goto('./?guide')
    await answer(page, 'Yes', 'Yes', 'Yes')
    await expect(
      page.getByRole('heading', { level: 3, name: /^Recommended: Authorization Code \(confidential/ }),
    ).toBeVisible()
    await page.goBack()
    await expect(
      page.getByRole('heading', { level: 3, name: '3. Can the client keep a secret?' }),
    ).toBeVisible()
    await answer(page, 'Yes')
    await page.getByRole('button', { name: /^Run Authorization Code — With a client secret/ }).click()
    await expect(stepHeading(page)).toHaveText(
      'Authorization Code — With a client secret (confidential client)',
    )
  })

  test('a TV without a browser lands on the device grant — never the password grant', async ({ page }) => {
    await page.goto('./?guide=user:yes')
    await answer(page, 'No', 'No', 'Yes')
    await expect(
      page.getByRole('heading', {
        level: 3,
        name: 'Recommended: Device Authorization (not the password grant)',
      }),
    ).toBeVisible()
    await expect(page.getByRole('link', { name: 'RFC 9700 §2.4' })).toBeVisible()
    await expect(page.getByRole('button', { name: /^Run Device Authorization/ })).toBeVisible()
    // Change an earlier answer: no user at all is the client credentials grant.
    await page.getByRole('link', { name: 'Change the answer to “Is a user present?”' }).click()
    await answer(page, 'No')
    await expect(
      page.getByRole('heading', { level: 3, name: 'Recommended: Client Credentials' }),
    ).toBeVisible()
    await page.getByRole('button', { name: /^Run Client Credentials/ }).click()
    await expect(page).toHaveURL(/flow=client-credentials/)
  })
})

test.describe('Glossary', () => {
  test('a term in an explanation shows its meaning on hover and focus, and opens the Glossary', async ({
    page,
  }) => {
    await page.goto('./?flow=authorization-code&variant=pkce&step=4')
    await expect(stepHeading(page)).toHaveText('The user signs in at the authorization server')
    const term = page.getByTestId('current-step').getByRole('link', { name: 'authorization server' })
    await term.hover()
    const card = page.getByRole('tooltip')
    await expect(card).toBeVisible()
    await expect(card).toContainText('signs the user in')
    await page.mouse.move(0, 0)
    await expect(card).toBeHidden()
    await term.focus()
    await expect(card).toBeVisible()
    await expect(term).toHaveAccessibleDescription(/signs the user in/)
    await page.keyboard.press('Escape')
    await expect(card).toBeHidden()
    await term.click()
    await expect(page).toHaveURL(/glossary=authorization-server$/)
    const entry = page.getByRole('article', { name: 'authorization server' })
    await expect(entry).toBeFocused()
    await expect(entry).toContainText('RFC 6749 §1.1')
    await page.goBack()
    await expect(stepHeading(page)).toHaveText('The user signs in at the authorization server')
  })

  test('the Glossary has every term of the jargon, and filters', async ({ page }) => {
    await page.goto('./')
    await page.getByRole('link', { name: 'Glossary' }).click()
    for (const name of ['resource owner', 'PKCE', 'front channel', 'bearer token', 'JWKS', 'discovery'])
      await expect(page.getByRole('article', { name, exact: true })).toBeVisible()
    await page.getByLabel('Filter terms').fill('refresh')
    await expect(page.getByRole('article', { name: 'refresh token' })).toBeVisible()
    await expect(page.getByRole('article', { name: 'PKCE' })).toBeHidden()
  })
})

test.describe('The playground, reviewed by hand', () => {
  test('an unknown flow or variant in a link is said on screen', async ({ page }) => {
    await page.goto('./?flow=authorization-code&variant=web-app')
    await expect(page.getByRole('alert')).toContainText('variant "web-app" of Authorization Code')
    await expect(stepHeading(page)).toHaveText('Authorization Code — With PKCE (public client)')
    await page.goto('./?flow=nope')
    await expect(page.getByRole('alert')).toContainText('flow "nope"')
  })

  test('the browser’s own Back and Forward buttons move between steps; deep links still work', async ({
    page,
  }) => {
    await page.goto('./?flow=authorization-code&variant=pkce')
    await next(page)
    await next(page)
    await expect(stepHeading(page)).toHaveText('The client sends the user to the authorization server')
    await page.goBack()
    await expect(stepHeading(page)).toHaveText('The client reads the server’s configuration')
    await expect(page).toHaveURL(/step=1$/)
    await page.goBack()
    await expect(stepHeading(page)).toHaveText('Authorization Code — With PKCE (public client)')
    await page.goForward()
    await page.goForward()
    await expect(stepHeading(page)).toHaveText('The client sends the user to the authorization server')

    await page.goto('./?flow=authorization-code&variant=pkce&step=7')
    await expect(stepHeading(page)).toHaveText('The client exchanges the code for tokens')
    await next(page)
    await expect(stepHeading(page)).toHaveText('The client verifies the ID token')
    await page.goBack()
    await expect(stepHeading(page)).toHaveText('The client exchanges the code for tokens')
  })

  test('Next pressed on the first screen, before the playground is ready, still makes one history entry per step', async ({
    page,
  }) => {
    // Hold the runner back (a slow machine, a slow network) so both presses land on the first screen.
    const release = await holdRunner(page)
    await page.goto('./?flow=authorization-code&variant=pkce')
    await next(page)
    await next(page)
    await expect(page.getByText('Step 2 runs as soon as it is ready.')).toBeVisible()
    release()
    await expect(stepHeading(page)).toHaveText('The client sends the user to the authorization server')
    await page.goBack()
    await expect(stepHeading(page)).toHaveText('The client reads the server’s configuration')
    await expect(page).toHaveURL(/step=1$/)
  })

  for (const { width, height, flow } of [
    { width: 390, height: 844, flow: 'flow=authorization-code&variant=pkce' },
    { width: 1440, height: 900, flow: 'flow=client-credentials&variant=basic' },
    { width: 1440, height: 900, flow: 'flow=lesson-csrf&variant=vulnerable' },
  ]) {
    test(`nothing moves when the runner takes over from the first screen (${width} px, ${flow})`, async ({
      page,
    }) => {
      // Held back, so the first screen can be measured before the runner replaces it.
      const release = await holdRunner(page)
      await page.setViewportSize({ width, height })
      await page.goto(`./?${flow}`)
      const firstScreen = page.getByTestId('first-screen')
      await expect(firstScreen).toBeVisible()
      // Everything the two screens share, by where it is drawn.
      const places = () =>
        page.evaluate(() =>
          [
            '[role="toolbar"]',
            '[role="group"][aria-label="Clock"]',
            '[data-testid="server-note"]',
            'section[aria-label="Attack lesson"]',
            'figure',
            '[role="toolbar"][aria-label="Trainer tools"]',
            // The step card: where it starts (its content grows once the runner has it).
            '[data-testid="first-screen"], [data-testid="current-step"]',
          ].map((selector) => {
            const box = document.querySelector(selector)?.getBoundingClientRect()
            if (box === undefined) return undefined
            const place = { selector, x: box.x, y: box.y, width: box.width }
            return selector.includes('current-step') ? place : { ...place, height: box.height }
          }),
        )
      const before = await places()
      expect(before.filter(Boolean).length).toBeGreaterThanOrEqual(3)
      release()
      await expect(firstScreen).toHaveCount(0)
      await expect(page.getByRole('button', { name: 'Server settings' })).toBeEnabled()
      expect(await places()).toEqual(before)
    })
  }

  test('the first screen is drawn before the runner’s code is asked for (ten chunks at most), and leaves the page hidden', async ({
    page,
  }) => {
    // Asked for during the first render, the runner's chunks would compete with the first screen's own;
    // removed while still laid out, the first screen's layout would be torn down inside React's commit.
    await page.addInitScript(() => {
      const removeChild = Object.getOwnPropertyDescriptor(Node.prototype, 'removeChild')?.value as (
        this: Node,
        child: Node,
      ) => Node
      const log: string[] = []
      Object.assign(window, { removedFirstScreens: log })
      Node.prototype.removeChild = function <T extends Node>(this: Node, child: T): T {
        if (child instanceof HTMLElement && child.querySelector('[data-testid="first-screen"]'))
          log.push(child.checkVisibility() ? 'visible' : 'hidden')
        return removeChild.call(this, child) as T
      }
    })
    await page.goto('./?flow=authorization-code&variant=pkce')
    await expect(stepHeading(page)).toHaveText('Authorization Code — With PKCE (public client)')
    await expect(page.getByTestId('first-screen')).toHaveCount(0)
    const [painted, asked] = await page.evaluate(() => [
      performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
      performance
        .getEntriesByType('resource')
        .find((entry) => /\/assets\/playground-[^/]*\.js$/.test(entry.name))?.startTime,
    ])
    expect(painted).toBeGreaterThan(0)
    expect(asked).toBeGreaterThan(painted ?? Infinity)
    // A budget of requests for the runner (vite.config.ts groups its small chunks): over HTTP/1.1 a
    // browser asks six at a time, so each chunk past that is another round trip on a slow network.
    const runnerChunks = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((entry) => /\/assets\/[^/]*\.js$/.test(entry.name))
        .filter(
          (entry) =>
            entry.startTime >= (performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0),
        )
        .map((entry) => entry.name.split('/').pop()),
    )
    expect(runnerChunks.length, runnerChunks.join(' ')).toBeLessThanOrEqual(10)
    expect(
      await page.evaluate(() => (window as unknown as { removedFirstScreens: string[] }).removedFirstScreens),
    ).toEqual(['hidden'])
  })

  test('Home and End move between the inspector tabs', async ({ page }) => {
    await page.goto('./?flow=authorization-code&variant=pkce&step=1')
    await page.getByRole('tab', { name: 'HTTP' }).focus()
    await page.keyboard.press('End')
    await expect(page.getByRole('tab', { name: /^Tokens/ })).toBeFocused()
    await expect(page.getByRole('tab', { name: /^Tokens/ })).toHaveAttribute('aria-selected', 'true')
    await page.keyboard.press('Home')
    await expect(page.getByRole('tab', { name: 'HTTP' })).toBeFocused()
    await expect(page.getByRole('tab', { name: 'HTTP' })).toHaveAttribute('aria-selected', 'true')
  })

  test('after Back, a recorded page says it is a read-only record', async ({ page }) => {
    await page.goto('./?flow=authorization-code&variant=pkce&step=4')
    await expect(page.getByText('Recorded page, read-only.')).toBeHidden()
    await page.getByRole('button', { name: 'Back', exact: true }).click()
    await expect(stepHeading(page)).toHaveText('The browser asks the authorization server')
    await expect(page.getByText('Recorded page, read-only.')).toBeVisible()
  })

  test('the diagram draws each response, but response arrows are not steps', async ({ page }) => {
    await page.goto('./?flow=authorization-code&variant=pkce&step=10')
    await expect(page.getByText('Step 10 of 10')).toBeVisible()
    const steps = page.getByRole('list', { name: 'Steps taken' }).getByRole('button')
    await expect(steps).toHaveCount(10)
    await expect(steps.nth(0)).toContainText('200 metadata')
    await expect(steps.nth(2)).toContainText('200 login page')
    await expect(steps.nth(4)).toContainText('302 + code')
    await expect(steps.nth(6)).toContainText('200 tokens')
    await expect(steps.nth(7)).toContainText('200 keys (JWKS)')
    // WCAG 2.5.3: each step button's name starts with exactly the text it shows.
    for (const button of await steps.all()) {
      const shown = await button.evaluate((el) => {
        const copy = el.cloneNode(true) as HTMLElement
        copy.querySelectorAll('.sr-only, [aria-hidden]').forEach((n) => n.remove())
        return copy.textContent?.replace(/\s+/g, '') ?? ''
      })
      expect(shown.length).toBeGreaterThan(3)
      // The name's spacing between the number, the request and the response is free; the text is not.
      const escaped = [...shown].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      await expect(button).toHaveAccessibleName(new RegExp(`^${escaped.join('\\s*')}`))
    }
    await steps.nth(4).click()
    await expect(stepHeading(page)).toHaveText('The user decides what the client may do')
    await expect(steps.nth(4)).toBeFocused()
  })

  test('a new step is announced, and focus follows the user through the server’s pages', async ({ page }) => {
    await page.goto('./?flow=authorization-code&variant=pkce&step=3')
    await expect(page.getByTestId('step-announcer')).toHaveText(
      'Step 3: The browser asks the authorization server',
    )
    const frame = browserFrame(page)
    await frame.getByLabel('Username').fill('alice')
    await frame.getByLabel('Password').fill('wonderland')
    await frame.getByRole('button', { name: 'Sign in' }).click()
    await expect(stepHeading(page)).toHaveText('The user signs in at the authorization server')
    // The consent page replaced the login page: its first control has the focus, not the page body.
    await expect(frame.getByRole('button', { name: 'Deny' })).toBeFocused()
    await frame.getByRole('button', { name: 'Allow' }).click()
    await expect(stepHeading(page)).toHaveText('The user decides what the client may do')
    await expect(page.getByRole('button', { name: 'Next', exact: true })).toBeFocused()
  })
})
