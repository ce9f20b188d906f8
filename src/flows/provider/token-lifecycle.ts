import type * as oauth from 'oauth4webapi'
import { requireValue } from '../client/recorder.ts'
import { heldTokens, refreshGrant } from '../client/token.ts'
import { authMethodOf, type ClientConfig } from '../client-config.ts'
import { FlowError } from '../flow-error.ts'
import { introspectToken, revokeToken } from '../client/token-management.ts'
import type { FlowContext, FlowInput } from '../flow-contract.ts'
import { flowKit, type Operations } from '../flow-kit.ts'
import type { HeldToken, StepMeta } from '../step.ts'

/** What the run after sign-in starts with: the provider's metadata and the tokens the client holds. */
export interface LifecycleInput extends FlowInput {
  readonly as: oauth.AuthorizationServer
  readonly held: readonly HeldToken[]
}

interface Ctx extends FlowContext, LifecycleInput {}

const token = (held: readonly HeldToken[], name: HeldToken['name']) =>
  held.find((t) => t.name === name && t.status === undefined)?.value

export const lifecycleSteps = {
  refresh: {
    title: 'The client refreshes the access token',
    from: 'client',
    to: 'as',
    channel: 'back',
    explanation:
      'With the refresh token (and its own authentication, if it has any) the client asks for a new access token without the user. Providers may rotate the refresh token: the old one then stops working.',
    refs: ['rfc6749-6', 'rfc9700-2.2.2'],
  },
  introspection: {
    title: 'The client asks the provider about its access token',
    from: 'client',
    to: 'as',
    channel: 'back',
    explanation:
      'Token introspection (RFC 7662): the provider says whether the token is active, for whom and with which scopes. Resource servers use it for opaque tokens; many providers allow it only to authenticated clients.',
    refs: ['rfc7662-2'],
  },
  revocation: {
    title: 'The client revokes its refresh token',
    from: 'client',
    to: 'as',
    channel: 'back',
    explanation:
      'Signing out properly: the client tells the provider it no longer needs the token (RFC 7009). Revoking a refresh token usually ends its access tokens too. The provider answers 200 even for a token it does not know.',
    refs: ['rfc7009-2'],
  },
} as const satisfies Record<string, StepMeta>

/** A refusal of introspection (401, or invalid_client) to a client without credentials. */
function publicRefusal(e: unknown, config: ClientConfig): e is FlowError {
  if (!(e instanceof FlowError) || authMethodOf(config) !== 'none') return false
  const status = e.exchange?.response?.status
  return status === 401 || status === 403 || e.failure.title === 'The server answered invalid_client'
}

const operations = {
  refresh: {
    meta: lifecycleSteps.refresh,
    async run(ctx, ports) {
      const now = ports.clock.now()
      const refreshToken = requireValue(token(ctx.held, 'refresh_token'), 'The refresh token')
      const result = await refreshGrant(ports.transport, ctx.as, ctx.config, refreshToken, now)
      const rotated =
        result.tokens.refresh_token !== undefined && result.tokens.refresh_token !== refreshToken
      const held = heldTokens(result.tokens, now, ctx.held)
      return {
        exchange: result.exchange,
        checks: [
          ...result.checks,
          {
            check: 'rotation',
            outcome: 'info',
            summary: rotated
              ? 'The provider rotated the refresh token: the client keeps only the new one'
              : 'The refresh token was not rotated: the client keeps using the same one',
            refs: ['rfc9700-2.2.2'],
          },
        ],
        tokens: held,
        patch: { held },
      }
    },
  },
  introspection: {
    meta: lifecycleSteps.introspection,
    async run(ctx, ports) {
      const accessToken = requireValue(token(ctx.held, 'access_token'), 'The access token')
      let result
      try {
        result = await introspectToken(ports.transport, ctx.as, ctx.config, accessToken, 'access_token')
      } catch (e) {
        // Many providers introspect only for authenticated callers (RFC 7662 §2.1); for a public
        // client that refusal is the expected answer, not the end of the run.
        if (!publicRefusal(e, ctx.config)) throw e
        return {
          exchange: e.exchange,
          checks: [
            {
              check: 'introspection-refused',
              outcome: 'info',
              summary: `${e.failure.title.replace('The server', 'The provider')}: it introspects only for authenticated clients, and this one is public (no secret). A confidential client or a resource server would get an answer; the run goes on`,
              refs: ['rfc7662-2.1'],
            },
          ],
        }
      }
      const { exchange, body, checks } = result
      checks.expect(
        body['active'] === true,
        'active',
        `active: true — the provider confirms the token${typeof body['scope'] === 'string' ? ` with scope "${body['scope']}"` : ''}`,
        `active is ${JSON.stringify(body['active'])}: the provider says this access token is not (or no longer) valid`,
        ['rfc7662-2'],
      )
      checks.stopIfFailed('The access token is not active', ['rfc7662-2'], exchange)
      return { exchange, checks: checks.entries }
    },
  },
  revocation: {
    meta: lifecycleSteps.revocation,
    async run(ctx, ports) {
      const refreshToken = token(ctx.held, 'refresh_token')
      const name = refreshToken === undefined ? 'access_token' : 'refresh_token'
      const value = requireValue(refreshToken ?? token(ctx.held, 'access_token'), 'A token to revoke')
      const exchange = await revokeToken(ports.transport, ctx.as, ctx.config, value, name)
      const held = ctx.held.map((t) => (t.name === name ? { ...t, status: 'revoked' } : t))
      return {
        exchange,
        checks: [
          {
            check: 'revoked',
            outcome: 'pass',
            summary: `200: the provider revoked the ${name.replace('_', ' ')}`,
            refs: ['rfc7009-2'],
          },
        ],
        tokens: held,
        patch: { held },
      }
    },
  },
} satisfies Operations<Ctx>

const kit = flowKit<Ctx>(operations)

const has = {
  refreshToken: ({ context }: { context: Ctx }) => token(context.held, 'refresh_token') !== undefined,
  introspection: ({ context }: { context: Ctx }) => context.as.introspection_endpoint !== undefined,
  revocation: ({ context }: { context: Ctx }) => context.as.revocation_endpoint !== undefined,
}

/** What the provider offers after sign-in, in the order the run takes it. */
export function lifecycleAvailable(input: Pick<LifecycleInput, 'as' | 'held'>): boolean {
  return (
    token(input.held, 'refresh_token') !== undefined ||
    input.as.introspection_endpoint !== undefined ||
    input.as.revocation_endpoint !== undefined
  )
}

/**
 * After sign-in, what a real provider offers for the tokens: refresh (when a refresh token came),
 * introspection and revocation (when the metadata lists them). Each waits for Next.
 */
const tokenLifecycleMachine = kit.setup.createMachine({
  id: 'token-lifecycle',
  // The input carries the provider's metadata and the held tokens besides config and variant.
  context: ({ input }) => ({ ...(input as LifecycleInput), steps: [] }),
  initial: 'choose',
  states: {
    choose: {
      always: [
        { guard: has.refreshToken, target: 'refresh' },
        { guard: has.introspection, target: 'introspection' },
        { guard: has.revocation, target: 'revocation' },
        { target: 'complete' },
      ],
    },
    refresh: kit.step('refresh', 'refreshed'),
    refreshed: {
      tags: ['awaiting-next'],
      on: {
        'step.next': [
          { guard: has.introspection, target: 'introspection' },
          { guard: has.revocation, target: 'revocation' },
          { target: 'complete' },
        ],
      },
    },
    introspection: kit.step('introspection', 'introspected'),
    introspected: {
      tags: ['awaiting-next'],
      on: { 'step.next': [{ guard: has.revocation, target: 'revocation' }, { target: 'complete' }] },
    },
    revocation: kit.step('revocation', 'complete'),
    complete: { type: 'final' },
    failed: { type: 'final', tags: ['failed'] },
  },
})

export const tokenLifecycleFlow = kit.define(tokenLifecycleMachine)
