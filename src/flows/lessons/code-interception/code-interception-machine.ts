import { browseOperation } from '../../browser-steps.ts'
import { requireValue } from '../../client/recorder.ts'
import { asOf, discoveryOperation } from '../../common-steps.ts'
import { flowKit, type Operations } from '../../flow-kit.ts'
import { authorizationRequestOperation, type AuthorizingContext } from '../../redirect-steps.ts'
import type { StepMeta } from '../../step.ts'
import { authorizationCodeSteps } from '../../authorization-code/steps.ts'
import { attackerReadsApi, attackerRequest, refusedRedirect, short, stoppedByServer } from '../attacker.ts'

/**
 * Lesson: authorization code interception (RFC 7636 §1). A malicious app registered for the same
 * redirect URI catches the redirect and redeems the code itself. Without PKCE the server has no way
 * to tell it from the real app; with PKCE it asks for a verifier the attacker never saw.
 */
interface Ctx extends AuthorizingContext {
  readonly stolenCode?: string | undefined
  readonly attackerToken?: string | undefined
}

const rule = {
  quote:
    'Public clients MUST use PKCE [RFC7636] to this end … If the values are not equal, an error response indicating "invalid_grant" … MUST be returned.',
  refs: ['rfc9700-2.1.1', 'rfc7636-4.6', 'rfc7636-1'],
} as const

export const codeInterceptionSteps = {
  discovery: authorizationCodeSteps.discovery,
  authorizationRequest: {
    ...authorizationCodeSteps.authorizationRequest,
    variantNotes: {
      vulnerable:
        'Vulnerable: this public client sends no code_challenge, and the server is set to let public clients skip PKCE (the misbehave setting “Let public clients skip PKCE”). The code alone will be enough to get tokens.',
      hardened:
        'Hardened: the client keeps a random code_verifier to itself and sends only its SHA-256 hash. Whoever redeems the code must show the verifier.',
    },
    variantRefs: { vulnerable: ['rfc9700-2.1.1'], hardened: ['rfc7636-4.3'] },
  },
  intercept: {
    title: 'A malicious app catches the redirect',
    from: 'browser',
    to: 'attacker',
    channel: 'front',
    label: 'redirect caught: code',
    explanation:
      'On a phone, any app can register the same custom URL scheme as MovieMatch; a malicious browser extension or a leaked log can see the same URL. The operating system hands the redirect — with Alice’s authorization code in it — to the attacker’s app instead of MovieMatch.',
    refs: ['rfc7636-1', 'rfc9700-4.5'],
  },
  attackerRedeems: {
    title: 'The attacker redeems the stolen code',
    from: 'attacker',
    to: 'as',
    channel: 'back',
    explanation:
      'The attacker posts the code to the token endpoint as MovieMatch would: grant_type=authorization_code, the code, the redirect URI and MovieMatch’s public client_id. A public client has no secret, so nothing here proves who is asking — unless the code was bound to a PKCE challenge.',
    variantNotes: {
      hardened:
        'The code was issued with a code_challenge, so the server asks for the code_verifier. The attacker saw only the challenge in the URL and cannot compute the verifier from its hash.',
    },
    refs: ['rfc6749-4.1.3', 'rfc7636-4.6'],
  },
  attackerUsesToken: {
    title: 'The attacker reads Alice’s data',
    from: 'attacker',
    to: 'rs',
    channel: 'back',
    explanation:
      'With the access token issued for Alice, the attacker calls the API as if they were MovieMatch: the resource server sees a valid token and answers.',
    refs: ['rfc6750-2.1'],
  },
} as const satisfies Record<string, StepMeta>

const S = codeInterceptionSteps

const operations = {
  discovery: discoveryOperation<Ctx>(S.discovery, ['authorization_endpoint', 'token_endpoint']),
  authorizationRequest: authorizationRequestOperation<Ctx>(S.authorizationRequest),
  browse: browseOperation<Ctx>({ redirectUri: (ctx) => ctx.config.redirectUri }),
  intercept: {
    meta: S.intercept,
    run(ctx) {
      const url = new URL(requireValue(ctx.callbackUrl, 'The redirect'))
      const refused = refusedRedirect(url.href)
      if (refused !== undefined) return Promise.reject(refused)
      const code = requireValue(url.searchParams.get('code') ?? undefined, 'The code in the redirect')
      return Promise.resolve({
        screens: [
          {
            kind: 'browser',
            lane: 'attacker',
            url: url.href,
            note: 'The attacker’s app received the redirect meant for MovieMatch.',
          },
        ],
        values: [
          { name: 'code', value: code, note: 'Alice’s authorization code, now in the attacker’s hands.' },
        ],
        patch: { stolenCode: code },
      })
    },
  },
  attackerRedeems: {
    meta: S.attackerRedeems,
    async run(ctx, ports) {
      const as = asOf(ctx)
      const answer = await attackerRequest(ports, requireValue(as.token_endpoint, 'The token endpoint'), {
        form: {
          grant_type: 'authorization_code',
          code: requireValue(ctx.stolenCode, 'The stolen code'),
          redirect_uri: requireValue(ctx.config.redirectUri, 'The redirect URI'),
          client_id: ctx.config.clientId,
        },
      })
      const verdict = stoppedByServer(
        answer,
        'The server refused the stolen code: it was bound to a PKCE challenge and the attacker has no verifier.',
        rule,
      )
      if (verdict !== undefined) return { exchange: answer.exchange, verdict, outcome: 'refused' }
      const token = requireValue(answer.body?.['access_token'] as string | undefined, 'The access token')
      return {
        exchange: answer.exchange,
        outcome: 'tokens',
        values: [{ name: 'access_token', value: token, note: 'Issued for Alice — to the attacker.' }],
        patch: { attackerToken: token },
      }
    },
  },
  attackerUsesToken: attackerReadsApi<Ctx>(
    S.attackerUsesToken,
    (ctx) => ctx.attackerToken,
    (_ctx, token, status) => ({
      summary: `The attacker redeemed Alice’s code and read her data with the access token (${short(token)}, API answered ${status}). Nothing tied the code to the app that started the flow.`,
      got: [{ name: 'access_token', value: token, note: 'Alice’s access token' }],
    }),
    rule,
  ),
} satisfies Operations<Ctx>

const kit = flowKit<Ctx>(operations)

export const codeInterceptionMachine = kit.setup.createMachine({
  id: 'lesson-code-interception',
  context: ({ input }) => ({ ...input, steps: [] }),
  initial: 'ready',
  states: {
    ready: kit.gate('discovery'),
    discovery: kit.step('discovery', 'discovered'),
    discovered: kit.gate('authorizationRequest'),
    authorizationRequest: kit.step('authorizationRequest', 'redirecting'),
    ...kit.redirectStates('intercept'),
    intercept: kit.step('intercept', 'haveCode'),
    haveCode: kit.gate('attackerRedeems'),
    attackerRedeems: kit.step('attackerRedeems', { tokens: 'attackerHasToken', otherwise: 'complete' }),
    attackerHasToken: kit.gate('attackerUsesToken'),
    attackerUsesToken: kit.step('attackerUsesToken', 'complete'),
    complete: { type: 'final' },
    failed: { type: 'final', tags: ['failed'] },
  },
})

export const codeInterceptionLesson = kit.define(codeInterceptionMachine)
