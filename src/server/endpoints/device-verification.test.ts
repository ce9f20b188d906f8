import { beforeEach, describe, expect, it } from 'vitest'
import {
  createTestServer,
  entriesOf,
  json,
  outcomeOf,
  postForm,
  TestBrowser,
  testIssuer,
  type TestServer,
} from '../test-utils.ts'

let t: TestServer
let browser: TestBrowser
beforeEach(async () => {
  t = await createTestServer()
  browser = TestBrowser.for(t.server)
})

async function userCode(): Promise<string> {
  const traced = await postForm(t.server, '/as/device_authorization', {
    client_id: 'tv',
    scope: 'openid profile',
  })
  return String((await json(traced))['user_code'])
}

const wrongCode = 'BBBB-BBBB'

describe('device verification pages (RFC 8628 §3.3)', () => {
  it('GET /as/device: a "Code" field and a "Continue" button, with the AS pages\' security headers and no script', async () => {
    const traced = await browser.open(`${testIssuer}/device`)
    expect(traced.response.status).toBe(200)
    const h = traced.response.headers
    expect(h.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(h.get('x-frame-options')).toBe('DENY')
    expect(h.get('access-control-allow-origin')).toBeNull()
    expect(browser.html).toContain('<label for="user_code">Code</label>')
    expect(browser.html).toContain('Continue</button>')
    expect(browser.html).not.toContain('<script')
  })

  it('verification_uri_complete prefills the code', async () => {
    const code = await userCode()
    const { verification_uri_complete: complete } = await json(
      await postForm(t.server, '/as/device_authorization', { client_id: 'tv', scope: 'openid' }),
    )
    await browser.open(String(complete))
    expect(browser.html).toMatch(/name="user_code"[^>]*value="[A-Z]{4}-[A-Z]{4}"/)
    await browser.open(`${testIssuer}/device?user_code=${code.toLowerCase()}`)
    expect(browser.html).toContain(`value="${code}"`)
  })

  it.each([
    ['as shown', (c: string) => c],
    ['in lower case without the dash', (c: string) => c.toLowerCase().replace('-', '')],
    ['with spaces', (c: string) => ` ${c.slice(0, 4)} ${c.slice(5)} `],
  ])('accepts the code %s, then shows the login page', async (_label, typed) => {
    const code = await userCode()
    const traced = await browser.enterCode(typed(code))
    expect(traced.response.status).toBe(200)
    expect(browser.html).toContain('<label for="username">Username</label>')
    expect(browser.html).toContain('MovieMatch for TV')
    expect(outcomeOf(traced, 'check-user-code')).toBe('pass')
  })

  it('consent names MovieMatch for TV and shows the user code to compare; Allow → the success page', async () => {
    const code = await userCode()
    await browser.enterCode(code)
    await browser.signIn()
    expect(browser.html).toContain('MovieMatch for TV wants to access your account')
    expect(browser.html).toContain(`<code>${code}</code>`)
    expect(browser.html).not.toContain('sent back to')
    const allowed = await browser.allow()
    expect(allowed.response.status).toBe(200)
    expect(allowed.response.headers.get('location')).toBeNull()
    expect(browser.html).toContain(
      "You're signed in on MovieMatch for TV. You can close this page and go back to your TV.",
    )
    expect(outcomeOf(allowed, 'record-device-decision')).toBe('pass')
  })

  it('Deny → a page that says access was denied, no redirect', async () => {
    await browser.enterCode(await userCode())
    await browser.signIn()
    const denied = await browser.deny()
    expect(denied.response.status).toBe(200)
    expect(denied.response.headers.get('location')).toBeNull()
    expect(browser.html).toContain('Access denied')
    expect(browser.html).toContain('MovieMatch for TV will not get access to your account')
  })

  it('a signed-in browser goes straight to consent', async () => {
    await browser.enterCode(await userCode())
    await browser.signIn()
    await browser.allow()
    const traced = await browser.enterCode(await userCode())
    expect(browser.html).toContain('value="allow"')
    expect(entriesOf(traced, 'find-session')[0]?.summary).toContain('Already signed in as alice')
  })

  it('a wrong code shows the Code page again with an error', async () => {
    const traced = await browser.enterCode(wrongCode)
    expect(traced.response.status).toBe(200)
    expect(browser.html).toContain(
      'That code is not valid or has expired. Check the code on your device and try again.',
    )
    expect(browser.html).toContain(`value="${wrongCode}"`)
    expect(entriesOf(traced, 'check-user-code')[0]).toMatchObject({
      outcome: 'fail',
      summary: `"${wrongCode}" is not a valid code: no live device authorization has the user code ${wrongCode}. Wrong code 1 of 10 allowed in the window`,
    })
  })

  it('an expired code and a used code are refused the same way', async () => {
    const expired = await userCode()
    t.clock.advance(600)
    const late = await browser.enterCode(expired)
    expect(browser.html).toContain('That code is not valid or has expired.')
    expect(entriesOf(late, 'check-user-code')[0]?.summary).toContain('the user code expired at 11:10:00')
    const used = await userCode()
    await browser.enterCode(used)
    await browser.signIn()
    await browser.allow()
    const again = await browser.enterCode(used)
    expect(browser.html).toContain('That code is not valid or has expired.')
    expect(outcomeOf(again, 'check-user-code')).toBe('fail')
  })

  it('after 10 wrong codes, even a right one is refused until the window has passed (RFC 8628 §5.1)', async () => {
    const code = await userCode()
    for (let i = 0; i < 10; i++) await TestBrowser.for(t.server).enterCode(wrongCode)
    const blocked = await browser.enterCode(code)
    expect(blocked.response.status).toBe(429)
    expect(browser.html).toContain('Too many wrong codes were entered. Wait a few minutes, then try again.')
    expect(entriesOf(blocked, 'check-user-code-rate-limit')[0]).toMatchObject({
      outcome: 'fail',
      summary:
        'policy maxFailedUserCodes=10: 10 wrong user codes in the last 300 s: no code is looked up until 11:05:00',
    })
    expect(outcomeOf(blocked, 'check-user-code')).toBeUndefined()
    t.clock.advance(300)
    await browser.enterCode(code)
    expect(browser.html).toContain('Username')
  })

  it('only the first of two browsers that entered the same code can decide', async () => {
    const code = await userCode()
    const other = TestBrowser.for(t.server)
    for (const b of [browser, other]) {
      await b.enterCode(code)
      await b.signIn()
    }
    await browser.allow()
    const late = await other.deny()
    expect(late.response.status).toBe(400)
    expect(other.html).toContain('This code has expired or was already used. Start again on your device.')
    expect(entriesOf(late, 'record-device-decision')[0]).toMatchObject({
      outcome: 'fail',
      summary: 'Another browser already answered for this user code: nothing is recorded',
    })
  })

  it('a decision after the code expired records nothing', async () => {
    await browser.enterCode(await userCode())
    await browser.signIn()
    t.clock.advance(600)
    const late = await browser.allow()
    expect(late.response.status).toBe(400)
    expect(outcomeOf(late, 'check-interaction')).toBe('fail')
  })
})
