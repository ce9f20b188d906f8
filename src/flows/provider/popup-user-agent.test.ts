import { describe, expect, it } from 'vitest'
import {
  deliverToParkedRun,
  offerToRunningFlow,
  parkRun,
  takeResumedRun,
  withSecret,
  withoutSecrets,
} from './callback-handoff.ts'
import { PopupUserAgent, SignInAbandoned } from './popup-user-agent.ts'
import { FakeBus, memoryStorage } from './provider-test-utils.ts'

const origin = 'http://localhost:8080'
const redirectUri = `${origin}/callback`
const authorize = (state: string) => ({
  method: 'GET' as const,
  url: `https://id.example/auth?client_id=c&state=${state}`,
})
const popupWindow = () => ({ closed: false, focus: () => undefined, close() {} })

function agent(bus: FakeBus, extra: Partial<ConstructorParameters<typeof PopupUserAgent>[0]> = {}) {
  return new PopupUserAgent({
    redirectUri,
    origin,
    signIn: 'popup',
    open: popupWindow,
    channel: bus.channel,
    leave: () => undefined,
    pollMs: 5,
    ...extra,
  })
}

const storage = memoryStorage

describe('the popup user-agent', () => {
  it('takes only the response with its own state, and tells the callback page it took it', async () => {
    const bus = new FakeBus()
    const ua = agent(bus)
    const visit = ua.navigate(authorize('mine'))
    expect(ua.status.phase).toBe('waiting')
    // Another run's response (an older popup, another tab) is left alone.
    expect(await offerToRunningFlow(bus.channel(), `${redirectUri}?code=x&state=theirs`, origin, 50)).toBe(
      false,
    )
    // A static host that redirected /callback to /callback/ still counts as the redirect URI.
    expect(await offerToRunningFlow(bus.channel(), `${origin}/callback/?code=c&state=mine`, origin)).toBe(
      true,
    )
    const { outcome, exchange } = await visit
    expect(outcome).toEqual({ kind: 'redirect', location: `${redirectUri}?code=c&state=mine` })
    expect(exchange?.request.url).toBe(authorize('mine').url)
    expect(ua.status.phase).toBe('idle')
  })

  it('ignores messages from another origin', async () => {
    const bus = new FakeBus()
    const ua = agent(bus)
    let settled = false
    void ua.navigate(authorize('s')).then(
      () => (settled = true),
      () => undefined,
    )
    bus.emit({ type: 'authorization-response', url: `${redirectUri}?state=s&code=c` }, 'https://evil.example')
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(settled).toBe(false)
    ua.abandon('closed')
  })

  it('goes to the provider in this tab when the popup is blocked', () => {
    const left: string[] = []
    const ua = agent(new FakeBus(), {
      open: () => null,
      leave: (nav, state) => left.push(`${state} ${nav.url}`),
    })
    void ua.navigate(authorize('s1'))
    expect(left).toEqual([`s1 ${authorize('s1').url}`])
    expect(ua.status).toMatchObject({ phase: 'leaving', blocked: true })
  })

  it('ends the wait when the user reports an error page, for the diagnosis', async () => {
    const ua = agent(new FakeBus())
    const visit = ua.navigate(authorize('s'))
    ua.abandon('error-page')
    await expect(visit).rejects.toBeInstanceOf(SignInAbandoned)
    expect(ua.lastGiveUp).toBe('error-page')
  })

  it('notices a closed popup but keeps listening (the provider may have cut the link, COOP)', async () => {
    const bus = new FakeBus()
    const popup = { closed: false, focus: () => undefined, close() {} }
    const ua = agent(bus, { open: () => popup })
    const visit = ua.navigate(authorize('s'))
    popup.closed = true
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(ua.status.popupClosed).toBe(true)
    expect(await offerToRunningFlow(bus.channel(), `${redirectUri}?code=c&state=s`, origin)).toBe(true)
    await expect(visit).resolves.toMatchObject({ outcome: { kind: 'redirect' } })
  })

  it('answers a restored run with the response it came back with, once', async () => {
    const ua = agent(new FakeBus(), {
      resumed: `${redirectUri}?code=c&state=s`,
      open: () => null,
      leave: () => undefined,
    })
    await expect(ua.navigate(authorize('s'))).resolves.toMatchObject({
      outcome: { location: `${redirectUri}?code=c&state=s` },
    })
    void ua.navigate(authorize('s'))
    expect(ua.status.phase).toBe('leaving')
  })
})

describe('the hand-off of a parked run', () => {
  const run = { state: 's', snapshot: { a: 1 }, input: {}, appUrl: `${origin}/?provider`, parkedAt: 1000 }

  it('delivers a response only to the run with its state, which takes it once', () => {
    const s = storage()
    parkRun(s, run)
    expect(deliverToParkedRun(s, `${redirectUri}?state=other&code=c`, 2000)).toBeUndefined()
    expect(takeResumedRun(s, 2000)).toBeUndefined()
    expect(deliverToParkedRun(s, `${redirectUri}?state=s&code=c`, 2000)?.appUrl).toBe(run.appUrl)
    expect(takeResumedRun(s, 2000)?.callbackUrl).toBe(`${redirectUri}?state=s&code=c`)
    expect(takeResumedRun(s, 2000)).toBeUndefined()
    expect(s.length).toBe(0)
  })

  it('drops a run parked too long ago', () => {
    const s = storage()
    parkRun(s, run)
    expect(deliverToParkedRun(s, `${redirectUri}?state=s&code=c`, 1000 + 16 * 60 * 1000)).toBeUndefined()
    expect(s.length).toBe(0)
  })

  it('stores no secret, and puts it back into confidential configurations only', () => {
    const saved = withoutSecrets({
      context: {
        config: { clientId: 'c', redirectUri, authMethod: 'client_secret_basic', clientSecret: 's3cret' },
      },
      input: { config: { clientId: 'p', redirectUri, authMethod: 'none' } },
    })
    expect(JSON.stringify(saved)).not.toContain('s3cret')
    const restored = withSecret(saved, 'back') as {
      context: { config: { clientSecret?: string } }
      input: { config: { clientSecret?: string } }
    }
    expect(restored.context.config.clientSecret).toBe('back')
    expect(restored.input.config.clientSecret).toBeUndefined()
  })
})
