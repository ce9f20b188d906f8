import { describe, expect, it } from 'vitest'
import { traceEntry } from '@/protocol/trace.ts'
import type { Transport } from '@/protocol/http-exchange.ts'
import { authorizationCodeFlow } from '../authorization-code/authorization-code-machine.ts'
import type { ClientConfig } from '../client-config.ts'
import type { FlowDefinition, FlowRun, FlowState } from '../flow-contract.ts'
import { harness, tamperJson, tamperResponse, testOrigin } from '../flow-test-utils.ts'
import { withSecret, withoutSecrets } from './callback-handoff.ts'
import { PopupUserAgent } from './popup-user-agent.ts'
import { providerFlow } from './provider-flow.ts'
import { FakeBus, fakePopup, signInAt } from './provider-test-utils.ts'
import { tokenLifecycleFlow } from './token-lifecycle.ts'

const redirectUri = `${testOrigin}/callback`
const config: ClientConfig = {
  issuer: `${testOrigin}/as`,
  clientId: 'spa',
  authMethod: 'none',
  redirectUri,
  scope: 'openid profile email offline_access',
  usePkce: true,
  resourceUrl: `${testOrigin}/as/userinfo`,
}

/** Presses Next until the run ends or waits for something else; returns the state. */
async function drive(
  run: FlowRun,
  until: (s: FlowState) => boolean = (s) => s.status === 'done',
): Promise<FlowState> {
  for (let i = 0; i < 40; i++) {
    const state = run.getState()
    if (until(state)) return state
    if (state.waiting === 'next') run.send({ type: 'step.next' })
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  throw new Error(`stuck at ${run.getState().steps.at(-1)?.key}`)
}

function popupAgent(
  bus: FakeBus,
  transport: Transport,
  extra: Partial<ConstructorParameters<typeof PopupUserAgent>[0]> = {},
) {
  return new PopupUserAgent({
    redirectUri,
    origin: testOrigin,
    signIn: 'popup',
    open: fakePopup(bus, transport, redirectUri),
    channel: bus.channel,
    leave: () => {
      throw new Error('this test signs in in a popup')
    },
    ...extra,
  })
}

/**
 * Introspection and revocation answered as a lenient provider would: introspection without client
 * authentication (the bundled server requires it, see the next test).
 */
const withLifecycleEndpoints = (transport: Transport): Transport => {
  const discovery = tamperJson('/as/.well-known/openid-configuration', (body) => ({
    ...body,
    introspection_endpoint: `${testOrigin}/provider/introspect`,
    revocation_endpoint: `${testOrigin}/provider/revoke`,
  }))(transport)
  return async (request) => {
    const path = new URL(request.url).pathname
    if (path === '/provider/introspect') {
      const form = new URLSearchParams(await request.text())
      return {
        trace: [traceEntry('info', 'seen', `${form.get('token_type_hint')} for ${form.get('client_id')}`)],
        response: Response.json({ active: true, scope: 'openid profile', client_id: form.get('client_id') }),
      }
    }
    if (path === '/provider/revoke') return { trace: [], response: new Response(null, { status: 200 }) }
    return discovery(request)
  }
}

describe('a run against a real provider', () => {
  it('signs in through the popup, verifies the ID token, then refreshes, introspects and revokes — in the provider’s words', async () => {
    const h = await harness({ tamper: withLifecycleEndpoints })
    const definition: FlowDefinition = providerFlow(authorizationCodeFlow, tokenLifecycleFlow)
    const run = definition.start(
      { config, variant: 'provider' },
      { transport: h.transport, clock: h.clock, userAgent: popupAgent(new FakeBus(), h.transport) },
    )
    const state = await drive(run)
    run.stop()
    expect(state.failed).toBe(false)
    expect(state.steps.map((s) => s.key)).toEqual([
      'discovery',
      'authorizationRequest',
      'browse',
      'callback',
      'tokenRequest',
      'idTokenValidation',
      'userinfo',
      'resourceRequest',
      'refresh',
      'introspection',
      'revocation',
    ])
    expect(state.steps.map((s) => s.meta.title).slice(0, 3)).toEqual([
      'The client reads your provider’s configuration',
      'The client sends you to your provider',
      'You sign in at your provider',
    ])
    const signIn = state.steps[2]!
    expect(signIn.exchange?.response).toBeUndefined()
    expect(signIn.exchange?.note).toContain('cannot read them')
    expect(state.steps[3]!.checks.map((c) => c.check)).toContain('state-matches')
    expect(state.steps[8]!.checks.find((c) => c.check === 'rotation')?.summary).toContain('rotated')
    const introspection = state.steps[9]!.exchange!.request
    expect(new URLSearchParams(introspection.body).get('token_type_hint')).toBe('access_token')
    expect(state.steps[10]!.tokens?.find((t) => t.name === 'refresh_token')?.status).toBe('revoked')
    // The outline folds the three sign-in pages into one step and appends what the provider offers.
    expect(definition.plan.map((m) => m.title)).toContain('The client refreshes the access token')
    expect(definition.plan.filter((m) => m.title === 'You sign in at your provider')).toHaveLength(1)
  })

  it('a public client refused introspection (401) is told why, and the run goes on to revocation', async () => {
    const h = await harness()
    const run = providerFlow(authorizationCodeFlow, tokenLifecycleFlow).start(
      { config, variant: 'provider' },
      { transport: h.transport, clock: h.clock, userAgent: popupAgent(new FakeBus(), h.transport) },
    )
    const state = await drive(run)
    run.stop()
    expect(state.failed).toBe(false)
    expect(state.steps.map((s) => s.key).slice(-3)).toEqual(['refresh', 'introspection', 'revocation'])
    const introspection = state.steps.at(-2)!
    expect(introspection.exchange?.response?.status).toBe(401)
    expect(introspection.checks.map((c) => `${c.outcome} ${c.check}`)).toEqual(['info introspection-refused'])
    expect(introspection.checks[0]!.summary).toMatch(
      /^The provider answered invalid_client: it introspects only/,
    )
    expect(state.steps.at(-1)!.exchange?.response?.status).toBe(200)
  })

  it('a confidential client refused introspection still fails the run: its secret should have worked', async () => {
    const refuse = tamperResponse('/as/introspect', () =>
      Response.json({ error: 'invalid_client' }, { status: 401 }),
    )
    const h = await harness({ tamper: refuse })
    const run = providerFlow(authorizationCodeFlow, tokenLifecycleFlow).start(
      {
        config: {
          ...config,
          clientId: 'web-app',
          clientSecret: 'web-app-secret',
          authMethod: 'client_secret_basic',
        },
        variant: 'provider',
      },
      { transport: h.transport, clock: h.clock, userAgent: popupAgent(new FakeBus(), h.transport) },
    )
    const state = await drive(run)
    run.stop()
    expect(state.failed).toBe(true)
    expect([state.steps.at(-1)!.key, state.steps.at(-1)!.failure?.title]).toEqual([
      'introspection',
      'The server answered invalid_client',
    ])
  })

  it('leaves introspection and revocation out of the outline when the provider does not offer them', () => {
    const plan = providerFlow(authorizationCodeFlow, tokenLifecycleFlow, { issuer: 'x' }).plan.map(
      (m) => m.title,
    )
    expect(plan).toContain('The client refreshes the access token')
    expect(plan).not.toContain('The client revokes its refresh token')
    expect(plan).not.toContain('The client asks the provider about its access token')
  })

  it('survives a full-page redirect: the run is saved without the secret and continues with the response', async () => {
    const h = await harness()
    const confidential: ClientConfig = {
      ...config,
      clientId: 'web-app',
      clientSecret: 'web-app-secret',
      authMethod: 'client_secret_basic',
    }
    let left: string | undefined
    const first = providerFlow(authorizationCodeFlow, tokenLifecycleFlow).start(
      { config: confidential, variant: 'provider' },
      {
        transport: h.transport,
        clock: h.clock,
        userAgent: popupAgent(new FakeBus(), h.transport, {
          signIn: 'tab',
          leave: (nav) => (left = nav.url),
        }),
      },
    )
    await drive(first, () => left !== undefined)
    const saved = JSON.parse(JSON.stringify(withoutSecrets(first.persist()))) as unknown
    first.stop()
    expect(JSON.stringify(saved)).not.toContain('web-app-secret')
    const verifier = first.getState().steps[1]!.values.find((v) => v.name === 'code_verifier')!.value

    // The tab went to the provider; it comes back to /callback with the response.
    const callbackUrl = await signInAt(h.transport, left!, redirectUri)
    const resumed = providerFlow(authorizationCodeFlow, tokenLifecycleFlow).start(
      { config: confidential, variant: 'provider' },
      {
        transport: h.transport,
        clock: h.clock,
        userAgent: popupAgent(new FakeBus(), h.transport, { resumed: callbackUrl }),
      },
      withSecret(saved, 'web-app-secret'),
    )
    const state = await drive(resumed, (s) => s.steps.length >= 7 || s.status === 'done')
    resumed.stop()
    expect(state.failed).toBe(false)
    expect(state.steps[2]!.exchange?.note).toContain('full-page redirect')
    const token = state.steps[4]!.exchange!.request
    expect(new URLSearchParams(token.body).get('code_verifier')).toBe(verifier)
    expect(token.headers.find(([name]) => name === 'authorization')?.[1]).toMatch(/^Basic /)
  })
})
