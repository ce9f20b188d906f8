import { browseOperation } from '../browser-steps.ts'
import { verifyIdToken } from '../client/id-token.ts'
import { requireValue } from '../client/recorder.ts'
import { accessTokenOf, apiOperation, asOf, discoveryOperation } from '../common-steps.ts'
import { flowKit, type Operations } from '../flow-kit.ts'
import {
  authorizationRequestOperation,
  callbackOperation,
  type AuthorizingContext,
} from '../redirect-steps.ts'
import type { HeldToken } from '../step.ts'
import { implicitSteps as S } from './steps.ts'

export interface ImplicitContext extends AuthorizingContext {
  /** The fragment parameters the browser delivered. */
  readonly fragment?: Readonly<Record<string, string>> | undefined
  readonly held?: readonly HeldToken[] | undefined
}

type Ctx = ImplicitContext

const responseTypeOf = (ctx: Ctx) => (ctx.variant === 'id-token' ? 'id_token token' : 'token')

const operations = {
  discovery: discoveryOperation<Ctx>(S.discovery, ['authorization_endpoint', 'jwks_uri']),
  authorizationRequest: authorizationRequestOperation<Ctx>(S.authorizationRequest, responseTypeOf),
  browse: browseOperation<Ctx>({
    redirectUri: (ctx) => ctx.config.redirectUri,
    steps: { consent: S.consent },
  }),
  callback: callbackOperation<Ctx>(
    S.callback,
    'The access token is right there in the address bar — and in the history, and readable by every script on this page.',
    (params, _ctx, ports) => {
      const now = Math.floor(ports.clock.now() / 1000)
      const expiresIn = Number(params['expires_in'])
      const held: HeldToken[] = [
        {
          name: 'access_token',
          value: requireValue(params['access_token'], 'The access token'),
          ...(Number.isFinite(expiresIn) ? { expiresAt: now + expiresIn } : {}),
        },
        ...(params['id_token'] === undefined
          ? []
          : [{ name: 'id_token' as const, value: params['id_token'] }]),
      ]
      return { tokens: held, patch: { fragment: params, held } }
    },
  ),
  idTokenValidation: {
    meta: S.idTokenValidation,
    async run(ctx, ports) {
      const fragment = requireValue(ctx.fragment, 'The fragment')
      const result = await verifyIdToken(
        ports.transport,
        asOf(ctx),
        ctx.config,
        requireValue(fragment['id_token'], 'The ID token'),
        {
          nonce: ctx.request?.nonce,
          accessToken: fragment['access_token'] ?? '',
          requireAtHash: true,
          nowMs: ports.clock.now(),
        },
      )
      return { exchange: result.exchange, checks: result.checks, jwks: result.jwks }
    },
  },
  resourceRequest: apiOperation<Ctx>(S.resourceRequest, {
    url: (ctx) => requireValue(ctx.config.resourceUrl, 'The resource URL'),
    token: (ctx) => accessTokenOf(ctx.held),
  }),
} satisfies Operations<Ctx>

const kit = flowKit<Ctx>(operations)

/**
 * The implicit grant (RFC 6749 §4.2), `token` or OpenID Connect's `id_token token`: the tokens come
 * back in the URL fragment. Legacy: RFC 9700 §2.1.2 says not to use it; code + PKCE replaced it.
 */
export const implicitMachine = kit.setup.createMachine({
  id: 'implicit',
  context: ({ input }) => ({ ...input, steps: [] }),
  initial: 'ready',
  states: {
    ready: kit.gate('discovery'),
    discovery: kit.step('discovery', 'discovered'),
    discovered: kit.gate('authorizationRequest'),
    authorizationRequest: kit.step('authorizationRequest', 'redirecting'),
    redirecting: kit.gate('browsing'),
    browsing: kit.step('browse', {
      arrived: 'returning',
      redirect: 'redirecting',
      otherwise: 'awaitingUser',
    }),
    awaitingUser: kit.awaitUser('browsing'),
    returning: kit.gate('callback'),
    callback: kit.step('callback', 'haveTokens'),
    haveTokens: {
      tags: ['awaiting-next'],
      on: {
        'step.next': [
          {
            guard: ({ context }) => context.fragment?.['id_token'] !== undefined,
            target: 'idTokenValidation',
          },
          { target: 'resourceRequest' },
        ],
      },
    },
    idTokenValidation: kit.step('idTokenValidation', 'idTokenValid'),
    idTokenValid: kit.gate('resourceRequest'),
    resourceRequest: kit.step('resourceRequest', 'complete'),
    complete: { type: 'final' },
    failed: { type: 'final', tags: ['failed'] },
  },
})

export const implicitFlow = kit.define(implicitMachine)
