import { browseOperation } from '../../browser-steps.ts'
import { requireValue } from '../../client/recorder.ts'
import { asOf, discoveryOperation } from '../../common-steps.ts'
import { flowKit, type Operations } from '../../flow-kit.ts'
import { authorizationRequestOperation, type AuthorizingContext } from '../../redirect-steps.ts'
import type { StepMeta } from '../../step.ts'
import { authorizationCodeSteps } from '../../authorization-code/steps.ts'
import { attackerReadsApi, attackerRequest, refusedRedirect, short, stoppedByServer } from '../attacker.ts'

/**
 * Lesson: token leakage in the implicit grant (RFC 9700 §2.1.2, §4.3). The access token arrives in
 * the URL fragment, where every script on the page, the browser's history and anything that reads
 * the address can take it. A script the attacker slipped onto the page (a compromised analytics
 * tag) reads the address and sends it home. Hardened: the code grant with PKCE puts only a
 * one-time code in the address, useless without the verifier that never left the client.
 */
interface Ctx extends AuthorizingContext {
  readonly leakedToken?: string | undefined
  readonly leakedCode?: string | undefined
}

const rule = {
  quote:
    'In order to avoid these issues, clients SHOULD NOT use the implicit grant (response type "token") or other response types issuing access tokens in the authorization response',
  refs: ['rfc9700-2.1.2', 'rfc9700-4.3.2', 'rfc7636-4.6'],
} as const

export const implicitLeakSteps = {
  discovery: authorizationCodeSteps.discovery,
  authorizationRequest: {
    ...authorizationCodeSteps.authorizationRequest,
    explanation:
      'The user clicked “Log in with Friendly Social”. The client sends the browser to the authorization endpoint with a fresh state.',
    variantNotes: {
      vulnerable:
        'Vulnerable: the client asks for response_type=token — the implicit grant. The access token itself will come back in the address bar.',
      hardened:
        'Hardened: the client asks for response_type=code with a PKCE challenge. Only a one-time code will come back in the address bar.',
    },
    variantRefs: { vulnerable: ['rfc6749-4.2.1'], hardened: ['rfc7636-4.3'] },
  },
  leak: {
    title: 'A script on the page reads the address',
    from: 'browser',
    to: 'attacker',
    channel: 'front',
    label: 'location read by a script',
    explanation:
      'MovieMatch’s page loads a third-party analytics script that the attacker has compromised. Like every script on the page, it can read the full address — the fragment included — and send it anywhere. The same address also stays in the browser’s history, where anyone with the device (or its synced history) finds it.',
    refs: ['rfc9700-4.3.2', 'rfc9700-4.2'],
  },
  attackerRedeems: {
    title: 'The attacker tries to redeem the code',
    from: 'attacker',
    to: 'as',
    channel: 'back',
    explanation:
      'All the script found is an authorization code. The attacker posts it to the token endpoint as MovieMatch would — but the code is bound to MovieMatch’s PKCE challenge, and the verifier never left MovieMatch’s memory.',
    refs: ['rfc7636-4.6', 'rfc9700-2.1.1'],
  },
  attackerUsesToken: {
    title: 'The attacker reads Alice’s data',
    from: 'attacker',
    to: 'rs',
    channel: 'back',
    explanation:
      'The leaked access token is a bearer token: whoever holds it may use it. The attacker calls the API with it and the resource server answers as it would answer MovieMatch.',
    refs: ['rfc6750-2.1', 'rfc6750-5.3'],
  },
} as const satisfies Record<string, StepMeta>

const S = implicitLeakSteps

const operations = {
  discovery: discoveryOperation<Ctx>(S.discovery, ['authorization_endpoint', 'token_endpoint']),
  authorizationRequest: authorizationRequestOperation<Ctx>(S.authorizationRequest, (ctx) =>
    ctx.variant === 'vulnerable' ? 'token' : 'code',
  ),
  browse: browseOperation<Ctx>({ redirectUri: (ctx) => ctx.config.redirectUri }),
  leak: {
    meta: S.leak,
    run(ctx) {
      const url = new URL(requireValue(ctx.callbackUrl, 'The address the browser landed on'))
      const refused = refusedRedirect(url.href)
      if (refused !== undefined) return Promise.reject(refused)
      const fragment = new URLSearchParams(url.hash.slice(1))
      const token = fragment.get('access_token') ?? undefined
      const code = url.searchParams.get('code') ?? undefined
      const screens = [
        {
          kind: 'browser' as const,
          lane: 'browser' as const,
          url: url.href,
          note: 'The address bar, as every script on MovieMatch’s page can read it.',
        },
      ]
      if (token !== undefined)
        return Promise.resolve({
          screens,
          outcome: 'token',
          values: [{ name: 'access_token', value: token, note: 'Read from location.hash by the script.' }],
          patch: { leakedToken: token },
        })
      return Promise.resolve({
        screens,
        outcome: 'code',
        values: [
          {
            name: 'code',
            value: requireValue(code, 'The code in the address'),
            note: 'Read from location.search: a one-time code, not a token.',
          },
        ],
        patch: { leakedCode: code },
      })
    },
  },
  attackerRedeems: {
    meta: S.attackerRedeems,
    async run(ctx, ports) {
      const answer = await attackerRequest(
        ports,
        requireValue(asOf(ctx).token_endpoint, 'The token endpoint'),
        {
          form: {
            grant_type: 'authorization_code',
            code: requireValue(ctx.leakedCode, 'The leaked code'),
            redirect_uri: requireValue(ctx.config.redirectUri, 'The redirect URI'),
            client_id: ctx.config.clientId,
          },
        },
      )
      const verdict = stoppedByServer(
        answer,
        'Nothing useful leaked: the address held only a code, and the server will not redeem it without the PKCE verifier.',
        rule,
      )
      if (verdict !== undefined) return { exchange: answer.exchange, verdict, outcome: 'refused' }
      const token = requireValue(answer.body?.['access_token'] as string | undefined, 'The access token')
      return { exchange: answer.exchange, outcome: 'tokens', patch: { leakedToken: token } }
    },
  },
  attackerUsesToken: attackerReadsApi<Ctx>(
    S.attackerUsesToken,
    (ctx) => ctx.leakedToken,
    (_ctx, token, status) => ({
      summary: `The access token leaked from the address bar and worked for the attacker: the API answered ${status} to ${short(token)}. A bearer token in a URL is a bearer token for everyone who can read that URL.`,
      got: [
        { name: 'access_token', value: token, note: 'Alice’s access token, taken from the URL fragment' },
      ],
    }),
    rule,
  ),
} satisfies Operations<Ctx>

const kit = flowKit<Ctx>(operations)

export const implicitLeakMachine = kit.setup.createMachine({
  id: 'lesson-implicit-leak',
  context: ({ input }) => ({ ...input, steps: [] }),
  initial: 'ready',
  states: {
    ready: kit.gate('discovery'),
    discovery: kit.step('discovery', 'discovered'),
    discovered: kit.gate('authorizationRequest'),
    authorizationRequest: kit.step('authorizationRequest', 'redirecting'),
    ...kit.redirectStates('leak'),
    leak: kit.step('leak', { token: 'haveToken', otherwise: 'haveCode' }),
    haveCode: kit.gate('attackerRedeems'),
    attackerRedeems: kit.step('attackerRedeems', { tokens: 'haveToken', otherwise: 'complete' }),
    haveToken: kit.gate('attackerUsesToken'),
    attackerUsesToken: kit.step('attackerUsesToken', 'complete'),
    complete: { type: 'final' },
    failed: { type: 'final', tags: ['failed'] },
  },
})

export const implicitLeakLesson = kit.define(implicitLeakMachine)
