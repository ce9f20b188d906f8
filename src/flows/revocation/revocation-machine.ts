import { traceEntry } from '@/protocol/trace.ts'
import { browseOperation } from '../browser-steps.ts'
import { requireValue } from '../client/recorder.ts'
import { introspectToken, revokeToken } from '../client/token-management.ts'
import { accessTokenOf, apiOperation, asOf, discoveryOperation, refusedRefresh } from '../common-steps.ts'
import { flowKit, type Operations } from '../flow-kit.ts'
import { authorizationRequestOperation, redeemOperation, type HoldingContext } from '../redirect-steps.ts'
import type { HeldToken } from '../step.ts'
import { revocationSteps as S } from './steps.ts'

/** The client holds the tokens it redeemed; each step reads or marks them. */
type Ctx = HoldingContext

const refreshTokenOf = (ctx: Ctx) =>
  requireValue(ctx.held?.find((t) => t.name === 'refresh_token')?.value, 'The refresh token')
const resourceUrl = (ctx: Ctx) => requireValue(ctx.config.resourceUrl, 'The resource URL')
const withStatus = (held: readonly HeldToken[] | undefined, name: HeldToken['name'], status: string) =>
  (held ?? []).map((t) => (t.name === name ? { ...t, status } : t))

/** A member of the answer as text for the trace; `fallback` when it is absent or not a string. */
const text = (value: unknown, fallback: string) => (typeof value === 'string' ? value : fallback)

/** `exp` as the instant it names, for the trace. */
const until = (exp: unknown) =>
  typeof exp === 'number' ? new Date(exp * 1000).toISOString() : 'an unstated time'

const operations = {
  discovery: discoveryOperation<Ctx>(S.discovery, [
    'authorization_endpoint',
    'token_endpoint',
    'introspection_endpoint',
    'revocation_endpoint',
  ]),
  authorizationRequest: authorizationRequestOperation<Ctx>(S.authorizationRequest),
  browse: browseOperation<Ctx>({ redirectUri: (ctx) => ctx.config.redirectUri }),
  redeem: redeemOperation<Ctx>(
    S.redeem,
    'Back at the client with the code; it redeems it on the back channel right away.',
    { needsRefreshToken: true },
  ),
  introspect: {
    meta: S.introspect,
    async run(ctx, ports) {
      const token = accessTokenOf(ctx.held)
      const { exchange, body, checks } = await introspectToken(
        ports.transport,
        asOf(ctx),
        ctx.config,
        token,
        'access_token',
      )
      checks.expect(
        body['active'] === true,
        'active',
        'active: true — the server confirms the access token it issued a moment ago',
        `active is ${JSON.stringify(body['active'])}: the server calls a token it has just issued inactive`,
        ['rfc7662-2.2'],
      )
      checks.expect(
        body['client_id'] === ctx.config.clientId,
        'introspected-client',
        `client_id ${String(body['client_id'])}: the token was issued to this client`,
        `client_id is ${JSON.stringify(body['client_id'])}, not ${ctx.config.clientId}`,
        ['rfc7662-2.2'],
      )
      checks.info(
        'introspected-claims',
        `For ${text(body['sub'], 'no user')}, scope "${text(body['scope'], '')}", token_type ${text(body['token_type'], 'not stated')}, until ${until(body['exp'])}`,
        ['rfc7662-2.2'],
      )
      checks.stopIfFailed('The introspection response does not describe the token', ['rfc7662-2.2'], exchange)
      return { exchange, checks: checks.entries }
    },
  },
  readMovies: apiOperation<Ctx>(S.readMovies, { url: resourceUrl, token: (ctx) => accessTokenOf(ctx.held) }),
  revoke: {
    meta: S.revoke,
    async run(ctx, ports) {
      const exchange = await revokeToken(
        ports.transport,
        asOf(ctx),
        ctx.config,
        refreshTokenOf(ctx),
        'refresh_token',
      )
      const held = withStatus(ctx.held, 'refresh_token', 'revoked by the client')
      return {
        exchange,
        checks: [
          traceEntry(
            'pass',
            'revocation-accepted',
            '200: the server took the request. A 200 comes for unknown tokens too, so the next steps check what it did',
            ['rfc7009-2.2'],
          ),
        ],
        tokens: held,
        patch: { held },
      }
    },
  },
  introspectAgain: {
    meta: S.introspectAgain,
    async run(ctx, ports) {
      const { exchange, body, checks } = await introspectToken(
        ports.transport,
        asOf(ctx),
        ctx.config,
        accessTokenOf(ctx.held),
        'access_token',
      )
      const members = Object.keys(body).filter((k) => k !== 'active')
      checks.expect(
        body['active'] === false,
        'inactive',
        'active: false — the access token went with its grant when the refresh token was revoked',
        'active: true — the access token still works although its grant’s refresh token was revoked',
        ['rfc7009-2.1', 'rfc7662-2.2'],
      )
      checks.expect(
        members.length === 0,
        'inactive-no-details',
        'Nothing but "active": an inactive token gets no details',
        `Besides "active" the answer carries ${members.join(', ')}`,
        ['rfc7662-2.2'],
      )
      checks.stopIfFailed(
        'The revoked grant’s access token is still described as active',
        ['rfc7009-2.1'],
        exchange,
      )
      const held = withStatus(ctx.held, 'access_token', 'inactive: revoked with its grant')
      return { exchange, checks: checks.entries, tokens: held, patch: { held } }
    },
  },
  refreshRefused: {
    meta: S.refreshRefused,
    run: (ctx, ports) =>
      refusedRefresh(ports, asOf(ctx), ctx.config, refreshTokenOf(ctx), {
        accepted: 'it was revoked, and revocation did not take effect',
        lesson: 'the refresh token was revoked; Alice must sign in again for new tokens.',
        refs: ['rfc7009-2.1'],
      }),
  },
  readRefused: apiOperation<Ctx>(S.readRefused, {
    url: resourceUrl,
    token: (ctx) => accessTokenOf(ctx.held),
    expect: {
      status: 401,
      error: 'invalid_token',
      lesson: 'the grant was revoked, and the resource server checks for that, not only the signature.',
    },
  }),
} satisfies Operations<Ctx>

const kit = flowKit<Ctx>(operations)

/**
 * Revocation and introspection: tokens from code + PKCE with offline_access; the client introspects
 * its access token (active) and uses it; the user signs out and the client revokes the refresh
 * token; introspection now says exactly {"active": false}, the refresh is refused and the API
 * refuses the access token.
 */
export const revocationMachine = kit.setup.createMachine({
  id: 'revocation',
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
    haveTokens: kit.gate('introspect'),
    introspect: kit.step('introspect', 'introspected'),
    introspected: kit.gate('readMovies'),
    readMovies: kit.step('readMovies', 'used'),
    used: kit.gate('revoke'),
    revoke: kit.step('revoke', 'revoked'),
    revoked: kit.gate('introspectAgain'),
    introspectAgain: kit.step('introspectAgain', 'inactive'),
    inactive: kit.gate('refreshRefused'),
    refreshRefused: kit.step('refreshRefused', 'refreshGone'),
    refreshGone: kit.gate('readRefused'),
    readRefused: kit.step('readRefused', 'complete'),
    complete: { type: 'final' },
    failed: { type: 'final', tags: ['failed'] },
  },
})

export const revocationFlow = kit.define(revocationMachine)
