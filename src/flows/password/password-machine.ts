import { requireValue } from '../client/recorder.ts'
import { heldTokens, passwordGrant, refreshGrant } from '../client/token.ts'
import {
  accessTokenOf,
  apiOperation,
  asOf,
  discoveryOperation,
  type DiscoveringContext,
} from '../common-steps.ts'
import { flowKit, type Operations } from '../flow-kit.ts'
import type { FormField, HeldToken, Screen } from '../step.ts'
import { passwordSteps as S } from './steps.ts'

export interface PasswordContext extends DiscoveringContext {
  /** What the user typed into the client's own form. */
  readonly formValues?: Readonly<Record<string, string>> | undefined
  readonly held?: readonly HeldToken[] | undefined
}

type Ctx = PasswordContext

/** The client's own form: the names people and tests rely on are "Username", "Password", "Sign in". */
const fields: readonly FormField[] = [
  { name: 'username', label: 'Username', type: 'text', demoValue: 'alice' },
  { name: 'password', label: 'Password', type: 'password', demoValue: 'wonderland' },
]

const form: Screen = {
  kind: 'form',
  lane: 'client',
  title: 'Sign in to MovieMatch with your Friendly Social account',
  note: 'This form is MovieMatch’s, not Friendly Social’s: whatever you type here, MovieMatch sees. Type alice / wonderland, or press Next.',
  fields,
  submitLabel: 'Sign in',
}

const typed = (ctx: Ctx, name: string) => requireValue(ctx.formValues?.[name], `The ${name} from the form`)

const operations = {
  discovery: discoveryOperation<Ctx>(S.discovery, ['token_endpoint']),
  loginForm: {
    meta: S.loginForm,
    run: () => Promise.resolve({ screens: [form], patch: { prompt: { kind: 'form', fields } } }),
  },
  credentials: {
    meta: S.credentials,
    run: (ctx) =>
      Promise.resolve({
        values: [
          { name: 'username', value: typed(ctx, 'username'), note: 'Now known to MovieMatch.' },
          {
            name: 'password',
            value: typed(ctx, 'password'),
            note: 'Now known to MovieMatch, in plain text: the client can keep it, log it or reuse it.',
          },
        ],
        patch: { prompt: undefined },
      }),
  },
  tokenRequest: {
    meta: S.tokenRequest,
    async run(ctx, ports) {
      const now = ports.clock.now()
      const result = await passwordGrant(
        ports.transport,
        asOf(ctx),
        ctx.config,
        typed(ctx, 'username'),
        typed(ctx, 'password'),
        now,
      )
      const held = heldTokens(result.tokens, now)
      return { exchange: result.exchange, checks: result.checks, tokens: held, patch: { held } }
    },
  },
  resourceRequest: apiOperation<Ctx>(S.resourceRequest, {
    url: (ctx) => requireValue(ctx.config.resourceUrl, 'The resource URL'),
    token: (ctx) => accessTokenOf(ctx.held),
  }),
  refresh: {
    meta: S.refresh,
    async run(ctx, ports) {
      const now = ports.clock.now()
      const refreshToken = requireValue(
        ctx.held?.find((t) => t.name === 'refresh_token')?.value,
        'The refresh token',
      )
      const result = await refreshGrant(ports.transport, asOf(ctx), ctx.config, refreshToken, now)
      const held = heldTokens(result.tokens, now, ctx.held)
      return { exchange: result.exchange, checks: result.checks, tokens: held, patch: { held } }
    },
  },
} satisfies Operations<Ctx>

const kit = flowKit<Ctx>(operations)

/**
 * The resource owner password credentials grant (RFC 6749 §4.3): the user types the password into
 * the client's own form, and the client sends it with its secret. Legacy: RFC 9700 §2.4 says it
 * MUST NOT be used.
 */
export const passwordMachine = kit.setup.createMachine({
  id: 'password',
  context: ({ input }) => ({ ...input, steps: [] }),
  initial: 'ready',
  states: {
    ready: kit.gate('discovery'),
    discovery: kit.step('discovery', 'discovered'),
    discovered: kit.gate('loginForm'),
    loginForm: kit.step('loginForm', 'awaitingUser'),
    awaitingUser: kit.awaitUser('credentials'),
    credentials: kit.step('credentials', 'typed'),
    typed: kit.gate('tokenRequest'),
    tokenRequest: kit.step('tokenRequest', 'haveTokens'),
    haveTokens: kit.gate('resourceRequest'),
    resourceRequest: kit.step('resourceRequest', 'readMovies'),
    readMovies: kit.gate('refresh'),
    refresh: kit.step('refresh', 'complete'),
    complete: { type: 'final' },
    failed: { type: 'final', tags: ['failed'] },
  },
})

export const passwordFlow = kit.define(passwordMachine)
