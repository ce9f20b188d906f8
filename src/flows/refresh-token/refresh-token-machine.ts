import { traceEntry } from '@/protocol/trace.ts'
import { browseOperation } from '../browser-steps.ts'
import { requireValue } from '../client/recorder.ts'
import { heldTokens, refreshGrant } from '../client/token.ts'
import { accessTokenOf, apiOperation, asOf, discoveryOperation, refusedRefresh } from '../common-steps.ts'
import { flowKit, type Operations } from '../flow-kit.ts'
import { authorizationRequestOperation, redeemOperation, type AuthorizingContext } from '../redirect-steps.ts'
import type { HeldToken } from '../step.ts'
import { refreshSteps as S } from './steps.ts'

export interface RefreshContext extends AuthorizingContext {
  readonly held?: readonly HeldToken[] | undefined
  /** The refresh token the client used before rotation: what the attacker stole. */
  readonly rotatedRefreshToken?: string | undefined
}

type Ctx = RefreshContext

const refreshTokenOf = (ctx: Ctx) =>
  requireValue(ctx.held?.find((t) => t.name === 'refresh_token')?.value, 'The refresh token')
const resourceUrl = (ctx: Ctx) => requireValue(ctx.config.resourceUrl, 'The resource URL')

/** A rotated refresh token presented again: the server must see the reuse (RFC 9700 §4.14.2). */
const reuse = {
  accepted: 'a rotated refresh token was used again and the server does not detect reuse',
  refs: ['rfc9700-4.14.2'],
} as const

const operations = {
  discovery: discoveryOperation<Ctx>(S.discovery, ['authorization_endpoint', 'token_endpoint']),
  authorizationRequest: authorizationRequestOperation<Ctx>(S.authorizationRequest),
  browse: browseOperation<Ctx>({ redirectUri: (ctx) => ctx.config.redirectUri }),
  redeem: redeemOperation<Ctx>(
    S.redeem,
    'Back at the client with the code; it redeems it on the back channel right away.',
    { needsRefreshToken: true },
  ),
  readMovies: apiOperation<Ctx>(S.readMovies, { url: resourceUrl, token: (ctx) => accessTokenOf(ctx.held) }),
  expired: apiOperation<Ctx>(S.expired, {
    url: resourceUrl,
    token: (ctx) => accessTokenOf(ctx.held),
    before: (ctx, ports) => {
      const expiresAt = ctx.held?.find((t) => t.name === 'access_token')?.expiresAt
      const wait = expiresAt === undefined ? 3600_000 : expiresAt * 1000 - ports.clock.now() + 1000
      ports.clock.advance(Math.max(0, wait))
      return [
        traceEntry(
          'info',
          'time-passes',
          `The clock moved ${Math.round(wait / 60_000)} min ahead: past the access token’s expiry`,
          ['rfc6749-5.1'],
        ),
      ]
    },
    expect: {
      status: 401,
      error: 'invalid_token',
      lesson: 'the access token expired; the client will use its refresh token.',
    },
  }),
  refresh: {
    meta: S.refresh,
    async run(ctx, ports) {
      const now = ports.clock.now()
      const old = refreshTokenOf(ctx)
      const result = await refreshGrant(ports.transport, asOf(ctx), ctx.config, old, now)
      const held = heldTokens(result.tokens, now, ctx.held)
      const rotated = held.find((t) => t.name === 'refresh_token')?.value !== old
      return {
        exchange: result.exchange,
        checks: [
          ...result.checks,
          traceEntry(
            rotated ? 'pass' : 'info',
            'rotation',
            rotated
              ? 'A new refresh token arrived: the old one is retired (rotation)'
              : 'The same refresh token stays valid (no rotation)',
            ['rfc9700-4.14.2'],
          ),
        ],
        values: [
          {
            name: 'retired refresh_token',
            value: old,
            note: 'Used once; presenting it again reveals a theft.',
          },
        ],
        tokens: held,
        patch: { held, rotatedRefreshToken: old },
      }
    },
  },
  readAgain: apiOperation<Ctx>(S.readAgain, { url: resourceUrl, token: (ctx) => accessTokenOf(ctx.held) }),
  replay: {
    meta: S.replay,
    run: (ctx, ports) =>
      refusedRefresh(
        ports,
        asOf(ctx),
        ctx.config,
        requireValue(ctx.rotatedRefreshToken, 'The retired refresh token'),
        {
          ...reuse,
          lesson: 'the server saw a retired refresh token and revoked the whole family.',
        },
      ),
  },
  revokedAccess: apiOperation<Ctx>(S.revokedAccess, {
    url: resourceUrl,
    token: (ctx) => accessTokenOf(ctx.held),
    expect: {
      status: 401,
      error: 'invalid_token',
      lesson: 'the grant was revoked, its access tokens with it.',
    },
  }),
  refused: {
    meta: S.refused,
    async run(ctx, ports) {
      const result = await refusedRefresh(ports, asOf(ctx), ctx.config, refreshTokenOf(ctx), {
        ...reuse,
        lesson: 'the whole family is revoked; the user must sign in again.',
      })
      const held = (ctx.held ?? []).map((t) => ({ ...t, status: 'revoked with its grant after the reuse' }))
      return { ...result, tokens: held }
    },
  },
} satisfies Operations<Ctx>

const kit = flowKit<Ctx>(operations)

/**
 * Refresh tokens: tokens from code + PKCE with offline_access, an access token that expires, a
 * refresh with rotation — then an attacker replays the retired refresh token, the server detects
 * the reuse and revokes the whole family, and the legitimate client's next refresh fails too.
 */
export const refreshTokenMachine = kit.setup.createMachine({
  id: 'refresh-token',
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
    returning: kit.gate('redeem'),
    redeem: kit.step('redeem', 'haveTokens'),
    haveTokens: kit.gate('readMovies'),
    readMovies: kit.step('readMovies', 'readOnce'),
    readOnce: kit.gate('expired'),
    expired: kit.step('expired', 'tokenExpired'),
    tokenExpired: kit.gate('refresh'),
    refresh: kit.step('refresh', 'refreshed'),
    refreshed: kit.gate('readAgain'),
    readAgain: kit.step('readAgain', 'readTwice'),
    readTwice: kit.gate('replay'),
    replay: kit.step('replay', 'replayed'),
    replayed: kit.gate('revokedAccess'),
    revokedAccess: kit.step('revokedAccess', 'accessRevoked'),
    accessRevoked: kit.gate('refused'),
    refused: kit.step('refused', 'complete'),
    complete: { type: 'final' },
    failed: { type: 'final', tags: ['failed'] },
  },
})

export const refreshTokenFlow = kit.define(refreshTokenMachine)
