import { Window } from 'happy-dom'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { flows } from '@/flows/catalogue.ts'
import type { NodeServerInfo } from '@/protocol/node-server-api.ts'
import { createMockServer } from '@/server/index.ts'
import { TestBrowser, spaAuthorizeParams, authorizeUrl, rfcPkce } from '@/server/test-utils.ts'
import { startTestApp, type TestApp } from '@/node/node-test-utils.ts'
import { FlowSession } from './flow-session.ts'
import { createNodeRuntime, envelopeTransport } from './node-runtime.ts'

let app: TestApp
let info: NodeServerInfo
beforeAll(async () => {
  globalThis.DOMParser = new Window().DOMParser as unknown as typeof DOMParser
  app = await startTestApp()
  info = { origin: app.running.url, token: app.running.devtools.token }
})
afterAll(() => app.stop())

let session: FlowSession | undefined
afterEach(() => session?.dispose())

const cases = flows.flatMap((flow) =>
  flow.variants.map((variant) => [`${flow.id} / ${variant.id}`, flow, variant] as const),
)

describe('the playground on the Node server, through the envelope', () => {
  it.each(cases)('%s runs to its end against the Node server', async (_name, flow, variant) => {
    const runtime = await createNodeRuntime(info, app.running.url)
    session = new FlowSession({
      definition: await flow.load(),
      input: { config: variant.config(runtime.origin), variant: variant.id },
      transport: runtime.transport,
      clock: runtime.clock,
      resetServer: runtime.resetServer,
    })
    const before = app.running.devtools.log.recent().length
    await session.fastForward(60)
    const { state } = session.getView()
    expect(state.steps.find((s) => s.failure)?.failure).toBeUndefined()
    expect(state).toMatchObject({ status: 'done', failed: false })
    // Every request of the run went to the Node server: its console saw them, as the playground's.
    const seen = app.running.devtools.log.recent().slice(before)
    expect(seen.length).toBeGreaterThan(0)
    expect(seen.every((entry) => entry.via === 'playground')).toBe(true)
    // Skipping time in the page skipped it on the Node server too.
    expect(app.running.clock.offsetMs).toBe(runtime.clock.skipped)
  })

  it('carries a code the Node server issued: the in-page server refuses it, the Node server redeems it', async () => {
    const transport = envelopeTransport(info, app.running.url)
    const browser = new TestBrowser(transport, app.running.issuer)
    const params = { ...spaAuthorizeParams, redirect_uri: `${app.running.url}/callback` }
    await browser.open(authorizeUrl(params, app.running.issuer))
    await browser.signIn()
    await browser.allow()
    const code = browser.redirect.searchParams.get('code')!
    expect(code).toBeTruthy()
    const tokenRequest = () =>
      new Request(`${app.running.issuer}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: params.redirect_uri,
          client_id: 'spa',
          code_verifier: rfcPkce.verifier,
        }).toString(),
      })
    // The page's own server on the same origin: other keys, other codes.
    const inPage = createMockServer({ origin: app.running.url })
    const refused = await inPage.handle(tokenRequest())
    expect(refused.response.status).toBe(400)
    expect(await refused.response.json()).toMatchObject({ error: 'invalid_grant' })
    const accepted = await transport(tokenRequest())
    expect(accepted.response.status).toBe(200)
    expect(await accepted.response.json()).toMatchObject({ token_type: 'Bearer' })
    expect(accepted.trace.map((t) => t.check)).toContain('check-pkce-verifier')
  })

  it('says so when the Node server refuses the envelope', async () => {
    const transport = envelopeTransport({ ...info, token: 'wrong' }, app.running.url)
    await expect(transport(new Request(`${app.running.issuer}/jwks`))).rejects.toThrow(/403/)
  })
})
