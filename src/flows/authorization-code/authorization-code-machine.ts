import { requestOnly, type HttpExchange } from '@/protocol/http-exchange.ts'
import { browseOperation, type BrowsingContext } from '../browser-steps.ts'
import {
  buildAuthorizationRequest,
  checkAuthorizationResponse,
  type AuthorizationRequest,
} from '../client/authorization.ts'
import { verifyIdToken } from '../client/id-token.ts'
import { requireValue } from '../client/recorder.ts'
import { fetchUserInfo, resourceUrlOf } from '../client/resource.ts'
import { apiOperation, asOf, discoveryOperation, type DiscoveringContext } from '../common-steps.ts'
import { exchangeCode, heldTokens, type TokenSet } from '../client/token.ts'
import { FlowError } from '../flow-error.ts'
import { flowKit, type Operations } from '../flow-kit.ts'
import type { HeldToken, StepValue } from '../step.ts'
import { authorizationCodeSteps as S } from './steps.ts'

/** Plain data only: the machine's context can be snapshotted and restored. */
export interface AuthorizationCodeContext extends BrowsingContext, DiscoveringContext {
  readonly request?: AuthorizationRequest | undefined
  readonly code?: string | undefined
  readonly tokens?: TokenSet | undefined
  readonly held?: readonly HeldToken[] | undefined
  /** The token response as it arrived, for the cross-check when the ID token is verified. */
  readonly tokenExchange?: HttpExchange | undefined
  readonly idTokenClaims?: Readonly<Record<string, unknown>> | undefined
}

type Ctx = AuthorizationCodeContext

const valueList = (entries: Record<string, string | undefined>, notes: Record<string, string>): StepValue[] =>
  Object.entries(entries).flatMap(([name, value]) =>
    value === undefined ? [] : [{ name, value, ...(notes[name] === undefined ? {} : { note: notes[name] }) }],
  )

const operations = {
  discovery: discoveryOperation<Ctx>(S.discovery, ['authorization_endpoint', 'token_endpoint', 'jwks_uri']),
  authorizationRequest: {
    meta: S.authorizationRequest,
    async run(ctx) {
      const request = await buildAuthorizationRequest(asOf(ctx), ctx.config)
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
      return {
        values,
        redirectTo: request.url,
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
  browse: browseOperation<Ctx>({ redirectUri: (ctx) => ctx.config.redirectUri }),
  callback: {
    meta: S.callback,
    async run(ctx) {
      const url = requireValue(ctx.callbackUrl, 'The callback URL')
      const exchange = await requestOnly(new Request(url))
      const screens = [
        {
          kind: 'browser',
          lane: 'browser',
          url,
          note: 'The browser is back at the client’s redirect URI; the client reads the response (code or error, state, iss) from this URL.',
        },
      ] as const
      try {
        const { params, checks } = checkAuthorizationResponse(
          asOf(ctx),
          ctx.config,
          url,
          requireValue(ctx.request, 'The authorization request'),
        )
        return { exchange, checks, screens, patch: { code: params['code'] } }
      } catch (e) {
        if (e instanceof FlowError) throw new FlowError(e.failure, exchange, e.checks, screens)
        throw e
      }
    },
  },
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
