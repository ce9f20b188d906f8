import { assign, fromPromise, setup, type DoneActorEvent, type ErrorActorEvent } from 'xstate'
import type { AuthorizationServer, TokenEndpointResponse } from 'oauth4webapi'
import { requestOnly } from '@/protocol/http-exchange.ts'
import type { TraceEntry } from '@/protocol/trace.ts'
import type { BrowserPage, FlowContext, FlowEvent, FlowInput } from '../flow-contract.ts'
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
          if (e instanceof FlowError)
            throw new FlowError(deniedExplanation(url, e.failure), exchange, e.checks)
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
      const { outcome, exchange } = await navigate(input.ports.transport, input.jar, nav)
      const step: Step = { key, meta, exchange, checks: [], values: [] }
      if (outcome.kind === 'redirect') {
        const toClient = outcome.location.startsWith(input.config.redirectUri)
        return toClient
          ? {
              step,
              outcome: 'redirect',
              patch: { callbackUrl: outcome.location, page: undefined, pending: undefined },
            }
          : { step, outcome: 'redirect', patch: { pending: { method: 'GET', url: outcome.location } } }
      }
      const page: BrowserPage = { url: outcome.url, status: outcome.status, html: outcome.html }
      if (outcome.status >= 400) {
        const failure = failureFromPage(page, exchange.trace)
        return { step: { ...step, failure }, outcome: 'page', patch: { page, failure } }
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
      if (error instanceof StepFailed)
        return {
          steps: [...context.steps, error.step],
          ...(error.step.failure ? { failure: error.step.failure } : {}),
        }
      return { failure: { title: 'Unexpected error', message: String(error), refs: [] } }
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
    redirecting: { tags: ['browser'], on: { 'step.next': 'browsing' } },
    browsing: {
      tags: ['browser'],
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
      tags: ['browser'],
      always: { guard: 'reachedClient', target: 'returning' },
      on: { 'step.next': 'browsing' },
    },
    awaitingUser: {
      tags: ['browser', 'awaiting-user'],
      on: { 'browser.submit': { target: 'browsing', actions: 'queueSubmission' } },
    },
    returning: { tags: ['browser'], on: { 'step.next': 'callback' } },
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
    complete: { type: 'final', tags: ['done'] },
    failed: { type: 'final', tags: ['failed'] },
  },
})

/** Ends a provider's text with a full stop, so the explanation after it reads as a new sentence. */
const sentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`)

/** Turns an error redirect (e.g. the user pressed Deny) into an explanation of what happened. */
function deniedExplanation(url: string, failure: FlowFailure): FlowFailure {
  const params = new URL(url).searchParams
  if (params.get('error') === 'access_denied')
    return {
      title: 'The user denied access (access_denied)',
      message: `${sentence(params.get('error_description') ?? 'The resource owner denied the request')} No code was issued, so the client gets no tokens. state and iss still came back, so the client knows this answer is for its own request, from the right server.`,
      hint: 'Press Restart and choose Allow on the consent page to see the rest of the flow.',
      refs: ['rfc6749-4.1.2.1', 'rfc9207-2'],
    }
  return failure
}
