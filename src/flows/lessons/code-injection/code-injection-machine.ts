import { requestOnly } from '@/protocol/http-exchange.ts'
import { browseOperation } from '../../browser-steps.ts'
import {
  buildAuthorizationRequest,
  checkAuthorizationResponse,
  type AuthorizationRequest,
} from '../../client/authorization.ts'
import { requireValue } from '../../client/recorder.ts'
import { asOf, discoveryOperation } from '../../common-steps.ts'
import { FlowError } from '../../flow-error.ts'
import { flowKit, type Operations } from '../../flow-kit.ts'
import { authorizationRequestOperation } from '../../redirect-steps.ts'
import type { Screen, StepMeta } from '../../step.ts'
import { authorizationCodeSteps } from '../../authorization-code/steps.ts'
import { attackerSucceeded, refusalAsVerdict } from '../attacker.ts'
import {
  claim,
  redeemCodeOperation,
  signInOperation,
  verifyIdTokenOperation,
  type SessionContext,
} from '../client-session.ts'

/**
 * Lesson: authorization code injection (RFC 9700 §4.5). Mallory has Alice's code but cannot redeem
 * it: MovieMatch is a confidential client, and only MovieMatch has its secret. So Mallory makes
 * MovieMatch redeem it — in Mallory's own session. Only a value bound to the session that started
 * the login (a PKCE verifier, or the nonce) tells the two logins apart.
 */
interface Ctx extends SessionContext {
  readonly stolenCode?: string | undefined
  /** MovieMatch's authorization request in Mallory's session (Mallory's own browser). */
  readonly attackerRequest?: AuthorizationRequest | undefined
}

const rule = {
  quote:
    'When the attacker attempts to inject an authorization code, the check of the code_verifier fails: the client uses its correct verifier, but the code is associated with a code_challenge that does not match this verifier.',
  refs: ['rfc9700-4.5.3.1', 'rfc9700-4.5.3.2', 'rfc9700-2.1.1'],
} as const

export const codeInjectionSteps = {
  discovery: authorizationCodeSteps.discovery,
  authorizationRequest: {
    ...authorizationCodeSteps.authorizationRequest,
    title: 'Alice starts a login at MovieMatch',
    explanation:
      'Alice clicks “Log in with Friendly Social”. MovieMatch, a server-side web app with a client secret, keeps a fresh state and nonce in Alice’s session and sends her browser to the authorization server.',
    variantNotes: {
      vulnerable:
        'Vulnerable: MovieMatch sends no PKCE challenge — the server allows that for a confidential client — and is set to skip the ID token’s nonce check (misbehave “ignore-nonce”). Either one alone would stop this attack, so both are off.',
      hardened:
        'Hardened: MovieMatch also keeps a PKCE code_verifier in Alice’s session and sends only its SHA-256 hash. The code the server issues is bound to that hash.',
    },
    variantRefs: { vulnerable: ['rfc9700-2.1.1'], hardened: ['rfc7636-4.3'] },
  },
  steal: {
    title: 'Mallory steals Alice’s code from the redirect',
    from: 'browser',
    to: 'attacker',
    channel: 'front',
    label: 'code leaked: code',
    explanation:
      'The redirect back to MovieMatch carries Alice’s code in the URL — and URLs leak: a proxy or server log, a Referer header, the browser history, a malicious extension. Here Mallory reads it before MovieMatch could use it (a code is single-use: once MovieMatch has redeemed it, the server refuses it). Mallory cannot redeem it: MovieMatch is a confidential client, and the token endpoint wants MovieMatch’s secret.',
    refs: ['rfc9700-4.5', 'rfc9700-4.2', 'rfc9700-4.3'],
  },
  attackerStarts: {
    title: 'Mallory starts their own login at MovieMatch',
    from: 'attacker',
    to: 'client',
    channel: 'front',
    label: 'Log in (Mallory’s browser)',
    explanation:
      'So Mallory makes MovieMatch redeem the code for them. In their own browser Mallory clicks “Log in with Friendly Social”; MovieMatch keeps a state and nonce (hardened: and a PKCE verifier) in Mallory’s session and sends Mallory’s browser to the authorization server.',
    refs: ['rfc9700-4.5.1'],
  },
  inject: {
    title: 'Mallory swaps Alice’s code into their own callback',
    from: 'attacker',
    to: 'client',
    channel: 'front',
    explanation:
      'Mallory does not sign in at all: they send their own browser straight to MovieMatch’s callback with Alice’s code and the state from their own login, which they read in the URL. The state matches — it is Mallory’s own login — so state cannot catch this; it only protects the victim’s browser.',
    refs: ['rfc9700-4.5.1', 'rfc6749-10.12'],
  },
  tokenRequest: {
    ...authorizationCodeSteps.tokenRequest,
    title: 'MovieMatch redeems Alice’s code for Mallory',
    explanation:
      'MovieMatch sends the code to the token endpoint with its own client secret and the redirect URI — everything the server checks is right: the code is valid, unused, issued to MovieMatch. Only PKCE ties the code to the session that asked for it: MovieMatch sends the verifier from Mallory’s session, and the code was bound to the challenge of Alice’s.',
    refs: ['rfc6749-4.1.3', 'rfc9700-4.5.2', 'rfc9700-4.5.3.1'],
  },
  idTokenValidation: {
    ...authorizationCodeSteps.idTokenValidation,
    title: 'MovieMatch checks the ID token',
    explanation:
      'The ID token is genuine and about Alice. Its nonce is the one from Alice’s login, not the one kept in Mallory’s session: a client that checks it sees the injection here, and must not use any of the tokens (RFC 9700 §4.5.3.2).',
    refs: ['oidc-3.1.3.7', 'rfc9700-4.5.3.2'],
  },
  signIn: {
    title: 'MovieMatch signs Mallory in — as Alice',
    from: 'client',
    to: 'as',
    channel: 'back',
    explanation:
      'MovieMatch asks UserInfo who signed in and starts the session in Mallory’s browser. Mallory now uses MovieMatch as Alice: her profile, her recommendations, anything MovieMatch lets her do.',
    refs: ['oidc-5.3', 'rfc9700-4.5'],
  },
} as const satisfies Record<string, StepMeta>

const S = codeInjectionSteps

/** MovieMatch's callback with Alice's code and the state of Mallory's own login. */
function injectedCallback(ctx: Ctx): string {
  const forged = new URL(requireValue(ctx.config.redirectUri, 'The redirect URI'))
  forged.searchParams.set('code', requireValue(ctx.stolenCode, 'The stolen code'))
  forged.searchParams.set('state', requireValue(ctx.attackerRequest, 'Mallory’s login at MovieMatch').state)
  forged.searchParams.set('iss', asOf(ctx).issuer)
  return forged.href
}

const operations = {
  discovery: discoveryOperation<Ctx>(S.discovery, [
    'authorization_endpoint',
    'token_endpoint',
    'jwks_uri',
    'userinfo_endpoint',
  ]),
  authorizationRequest: authorizationRequestOperation<Ctx>(S.authorizationRequest),
  browse: browseOperation<Ctx>({ redirectUri: (ctx) => ctx.config.redirectUri }),
  steal: {
    meta: S.steal,
    run(ctx) {
      const url = new URL(requireValue(ctx.callbackUrl, 'The redirect'))
      const code = requireValue(url.searchParams.get('code') ?? undefined, 'The code in the redirect')
      return Promise.resolve({
        screens: [
          {
            kind: 'browser',
            lane: 'attacker',
            url: url.href,
            note: 'The redirect meant for MovieMatch, as Mallory read it.',
          },
        ],
        values: [{ name: 'code', value: code, note: 'Alice’s authorization code, now Mallory’s.' }],
        patch: { stolenCode: code, callbackUrl: undefined },
      })
    },
  },
  attackerStarts: {
    meta: S.attackerStarts,
    async run(ctx, ports) {
      const request = await buildAuthorizationRequest(asOf(ctx), ctx.config, 'code', ports.random)
      return {
        redirectTo: request.url,
        values: [
          { name: 'state', value: request.state, note: 'Mallory’s login: Mallory can read it in the URL.' },
        ],
        screens: [
          {
            kind: 'browser',
            lane: 'attacker',
            url: request.url,
            note: 'Mallory’s own browser, sent to the authorization server by MovieMatch.',
          },
        ],
        patch: { attackerRequest: request },
      }
    },
  },
  inject: refusalAsVerdict(
    {
      meta: S.inject,
      preview: (ctx) => ({ method: 'GET', url: injectedCallback(ctx), headers: [] }),
      async run(ctx, ports) {
        const request = requireValue(ctx.attackerRequest, 'Mallory’s login at MovieMatch')
        const as = asOf(ctx)
        // An edited callback (Edit and resend) is what Mallory's browser delivers instead.
        const forged = new URL(ports.override?.url ?? injectedCallback(ctx))
        const exchange = await requestOnly(new Request(forged.href))
        const screens: Screen[] = [
          {
            kind: 'browser',
            lane: 'attacker',
            url: forged.href,
            note: 'Mallory’s browser delivers Alice’s code to MovieMatch, in Mallory’s session.',
          },
        ]
        try {
          const { checks, params } = checkAuthorizationResponse(as, ctx.config, forged.href, request)
          return {
            exchange,
            checks,
            screens,
            values: [{ name: 'callback', value: forged.href, note: 'Alice’s code, Mallory’s state.' }],
            patch: { code: params['code'] },
          }
        } catch (e) {
          if (e instanceof FlowError) throw new FlowError(e.failure, exchange, e.checks, screens)
          throw e
        }
      },
    },
    { client: 'MovieMatch refused the callback in Mallory’s session.' },
    rule,
  ),
  tokenRequest: refusalAsVerdict(
    redeemCodeOperation<Ctx>(S.tokenRequest, (ctx) => ctx.attackerRequest),
    {
      server:
        'The server refused Alice’s code: it is bound to the PKCE challenge of Alice’s login, and MovieMatch sent the verifier of Mallory’s session. The OpenID Connect nonce would have caught it too, at the client, had PKCE been off.',
    },
    rule,
  ),
  idTokenValidation: refusalAsVerdict(
    verifyIdTokenOperation<Ctx>(S.idTokenValidation, (ctx) => ctx.attackerRequest),
    {
      client:
        'MovieMatch refused the ID token: its nonce is the one from Alice’s login, not from Mallory’s session — the code was injected.',
    },
    rule,
  ),
  signIn: signInOperation<Ctx>(S.signIn, (claims) =>
    attackerSucceeded(
      `Mallory’s browser is now signed in to MovieMatch as ${claim(claims, 'name')} (sub ${claim(claims, 'sub')}): MovieMatch redeemed Alice’s stolen code in Mallory’s session, with its own client secret.`,
      [
        {
          name: 'sub',
          value: claim(claims, 'sub'),
          note: 'The account Mallory’s MovieMatch session is signed in to.',
        },
        { name: 'email', value: claim(claims, 'email'), note: 'Alice’s, shown to Mallory.' },
      ],
      rule,
    ),
  ),
} satisfies Operations<Ctx>

const kit = flowKit<Ctx>(operations)

export const codeInjectionMachine = kit.setup.createMachine({
  id: 'lesson-code-injection',
  context: ({ input }) => ({ ...input, steps: [] }),
  initial: 'ready',
  states: {
    ready: kit.gate('discovery'),
    discovery: kit.step('discovery', 'discovered'),
    discovered: kit.gate('authorizationRequest'),
    authorizationRequest: kit.step('authorizationRequest', 'redirecting'),
    ...kit.redirectStates('steal'),
    steal: kit.step('steal', 'haveCode'),
    haveCode: kit.gate('attackerStarts'),
    attackerStarts: kit.step('attackerStarts', 'attackerLoggingIn'),
    attackerLoggingIn: kit.gate('inject'),
    inject: kit.step('inject', { refused: 'complete', otherwise: 'injected' }),
    injected: kit.gate('tokenRequest'),
    tokenRequest: kit.step('tokenRequest', { tokens: 'haveTokens', otherwise: 'complete' }),
    haveTokens: kit.gate('idTokenValidation'),
    idTokenValidation: kit.step('idTokenValidation', { valid: 'idTokenValid', otherwise: 'complete' }),
    idTokenValid: kit.gate('signIn'),
    signIn: kit.step('signIn', 'complete'),
    complete: { type: 'final' },
    failed: { type: 'final', tags: ['failed'] },
  },
})

export const codeInjectionLesson = kit.define(codeInjectionMachine)
