/**
 * Drives any flow the way the shell does — Next, and the demo user answering pages and forms —
 * against the bundled server, with a clock the test controls and a transport it may tamper with.
 * Only tests import this file.
 */
import { Window } from 'happy-dom'
import {
  exportJWK,
  generateKeyPair,
  importJWK,
  SignJWT,
  decodeJwt,
  decodeProtectedHeader,
  type JWK,
} from 'jose'
import { createMockServer, type MockServer, type MockServerOptions } from '@/server/index.ts'
import { autofill } from '@/protocol/html-form.ts'
import type { TracedResponse, Transport } from '@/protocol/http-exchange.ts'
import type { ClientConfig } from './client-config.ts'
import type { Clock, FlowDefinition, FlowEvent, FlowState } from './flow-contract.ts'
import { SimulatedUserAgent } from './user-agent.ts'

export const testOrigin = 'http://localhost:4000'

const parser = new new Window().DOMParser()

let key: Promise<JWK> | undefined
/** One RSA key per test file, so tests can sign tokens the client will accept as the server's. */
export function testSigningKey(): Promise<JWK> {
  key ??= generateKeyPair('RS256', { extractable: true }).then(async ({ privateKey }) => ({
    ...(await exportJWK(privateKey)),
    kid: 'flow-test-key',
  }))
  return key
}

export class TestClock implements Clock {
  constructor(public ms = Date.UTC(2026, 0, 15, 11, 0, 0)) {}
  now = () => this.ms
  advance = (milliseconds: number) => {
    this.ms += milliseconds
  }
}

export interface Harness {
  readonly server: MockServer
  readonly clock: TestClock
  readonly transport: Transport
}

export async function harness(
  options: { tamper?: (transport: Transport) => Transport; server?: Partial<MockServerOptions> } = {},
): Promise<Harness> {
  const clock = new TestClock()
  const server = createMockServer({
    origin: testOrigin,
    clock: clock.now,
    signingKey: { privateJwk: await testSigningKey() },
    ...options.server,
  })
  const direct: Transport = (request) => server.handle(request)
  return { server, clock, transport: options.tamper ? options.tamper(direct) : direct }
}

/** What the demo user does with the page or form in front of them. */
export function demoAnswer(state: FlowState, decision: 'allow' | 'deny' = 'allow'): FlowEvent | undefined {
  const prompt = state.prompt
  if (prompt === undefined) return undefined
  if (prompt.kind === 'form')
    return {
      type: 'form.submit',
      values: Object.fromEntries(prompt.fields.map((f) => [f.name, f.demoValue])),
    }
  const doc = parser.parseFromString(prompt.page.html, 'text/html') as unknown as Document
  const navigation = autofill(doc, prompt.page.url, { username: 'alice', password: 'wonderland' }, decision)
  return navigation === undefined ? undefined : { type: 'browser.submit', navigation }
}

/**
 * Runs a flow as a person pressing Next would, until it ends (or `maxSteps` steps exist), and
 * returns its final state.
 */
export async function runFlow(
  definition: FlowDefinition,
  config: ClientConfig,
  variant: string,
  h: Harness,
  options: {
    decision?: 'allow' | 'deny'
    maxSteps?: number
    /** Runs once when the run has this many steps, before the next event (e.g. skipping time). */
    at?: { readonly steps: number; readonly then: () => void }
  } = {},
): Promise<FlowState> {
  const run = definition.start(
    { config, variant },
    { transport: h.transport, clock: h.clock, userAgent: new SimulatedUserAgent(h.transport) },
  )
  let atDone = false
  try {
    for (let i = 0; i < 80; i++) {
      const state = run.getState()
      if (state.status === 'done' || state.steps.length >= (options.maxSteps ?? Infinity)) return state
      if (options.at?.steps === state.steps.length && !atDone) {
        atDone = true
        options.at.then()
      }
      const event =
        state.waiting === 'user' ? demoAnswer(state, options.decision) : { type: 'step.next' as const }
      if (event === undefined) throw new Error('The demo user found nothing to answer on this page')
      const settled = new Promise<void>((resolve) => {
        const off = run.subscribe(() => {
          const next = run.getState()
          if (next.status === 'done' || next.waiting !== undefined) {
            off()
            resolve()
          }
        })
      })
      run.send(event)
      await settled
    }
    throw new Error('The flow did not end within 80 events')
  } finally {
    run.stop()
  }
}

/** A transport that rewrites the JSON body of responses from `path`. */
export function tamperJson(
  path: string,
  edit: (body: Record<string, unknown>) => Record<string, unknown> | Promise<Record<string, unknown>>,
): (transport: Transport) => Transport {
  return tamperResponse(path, async (response) => {
    const body = (await response.json()) as Record<string, unknown>
    return new Response(JSON.stringify(await edit(body)), {
      status: response.status,
      headers: response.headers,
    })
  })
}

/** A transport that replaces the responses from `path`. */
export function tamperResponse(
  path: string,
  edit: (response: Response) => Response | Promise<Response>,
): (transport: Transport) => Transport {
  return (transport) =>
    async (request): Promise<TracedResponse> => {
      const traced = await transport(request)
      if (new URL(request.url).pathname !== path) return traced
      return { ...traced, response: await edit(traced.response) }
    }
}

/** Re-signs a JWT with the test key after changing its claims — a token the server never issued. */
export async function resign(
  token: string,
  edit: (claims: Record<string, unknown>) => Record<string, unknown>,
  privateJwk?: JWK,
): Promise<string> {
  const jwk = privateJwk ?? (await testSigningKey())
  const header = decodeProtectedHeader(token)
  return new SignJWT(edit({ ...decodeJwt(token) }))
    .setProtectedHeader({ ...header, alg: 'RS256', kid: jwk.kid ?? 'flow-test-key' })
    .sign(await importJWK(jwk, 'RS256'))
}

/** The failed checks of the last step, by name. */
export function failedChecks(state: FlowState): string[] {
  return (state.steps.at(-1)?.checks ?? []).filter((c) => c.outcome === 'fail').map((c) => c.check)
}
