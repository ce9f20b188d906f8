import { assign, fromPromise, setup, type DoneActorEvent, type ErrorActorEvent } from 'xstate'
import type { AuthorizationServer, TokenEndpointResponse } from 'oauth4webapi'
import { requestOnly } from '@/protocol/http-exchange.ts'
import type { TraceEntry } from '@/protocol/trace.ts'
import {
  flowTags,
  type BrowserPage,
  type FlowContext,
  type FlowEvent,
  type FlowInput,
} from '../flow-contract.ts'
import {
  buildAuthorizationRequest,
  callResource,
  checkCallback,
  discover,
  exchangeCode,
  FlowError,
  fetchUserInfo,
  verifyIdToken,
  type AuthorizationRequest,
} from '../oauth-client.ts'
import type { FlowFailure, Step, StepMeta, StepValue } from '../step.ts'
import { CookieJar, navigate, type Navigation, type NavigationOutcome } from '../user-agent.ts'
import { authorizationCodeSteps as S, browserStepFor, browserSteps } from './steps.ts'

export type AuthorizationCodeVariant = 'pkce' | 'client-secret'

export type AuthorizationCodeInput = FlowInput<AuthorizationCodeVariant>

export interface AuthorizationCodeContext extends AuthorizationCodeInput, FlowContext {
  readonly jar: CookieJar
  readonly as?: AuthorizationServer | undefined
  readonly request?: AuthorizationRequest | undefined
  readonly pending?: Navigation | undefined
  readonly callbackUrl?: string | undefined
  readonly callbackParams?: URLSearchParams | undefined
  readonly tokens?: TokenEndpointResponse | undefined
  readonly idTokenClaims?: Readonly<Record<string, unknown>> | undefined
}

export type AuthorizationCodeEvent = FlowEvent

/** Every step actor returns this: the step as it happened and what it adds to the context. */
interface StepOutput {
  readonly step: Step
  readonly patch: Partial<AuthorizationCodeContext>
  readonly outcome?: NavigationOutcome['kind']
}

/** A failed step actor throws this, so the failed step is shown like any other. */
class StepFailed extends Error {
  constructor(readonly step: Step) {
    super(step.failure?.message)
  }
}

type Ctx = AuthorizationCodeContext

// Actor completion events are not part of the machine's own event union; these name the cast once.
const outputEvent = (event: unknown) => event as DoneActorEvent<StepOutput>
const errorEvent = (event: unknown) => event as ErrorActorEvent

function stepActor(
  key: keyof typeof S,
  run: (
    ctx: Ctx,
  ) => Promise<Omit<StepOutput, 'step'> & Partial<Pick<Step, 'exchange' | 'checks' | 'values'>>>,
  /** The arrow's label when it depends on what happened (e.g. a code or an error came back). */
  label?: (ctx: Ctx) => string,
) {
  return fromPromise<StepOutput, Ctx>(async ({ input }) => {
    const meta: StepMeta = label ? { ...S[key], label: label(input) } : S[key]
    try {
      const { exchange, checks = [], values = [], ...rest } = await run(input)
      return { ...rest, step: { key, meta, checks, values, ...(exchange === undefined ? {} : { exchange }) } }
    } catch (e) {
      const error =
        e instanceof FlowError
          ? e
          : new FlowError({ title: 'Unexpected error', message: String(e), refs: meta.refs })
      throw new StepFailed({
        key,
        meta,
        checks: error.checks,
        values: [],
        failure: error.failure,
        ...(error.exchange === undefined ? {} : { exchange: error.exchange }),
      })
    }
  })
}

const requireValue = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`${what} is missing: the flow ran out of order`)
  return value
}

const valueList = (entries: Record<string, string | undefined>, notes: Record<string, string>): StepValue[] =>
  Object.entries(entries).flatMap(([name, value]) =>
    value === undefined ? [] : [{ name, value, ...(notes[name] === undefined ? {} : { note: notes[name] }) }],
  )

/** An error page from the authorization server, explained by the server's own failed check. */
/** A bug rather than a protocol failure: still shown as a failed step, never swallowed. */
function unexpectedStep(error: unknown): Step {
  const meta: StepMeta = {
    title: 'Something unexpected went wrong',
    from: 'client',
    to: 'client',
    channel: 'internal',
    label: 'error',
    explanation:
      'The playground hit an error it did not expect. This is a bug in Grantscope, not in the protocol.',
    refs: [],
  }
  const message = error instanceof Error ? error.message : String(error)
  return {
    key: 'error',
    meta,
    checks: [],
    values: [],
    failure: { title: meta.title, message, hint: 'Press Restart to try again.', refs: [] },
  }
}

/** Whether the browser is being sent to the client's redirect URI (exact origin and path, any query). */
function isRedirectUri(location: string, redirectUri: string): boolean {
  const to = new URL(location)
  const expected = new URL(redirectUri)
  return to.origin === expected.origin && to.pathname === expected.pathname
}

function failureFromPage(page: BrowserPage, trace: readonly TraceEntry[]): FlowFailure {
  const failed = trace.find((t) => t.outcome === 'fail')
  if (failed)
    return {
      title: `The authorization server refused: ${failed.summary}`,
      message: failed.detail ?? failed.summary,
      hint: 'The server showed an error page instead of redirecting back to the client. Press Restart to begin a new login.',
      refs: failed.refs,
    }
  return {
    title: `The authorization server answered ${page.status} with an error page`,
    message:
      'It did not redirect back to the client: when the client_id or redirect_uri cannot be trusted, the server must show the error to the user instead of redirecting.',
    hint: 'Check that the client_id is registered and the redirect_uri matches a registered URI exactly.',
    refs: ['rfc6749-4.1.2.1', 'rfc9700-2.1'],
  }
}

/**
 * A state that performs one protocol step: its `meta` names the step, its actor does the exchange,
 * and it moves to `target` (a state waiting for Next) or to `failed`.
 */
function stepState<const Key extends keyof typeof S>(key: Key, target: string) {
  return {
    meta: { step: S[key] },
    invoke: {
      src: key,
      input: ({ context }: { context: Ctx }) => context,
      onDone: { target, actions: 'recordStep' as const },
      onError: { target: 'failed', actions: 'recordFailure' as const },
    },
  }
}

/**
 * The authorization code grant (RFC 6749 §4.1), with PKCE (RFC 7636) or a client secret, and OpenID
 * Connect on top when `openid` is in the scope. Each protocol step is a state that waits for
 * `step.next`; front-channel pages wait for the user (`browser.submit`).
 */
export const authorizationCodeMachine = setup({
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- XState's typing idiom, not a runtime cast
  types: {} as {
    context: AuthorizationCodeContext
    events: AuthorizationCodeEvent
    input: AuthorizationCodeInput
  },
  actors: {
    discovery: stepActor('discovery', async (ctx) => {
      const { as, exchange, checks } = await discover(ctx.ports.transport, ctx.config)
      return { exchange, checks, patch: { as } }
    }),
    authorizationRequest: stepActor('authorizationRequest', async (ctx) => {
      const request = await buildAuthorizationRequest(
        requireValue(ctx.as, 'The discovery document'),
        ctx.config,
      )
      const values = valueList(
        {
          state: request.state,
          nonce: request.nonce,
          code_verifier: request.codeVerifier,
          code_challenge: request.codeChallenge,
        },
        {
          state: 'Kept by the client; must come back unchanged.',
          nonce: 'Kept by the client; must appear in the ID token.',
          code_verifier: 'Secret. Never leaves the client until the token request.',
          code_challenge: 'BASE64URL(SHA-256(code_verifier)) — sent in the URL.',
        },
      )
      values.push({ name: 'authorization URL', value: request.url })
      return { values, patch: { request, pending: { method: 'GET', url: request.url } } }
    }),
    callback: stepActor(
      'callback',
      async (ctx) => {
        const url = requireValue(ctx.callbackUrl, 'The callback URL')
        const exchange = await requestOnly(new Request(url))
        try {
          const { params, checks } = checkCallback(
            requireValue(ctx.as, 'The discovery document'),
            ctx.config,
            url,
            requireValue(ctx.request, 'The authorization request').state,
          )
          return { exchange, checks, patch: { callbackParams: params } }
        } catch (e) {
          if (e instanceof FlowError) throw new FlowError(e.failure, exchange, e.checks)
          throw e
        }
      },
      (ctx) =>
        ctx.callbackUrl && new URL(ctx.callbackUrl).searchParams.has('error')
          ? 'GET /callback?error=…'
          : S.callback.label,
    ),
    tokenRequest: stepActor('tokenRequest', async (ctx) => {
      const result = await exchangeCode(
        ctx.ports.transport,
        requireValue(ctx.as, 'The discovery document'),
        ctx.config,
        requireValue(ctx.callbackParams, 'The authorization response'),
        requireValue(ctx.request, 'The authorization request'),
      )
      return { exchange: result.exchange, checks: result.checks, patch: { tokens: result.tokens } }
    }),
    idTokenValidation: stepActor('idTokenValidation', async (ctx) => {
      const tokens = requireValue(ctx.tokens, 'The token response')
      const result = await verifyIdToken(
        ctx.ports.transport,
        requireValue(ctx.as, 'The discovery document'),
        ctx.config,
        requireValue(tokens.id_token, 'The ID token'),
        ctx.request?.nonce,
        Math.floor((ctx.ports.clock ?? Date.now)() / 1000),
      )
      return { exchange: result.exchange, checks: result.checks, patch: { idTokenClaims: result.claims } }
    }),
    userinfo: stepActor('userinfo', async (ctx) => {
      const tokens = requireValue(ctx.tokens, 'The token response')
      const sub = requireValue(ctx.idTokenClaims?.sub as string | undefined, 'The ID token subject')
      const result = await fetchUserInfo(
        ctx.ports.transport,
        requireValue(ctx.as, 'The discovery document'),
        ctx.config,
        tokens.access_token,
        sub,
      )
      return { exchange: result.exchange, checks: result.checks, patch: {} }
    }),
    resourceRequest: stepActor('resourceRequest', async (ctx) => {
      const tokens = requireValue(ctx.tokens, 'The token response')
      const result = await callResource(ctx.ports.transport, ctx.config, tokens.access_token)
      return { exchange: result.exchange, checks: result.checks, patch: {} }
    }),
    navigation: fromPromise<StepOutput, Ctx>(async ({ input }) => {
      const nav = requireValue(input.pending, 'The next browser request')
      const key = browserStepFor(nav.url)
      const meta: StepMeta = { ...browserSteps[key], label: `${nav.method} ${new URL(nav.url).pathname}` }
      let result: Awaited<ReturnType<typeof navigate>>
      try {
        result = await navigate(input.ports.transport, input.jar, nav)
      } catch (e) {
        const failure: FlowFailure = {
          title: 'The browser could not load the page',
          message: e instanceof Error ? e.message : String(e),
          hint: 'Check that the authorization server is reachable; press Restart to try again.',
          refs: meta.refs,
        }
        throw new StepFailed({ key, meta, checks: [], values: [], failure })
      }
      const { outcome, exchange } = result
      const step: Step = { key, meta, exchange, checks: [], values: [] }
      if (outcome.kind === 'redirect') {
        return isRedirectUri(outcome.location, input.config.redirectUri)
          ? {
              step,
              outcome: 'redirect',
              patch: { callbackUrl: outcome.location, page: undefined, pending: undefined },
            }
          : { step, outcome: 'redirect', patch: { pending: { method: 'GET', url: outcome.location } } }
      }
      const page: BrowserPage = { url: outcome.url, status: outcome.status, html: outcome.html }
      if (outcome.status >= 400) {
        return {
          step: { ...step, failure: failureFromPage(page, exchange.trace) },
          outcome: 'page',
          patch: { page },
        }
      }
      return { step, outcome: 'page', patch: { page, pending: undefined } }
    }),
  },
  actions: {
    recordStep: assign(({ context, event }) => {
      const { step, patch } = outputEvent(event).output
      return { ...patch, steps: [...context.steps, step] }
    }),
    recordFailure: assign(({ context, event }) => {
      const error = errorEvent(event).error
      return { steps: [...context.steps, error instanceof StepFailed ? error.step : unexpectedStep(error)] }
    }),
    queueSubmission: assign(({ event }) =>
      event.type === 'browser.submit' ? { pending: event.navigation } : {},
    ),
  },
  guards: {
    wantsOpenId: ({ context }) => context.tokens?.id_token !== undefined,
    reachedClient: ({ context }) => context.callbackUrl !== undefined,
    isRedirect: ({ event }) => outputEvent(event).output.outcome === 'redirect',
    isErrorPage: ({ event }) => outputEvent(event).output.step.failure !== undefined,
  },
}).createMachine({
  id: 'authorization-code',
  context: ({ input }) => ({ ...input, jar: new CookieJar(), steps: [] }),
  initial: 'ready',
  states: {
    ready: { on: { 'step.next': 'discovery' } },
    discovery: stepState('discovery', 'discovered'),
    discovered: { on: { 'step.next': 'authorizationRequest' } },
    authorizationRequest: stepState('authorizationRequest', 'redirecting'),
    redirecting: { on: { 'step.next': 'browsing' } },
    browsing: {
      meta: { browserSteps: [browserSteps.authorize, browserSteps.login, browserSteps.consent] },
      invoke: {
        src: 'navigation',
        input: ({ context }) => context,
        onDone: [
          { guard: 'isErrorPage', target: 'failed', actions: 'recordStep' },
          { guard: 'isRedirect', target: 'redirected', actions: 'recordStep' },
          { target: 'awaitingUser', actions: 'recordStep' },
        ],
        onError: { target: 'failed', actions: 'recordFailure' },
      },
    },
    redirected: {
      always: { guard: 'reachedClient', target: 'returning' },
      on: { 'step.next': 'browsing' },
    },
    awaitingUser: {
      tags: [flowTags.awaitingUser],
      on: { 'browser.submit': { target: 'browsing', actions: 'queueSubmission' } },
    },
    returning: { on: { 'step.next': 'callback' } },
    callback: stepState('callback', 'haveCode'),
    haveCode: { on: { 'step.next': 'tokenRequest' } },
    tokenRequest: stepState('tokenRequest', 'haveTokens'),
    haveTokens: {
      on: {
        'step.next': [{ guard: 'wantsOpenId', target: 'idTokenValidation' }, { target: 'resourceRequest' }],
      },
    },
    idTokenValidation: stepState('idTokenValidation', 'idTokenValid'),
    idTokenValid: { on: { 'step.next': 'userinfo' } },
    userinfo: stepState('userinfo', 'knowUser'),
    knowUser: { on: { 'step.next': 'resourceRequest' } },
    resourceRequest: stepState('resourceRequest', 'complete'),
    complete: { type: 'final' },
    failed: { type: 'final', tags: [flowTags.failed] },
  },
})
