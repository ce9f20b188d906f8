import { requestOnly } from '@/protocol/http-exchange.ts'
import { browseOperation, type BrowsingContext } from '../browser-steps.ts'
import {
  buildAuthorizationRequest,
  checkAuthorizationResponse,
  type AuthorizationRequest,
} from '../client/authorization.ts'
import { verifyIdToken } from '../client/id-token.ts'
import { requireValue } from '../client/recorder.ts'
import {
  accessTokenOf,
  apiOperation,
  asOf,
  discoveryOperation,
  type DiscoveringContext,
} from '../common-steps.ts'
import { FlowError } from '../flow-error.ts'
import { flowKit, type Operations } from '../flow-kit.ts'
import type { HeldToken, Screen } from '../step.ts'
import { implicitSteps as S } from './steps.ts'

export interface ImplicitContext extends BrowsingContext, DiscoveringContext {
  readonly request?: AuthorizationRequest | undefined
  /** The fragment parameters the browser delivered. */
  readonly fragment?: Readonly<Record<string, string>> | undefined
  readonly held?: readonly HeldToken[] | undefined
}

type Ctx = ImplicitContext

const responseTypeOf = (ctx: Ctx) => (ctx.variant === 'id-token' ? 'id_token token' : 'token')

const operations = {
  discovery: discoveryOperation<Ctx>(S.discovery, ['authorization_endpoint', 'jwks_uri']),
  authorizationRequest: {
    meta: S.authorizationRequest,
    async run(ctx) {
      const request = await buildAuthorizationRequest(asOf(ctx), ctx.config, responseTypeOf(ctx))
      return {
        redirectTo: request.url,
        values: [
          { name: 'state', value: request.state, note: 'Kept by the client; must come back unchanged.' },
          ...(request.nonce === undefined
            ? []
            : [
                {
                  name: 'nonce',
                  value: request.nonce,
                  note: 'Kept by the client; must appear in the ID token.',
                },
              ]),
          { name: 'authorization URL', value: request.url },
        ],
        screens: [
          {
            kind: 'browser',
            lane: 'browser',
            url: request.url,
            note: 'The client has sent the browser here. Press Next and the browser loads it.',
          },
        ],
        patch: { request, pending: { method: 'GET', url: request.url } },
      }
    },
  },
  browse: browseOperation<Ctx>({
    redirectUri: (ctx) => ctx.config.redirectUri,
    steps: { consent: S.consent },
  }),
  callback: {
    meta: S.callback,
    async run(ctx, ports) {
      const url = requireValue(ctx.callbackUrl, 'The callback URL')
      const exchange = await requestOnly(new Request(url))
      const screens: Screen[] = [
        {
          kind: 'browser',
          lane: 'browser',
          url,
          note: 'The access token is right there in the address bar — and in the history, and readable by every script on this page.',
        },
      ]
      try {
        const { params, checks } = checkAuthorizationResponse(
          asOf(ctx),
          ctx.config,
          url,
          requireValue(ctx.request, 'The authorization request'),
        )
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
        return { exchange, checks, screens, tokens: held, patch: { fragment: params, held } }
      } catch (e) {
        if (e instanceof FlowError) throw new FlowError(e.failure, exchange, e.checks, screens)
        throw e
      }
    },
  },
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
