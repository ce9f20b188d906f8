import type { HttpExchange } from '@/protocol/http-exchange.ts'
import { browseOperation } from '../browser-steps.ts'
import { verifyIdToken } from '../client/id-token.ts'
import { requireValue } from '../client/recorder.ts'
import { fetchUserInfo, resourceUrlOf } from '../client/resource.ts'
import { exchangeCode, heldTokens, type TokenSet } from '../client/token.ts'
import { apiOperation, asOf, discoveryOperation } from '../common-steps.ts'
import { flowKit, type Operations } from '../flow-kit.ts'
import {
  authorizationRequestOperation,
  callbackOperation,
  type AuthorizingContext,
} from '../redirect-steps.ts'
import type { HeldToken } from '../step.ts'
import { authorizationCodeSteps as S } from './steps.ts'

/** Plain data only: the machine's context can be snapshotted and restored. */
export interface AuthorizationCodeContext extends AuthorizingContext {
  readonly code?: string | undefined
  readonly tokens?: TokenSet | undefined
  readonly held?: readonly HeldToken[] | undefined
  /** The token response as it arrived, for the cross-check when the ID token is verified. */
  readonly tokenExchange?: HttpExchange | undefined
  readonly idTokenClaims?: Readonly<Record<string, unknown>> | undefined
}

type Ctx = AuthorizationCodeContext

const operations = {
  discovery: discoveryOperation<Ctx>(S.discovery, ['authorization_endpoint', 'token_endpoint', 'jwks_uri']),
  authorizationRequest: authorizationRequestOperation<Ctx>(S.authorizationRequest),
  browse: browseOperation<Ctx>({ redirectUri: (ctx) => ctx.config.redirectUri }),
  callback: callbackOperation<Ctx>(
    S.callback,
    'The browser is back at the client’s redirect URI; the client reads the response (code or error, state, iss) from this URL.',
    (params) => ({ patch: { code: params['code'] } }),
  ),
  tokenRequest: {
    meta: S.tokenRequest,
    async run(ctx, ports) {
      const now = ports.clock.now()
      const result = await exchangeCode(
        ports.transport,
        asOf(ctx),
        ctx.config,
        requireValue(ctx.code, 'The authorization code'),
        requireValue(ctx.request, 'The authorization request'),
        now,
      )
      const held = heldTokens(result.tokens, now)
      return {
        exchange: result.exchange,
        checks: result.checks,
        tokens: held,
        patch: { tokens: result.tokens, held, tokenExchange: result.exchange },
      }
    },
  },
  idTokenValidation: {
    meta: S.idTokenValidation,
    async run(ctx, ports) {
      const tokens = requireValue(ctx.tokens, 'The token response')
      const result = await verifyIdToken(
        ports.transport,
        asOf(ctx),
        ctx.config,
        requireValue(tokens.id_token, 'The ID token'),
        {
          nonce: ctx.request?.nonce,
          accessToken: tokens.access_token,
          nowMs: ports.clock.now(),
          ...(ctx.tokenExchange === undefined ? {} : { tokenResponse: ctx.tokenExchange }),
        },
      )
      return {
        exchange: result.exchange,
        checks: result.checks,
        jwks: result.jwks,
        patch: { idTokenClaims: result.claims },
      }
    },
  },
  userinfo: {
    meta: S.userinfo,
    async run(ctx, ports) {
      const tokens = requireValue(ctx.tokens, 'The token response')
      const sub = requireValue(ctx.idTokenClaims?.['sub'] as string | undefined, 'The ID token subject')
      const result = await fetchUserInfo(ports.transport, asOf(ctx), ctx.config, tokens.access_token, sub)
      return { exchange: result.exchange, checks: result.checks }
    },
  },
  resourceRequest: apiOperation<Ctx>(S.resourceRequest, {
    url: (ctx) => resourceUrlOf(ctx.config),
    token: (ctx) => requireValue(ctx.tokens, 'The token response').access_token,
  }),
} satisfies Operations<Ctx>

const kit = flowKit<Ctx>(operations)

/**
 * The authorization code grant (RFC 6749 §4.1), with PKCE (RFC 7636) or a client secret, and OpenID
 * Connect on top when `openid` is in the scope. Each protocol step is a state that waits for Next;
 * the authorization server's pages wait for the user.
 */
export const authorizationCodeMachine = kit.setup.createMachine({
  id: 'authorization-code',
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
    callback: kit.step('callback', 'haveCode'),
    haveCode: kit.gate('tokenRequest'),
    tokenRequest: kit.step('tokenRequest', 'haveTokens'),
    haveTokens: {
      tags: ['awaiting-next'],
      on: {
        'step.next': [
          { guard: ({ context }) => context.tokens?.id_token !== undefined, target: 'idTokenValidation' },
          { target: 'resourceRequest' },
        ],
      },
    },
    idTokenValidation: kit.step('idTokenValidation', 'idTokenValid'),
    idTokenValid: kit.gate('userinfo'),
    userinfo: kit.step('userinfo', 'knowUser'),
    knowUser: kit.gate('resourceRequest'),
    resourceRequest: kit.step('resourceRequest', 'complete'),
    complete: { type: 'final' },
    failed: { type: 'final', tags: ['failed'] },
  },
})

export const authorizationCodeFlow = kit.define(authorizationCodeMachine)
