import { traceEntry } from '@/protocol/trace.ts'
import { browseOperation } from '../../browser-steps.ts'
import { jsonObject, requireValue } from '../../client/recorder.ts'
import { heldTokens, refreshGrant } from '../../client/token.ts'
import { asOf, discoveryOperation } from '../../common-steps.ts'
import type { FlowPorts } from '../../flow-contract.ts'
import { FlowError } from '../../flow-error.ts'
import { flowKit, type Operations } from '../../flow-kit.ts'
import {
  authorizationRequestOperation,
  redeemOperation,
  type AuthorizingContext,
} from '../../redirect-steps.ts'
import { refreshSteps } from '../../refresh-token/steps.ts'
import type { HeldToken, StepMeta } from '../../step.ts'
import { attackerRequest, attackerSucceeded, short, stoppedByServer } from '../attacker.ts'

/**
 * Lesson: refresh token theft (RFC 9700 §4.14). A script injected into MovieMatch's page copies
 * its refresh token. Without rotation the attacker and the app both refresh for as long as the
 * token lives, and nobody notices. With rotation, whoever refreshes second presents a retired
 * token: the server sees the reuse and revokes the whole family, the attacker's tokens included.
 */
interface AttackerTokens {
  readonly accessToken: string
  readonly refreshToken: string
  /** How many times the attacker refreshed successfully. */
  readonly refreshes: number
}

interface Ctx extends AuthorizingContext {
  readonly held?: readonly HeldToken[] | undefined
  readonly stolenRefreshToken?: string | undefined
  readonly attacker?: AttackerTokens | undefined
}

const rule = {
  quote:
    'Refresh tokens for public clients MUST be sender-constrained or use refresh token rotation … If a refresh token is compromised and subsequently used by both the attacker and the legitimate client, one of them will present an invalidated refresh token, which will inform the authorization server of the breach.',
  refs: ['rfc9700-2.2.2', 'rfc9700-4.14.2'],
} as const

const refreshTokenOf = (held: readonly HeldToken[] | undefined) =>
  requireValue(held?.find((t) => t.name === 'refresh_token')?.value, 'The refresh token')

export const refreshTheftSteps = {
  discovery: refreshSteps.discovery,
  authorizationRequest: refreshSteps.authorizationRequest,
  redeem: {
    title: 'MovieMatch gets an access token and a refresh token',
    from: 'client',
    to: 'as',
    channel: 'back',
    explanation:
      'MovieMatch checks the response and redeems the code with its PKCE verifier. Besides the short-lived access token it gets a refresh token, to get new access tokens while Alice is away. A browser app keeps it in the page — where any script on the page can read it.',
    refs: ['rfc6749-4.1.3', 'rfc6749-5.1', 'rfc9700-2.2.2'],
  },
  steal: {
    title: 'A script on the page steals the refresh token',
    from: 'client',
    to: 'attacker',
    channel: 'front',
    label: 'stolen: refresh_token',
    explanation:
      'The attacker found a cross-site scripting hole in MovieMatch (a movie review that is not escaped). The injected script reads the refresh token from storage and sends it to the attacker’s server. MovieMatch is a public client: the token is all it takes to use it.',
    refs: ['rfc9700-4.14', 'rfc6749-10.4'],
  },
  attackerRefreshes: {
    title: 'The attacker refreshes with the stolen token',
    from: 'attacker',
    to: 'as',
    channel: 'back',
    explanation:
      'The attacker sends grant_type=refresh_token with the stolen token and MovieMatch’s public client_id. Nothing distinguishes this request from MovieMatch’s own, so the server answers with a fresh access token.',
    variantNotes: {
      vulnerable:
        'Vulnerable: this server never rotates refresh tokens (setting “Refresh token rotation” = Never). The stolen token stays valid, and MovieMatch keeps using the same one.',
      hardened:
        'Hardened: the server rotates refresh tokens of public clients. The attacker gets a new refresh token and the stolen one is retired — but MovieMatch still holds the retired one.',
    },
    refs: ['rfc6749-6', 'rfc9700-4.14.2'],
  },
  clientRefreshes: {
    title: 'MovieMatch refreshes its tokens',
    from: 'client',
    to: 'as',
    channel: 'back',
    explanation:
      'Later, when its access token runs out, MovieMatch refreshes as usual with the refresh token it holds. It knows nothing of the theft.',
    variantNotes: {
      vulnerable:
        'Vulnerable: the token was never rotated, so MovieMatch’s refresh works too. App and attacker now refresh side by side, and the server cannot tell that two parties share one token.',
      hardened:
        'Hardened: MovieMatch presents the token the attacker already used. The server cannot tell who is the thief, but it knows one of the two is: it refuses with invalid_grant and revokes the whole family — every refresh and access token of this grant. Alice must sign in again; the attacker is out.',
    },
    refs: ['rfc9700-4.14.2', 'rfc6749-6'],
  },
  attackerRefreshesAgain: {
    title: 'The attacker refreshes again',
    from: 'attacker',
    to: 'as',
    channel: 'back',
    explanation:
      'Later the attacker refreshes again with the refresh token they hold now, to keep access without Alice ever signing in.',
    refs: ['rfc6749-6', 'rfc9700-4.14.2'],
  },
  attackerUsesToken: {
    title: 'The attacker reads Alice’s data',
    from: 'attacker',
    to: 'rs',
    channel: 'back',
    explanation: 'The attacker calls the API with the newest access token they got for Alice.',
    refs: ['rfc6750-2.1', 'rfc6750-3.1'],
  },
} as const satisfies Record<string, StepMeta>

const S = refreshTheftSteps

/** A refresh as the attacker sends it: the stolen token and MovieMatch's public client_id. */
function attackerRefresh(ctx: Ctx, ports: FlowPorts, refreshToken: string) {
  return attackerRequest(ports, requireValue(asOf(ctx).token_endpoint, 'The token endpoint'), {
    form: { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: ctx.config.clientId },
  })
}

const operations = {
  discovery: discoveryOperation<Ctx>(S.discovery, ['authorization_endpoint', 'token_endpoint']),
  authorizationRequest: authorizationRequestOperation<Ctx>(S.authorizationRequest),
  browse: browseOperation<Ctx>({ redirectUri: (ctx) => ctx.config.redirectUri }),
  redeem: redeemOperation<Ctx>(S.redeem, 'Back at MovieMatch with the code; it redeems it right away.', {
    needsRefreshToken: true,
  }),
  steal: {
    meta: S.steal,
    run(ctx) {
      const token = refreshTokenOf(ctx.held)
      return Promise.resolve({
        values: [{ name: 'refresh_token', value: token, note: 'Copied out of MovieMatch’s page.' }],
        patch: { stolenRefreshToken: token },
      })
    },
  },
  attackerRefreshes: {
    meta: S.attackerRefreshes,
    async run(ctx, ports) {
      const stolen = requireValue(ctx.stolenRefreshToken, 'The stolen refresh token')
      const answer = await attackerRefresh(ctx, ports, stolen)
      const access = answer.body?.['access_token']
      if (answer.status !== 200 || typeof access !== 'string')
        throw new FlowError(
          {
            title: `The token endpoint answered ${answer.status}`,
            message: 'The server refused the stolen refresh token the first time it was used.',
            refs: ['rfc6749-5.2'],
          },
          answer.exchange,
        )
      const rotated = answer.body?.['refresh_token']
      const refresh = typeof rotated === 'string' ? rotated : stolen
      return {
        exchange: answer.exchange,
        checks: [
          traceEntry(
            'info',
            'rotation',
            refresh === stolen
              ? 'No new refresh token: the stolen one stays valid, for the attacker and for MovieMatch'
              : 'A new refresh token, now the attacker’s: the stolen one is retired, but MovieMatch still holds it',
            ['rfc9700-4.14.2'],
          ),
        ],
        values: [
          { name: 'access_token', value: access, note: 'Issued for Alice — to the attacker.' },
          ...(refresh === stolen
            ? []
            : [{ name: 'refresh_token', value: refresh, note: 'The attacker’s now.' }]),
        ],
        patch: { attacker: { accessToken: access, refreshToken: refresh, refreshes: 1 } },
      }
    },
  },
  clientRefreshes: {
    meta: S.clientRefreshes,
    async run(ctx, ports) {
      const now = ports.clock.now()
      try {
        const result = await refreshGrant(
          ports.transport,
          asOf(ctx),
          ctx.config,
          refreshTokenOf(ctx.held),
          now,
        )
        const held = heldTokens(result.tokens, now, ctx.held)
        return { exchange: result.exchange, checks: result.checks, tokens: held, patch: { held } }
      } catch (e) {
        const response = e instanceof FlowError ? e.exchange?.response : undefined
        if (!(e instanceof FlowError) || e.exchange === undefined || response === undefined) throw e
        const verdict = stoppedByServer(
          { exchange: e.exchange, status: response.status, body: jsonObject(response.body) },
          'The server saw a refresh token come back that had already been used, and revoked the whole family: the attacker’s refresh and access tokens died with MovieMatch’s.',
          rule,
        )
        if (verdict === undefined) throw e
        const held = (ctx.held ?? []).map((t) => ({ ...t, status: 'revoked with its grant after the reuse' }))
        return { exchange: e.exchange, tokens: held, verdict, patch: { held } }
      }
    },
  },
  attackerRefreshesAgain: {
    meta: S.attackerRefreshesAgain,
    async run(ctx, ports) {
      const attacker = requireValue(ctx.attacker, 'The attacker’s tokens')
      const answer = await attackerRefresh(ctx, ports, attacker.refreshToken)
      const access = answer.body?.['access_token']
      if (answer.status === 200 && typeof access === 'string') {
        const rotated = answer.body?.['refresh_token']
        return {
          exchange: answer.exchange,
          values: [{ name: 'access_token', value: access, note: 'Another fresh one, for the attacker.' }],
          patch: {
            attacker: {
              accessToken: access,
              refreshToken: typeof rotated === 'string' ? rotated : attacker.refreshToken,
              refreshes: attacker.refreshes + 1,
            },
          },
        }
      }
      if (answer.status !== 400)
        throw new FlowError(
          {
            title: `The token endpoint answered ${answer.status}`,
            message: 'Neither tokens nor an OAuth error came back.',
            refs: ['rfc6749-5.2'],
          },
          answer.exchange,
        )
      return {
        exchange: answer.exchange,
        checks: [
          traceEntry(
            'info',
            'refresh-refused',
            `${String(answer.body?.['error'])}: ${String(answer.body?.['error_description'])} — the attacker’s refresh token went with the family`,
            ['rfc9700-4.14.2'],
          ),
        ],
      }
    },
  },
  attackerUsesToken: {
    meta: S.attackerUsesToken,
    async run(ctx, ports) {
      const attacker = requireValue(ctx.attacker, 'The attacker’s tokens')
      const answer = await attackerRequest(ports, requireValue(ctx.config.resourceUrl, 'The API'), {
        bearer: attacker.accessToken,
      })
      if (answer.status !== 200)
        return {
          exchange: answer.exchange,
          checks: [
            traceEntry(
              'info',
              'api-refused',
              `${answer.status} ${String(answer.body?.['error'])}: ${String(answer.body?.['error_description'])} — the attacker’s access token (${short(attacker.accessToken)}) no longer works`,
              ['rfc9700-4.14.2', 'rfc6750-3.1'],
            ),
          ],
        }
      return {
        exchange: answer.exchange,
        verdict: attackerSucceeded(
          `The stolen refresh token got the attacker fresh access tokens ${attacker.refreshes} times, MovieMatch’s own refreshes did not disturb it, and the API answered ${answer.status}: without rotation, a stolen refresh token works for its whole life.`,
          [
            { name: 'refresh_token', value: attacker.refreshToken, note: 'Still valid' },
            { name: 'access_token', value: attacker.accessToken, note: 'Fresh, for Alice’s data' },
          ],
          rule,
        ),
      }
    },
  },
} satisfies Operations<Ctx>

const kit = flowKit<Ctx>(operations)

export const refreshTheftMachine = kit.setup.createMachine({
  id: 'lesson-refresh-theft',
  context: ({ input }) => ({ ...input, steps: [] }),
  initial: 'ready',
  states: {
    ready: kit.gate('discovery'),
    discovery: kit.step('discovery', 'discovered'),
    discovered: kit.gate('authorizationRequest'),
    authorizationRequest: kit.step('authorizationRequest', 'redirecting'),
    ...kit.redirectStates('redeem'),
    redeem: kit.step('redeem', 'haveTokens'),
    haveTokens: kit.gate('steal'),
    steal: kit.step('steal', 'stolen'),
    stolen: kit.gate('attackerRefreshes'),
    attackerRefreshes: kit.step('attackerRefreshes', 'attackerRefreshed'),
    attackerRefreshed: kit.gate('clientRefreshes'),
    clientRefreshes: kit.step('clientRefreshes', 'clientRefreshed'),
    clientRefreshed: kit.gate('attackerRefreshesAgain'),
    attackerRefreshesAgain: kit.step('attackerRefreshesAgain', 'attackerTriedAgain'),
    attackerTriedAgain: kit.gate('attackerUsesToken'),
    attackerUsesToken: kit.step('attackerUsesToken', 'complete'),
    complete: { type: 'final' },
    failed: { type: 'final', tags: ['failed'] },
  },
})

export const refreshTheftLesson = kit.define(refreshTheftMachine)
