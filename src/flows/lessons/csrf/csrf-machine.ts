import { buildAuthorizationRequest, type AuthorizationRequest } from '../../client/authorization.ts'
import { requireValue } from '../../client/recorder.ts'
import { asOf, discoveryOperation } from '../../common-steps.ts'
import { isRedirectUri } from '../../browser-steps.ts'
import type { Navigation } from '../../flow-contract.ts'
import { FlowError } from '../../flow-error.ts'
import { flowKit, type Operations } from '../../flow-kit.ts'
import { authorizationRequestOperation, callbackOperation } from '../../redirect-steps.ts'
import type { StepMeta } from '../../step.ts'
import { authorizationCodeSteps } from '../../authorization-code/steps.ts'
import {
  attackerNavigate,
  attackerSubmits,
  attackerSucceeded,
  refusalAsVerdict,
  type AttackerCookies,
} from '../attacker.ts'
import {
  claim,
  redeemCodeOperation,
  signInOperation,
  verifyIdTokenOperation,
  type SessionContext,
} from '../client-session.ts'

/**
 * Lesson: CSRF on the redirect URI — login CSRF (RFC 6749 §10.12, RFC 9700 §4.7). Mallory signs in
 * at Friendly Social with their own account, stops at the redirect, and makes Alice's browser
 * deliver that callback to MovieMatch. A client that ties nothing in the callback to Alice's own
 * login signs Alice in to Mallory's account.
 */
interface Ctx extends SessionContext {
  /** MovieMatch's authorization request in Mallory's session (Mallory's own browser). */
  readonly attackerRequest?: AuthorizationRequest | undefined
  readonly attackerPending?: Navigation | undefined
  readonly attackerCookies?: AttackerCookies | undefined
  /** The callback URL with the code for Mallory's account, which Mallory never delivered. */
  readonly forgedCallback?: string | undefined
}

/** Mallory's own Friendly Social account: the demo user bob. */
const malloryAccount = { username: 'bob', password: 'builder' } as const

const rule = {
  quote:
    'Clients MUST prevent Cross-Site Request Forgery (CSRF). … In OpenID Connect flows, the nonce parameter provides CSRF protection. Otherwise, one-time use CSRF tokens carried in the state parameter that are securely bound to the user agent MUST be used for CSRF protection',
  refs: ['rfc9700-2.1', 'rfc9700-4.7.1', 'rfc6749-10.12'],
} as const

const attackerHop = (title: string, explanation: string): StepMeta => ({
  title,
  from: 'attacker',
  to: 'as',
  channel: 'front',
  explanation,
  refs: ['rfc9700-4.7'],
})

export const csrfSteps = {
  discovery: authorizationCodeSteps.discovery,
  attackerStarts: {
    title: 'Mallory starts a login at MovieMatch',
    from: 'attacker',
    to: 'client',
    channel: 'front',
    label: 'Log in (Mallory’s browser)',
    explanation:
      'Mallory opens MovieMatch in their own browser and clicks “Log in with Friendly Social”, like any user. MovieMatch creates a login for Mallory’s session — its own state and nonce — and sends Mallory’s browser to the authorization server.',
    variantNotes: {
      hardened:
        'Hardened: MovieMatch also keeps a PKCE code_verifier in Mallory’s session, and only its hash goes into the URL.',
    },
    refs: ['rfc6749-4.1.1', 'rfc9700-4.7'],
  },
  attackerAuthorize: attackerHop(
    'Mallory’s browser asks the authorization server',
    'Mallory’s browser loads the authorization URL. Nothing here is unusual: to the server this is a normal login for MovieMatch, from a different browser than Alice’s.',
  ),
  attackerLogin: attackerHop(
    'Mallory signs in with their own account',
    'Mallory signs in with their own Friendly Social account, bob / builder. Mallory needs no secret of Alice’s for this attack: only an account of their own.',
  ),
  attackerConsent: attackerHop(
    'Mallory allows — and keeps the redirect',
    'Mallory presses Allow. The server redirects to MovieMatch’s callback with a fresh code for Mallory’s account — but Mallory’s browser does not follow the redirect. Mallory keeps the URL: it is a working login link to Mallory’s account.',
  ),
  authorizationRequest: {
    ...authorizationCodeSteps.authorizationRequest,
    title: 'Alice starts her own login at MovieMatch',
    explanation:
      'Meanwhile Alice clicks “Log in with Friendly Social” at MovieMatch. MovieMatch keeps a fresh state and nonce in Alice’s session (and, hardened, a PKCE code_verifier) and sends her browser to the authorization server. It now waits for a callback in Alice’s browser.',
    variantNotes: {
      vulnerable:
        'Vulnerable: this MovieMatch sends no PKCE challenge (allowed for a confidential client, and the server does not require it), and it is set to skip two checks — state (misbehave “ignore-state”) and the ID token’s nonce (“ignore-nonce”). Both are needed for the attack to work: in OpenID Connect the nonce also stops login CSRF, because the ID token carries the nonce of Mallory’s login, not Alice’s.',
      hardened:
        'Hardened: the RFC 9700 default — state checked, nonce checked, PKCE (S256). Any one of them would stop this attack; the state check comes first.',
    },
    variantRefs: { vulnerable: ['rfc9700-2.1'], hardened: ['rfc7636-4.3'] },
  },
  plant: {
    title: 'Mallory makes Alice’s browser load the forged callback',
    from: 'attacker',
    to: 'browser',
    channel: 'front',
    label: 'forged link → Alice’s browser',
    explanation:
      'Mallory gets Alice’s browser to load the callback URL — a link in an email, or a hidden image on a page Alice visits. Her browser sends it to MovieMatch with Alice’s cookies: to MovieMatch it looks like the end of Alice’s login.',
    refs: ['rfc9700-4.7', 'rfc6749-10.12'],
  },
  callback: {
    ...authorizationCodeSteps.callback,
    title: 'MovieMatch takes the callback in Alice’s session',
    explanation:
      'The callback arrives in Alice’s session. Its state is the one MovieMatch made for Mallory’s login, not Alice’s. A client that compares state with the value it kept in this session sees at once that the response belongs to another login — one that did not start in this browser.',
    refs: ['rfc6749-10.12', 'rfc9700-4.7.1', 'rfc9207-2.4'],
  },
  tokenRequest: {
    ...authorizationCodeSteps.tokenRequest,
    title: 'MovieMatch redeems Mallory’s code',
    explanation:
      'MovieMatch sends the code from the callback to the token endpoint with its own client secret. The code is valid, unused and issued to MovieMatch — the server has no reason to refuse it, and answers with tokens for the account that signed in: Mallory’s.',
    refs: ['rfc6749-4.1.3', 'rfc9700-4.7'],
  },
  idTokenValidation: {
    ...authorizationCodeSteps.idTokenValidation,
    title: 'MovieMatch checks the ID token',
    explanation:
      'The ID token is genuine: signed by the server, for MovieMatch, fresh. Only its nonce gives the attack away — it is the nonce of Mallory’s login, not the one kept in Alice’s session.',
    refs: ['oidc-3.1.3.7', 'oidc-15.5.2', 'rfc9700-2.1'],
  },
  signIn: {
    title: 'MovieMatch signs Alice’s browser in — to Mallory’s account',
    from: 'client',
    to: 'as',
    channel: 'back',
    explanation:
      'MovieMatch asks UserInfo who signed in and starts the session in Alice’s browser. Alice sees MovieMatch as usual and may not notice the name. Everything she does now — her ratings, her watch list, a card she saves — goes into Mallory’s account, where Mallory reads it later.',
    refs: ['oidc-5.3', 'rfc9700-4.7'],
  },
} as const satisfies Record<string, StepMeta>

const S = csrfSteps

const operations = {
  discovery: discoveryOperation<Ctx>(S.discovery, [
    'authorization_endpoint',
    'token_endpoint',
    'jwks_uri',
    'userinfo_endpoint',
  ]),
  attackerStarts: {
    meta: S.attackerStarts,
    async run(ctx, ports) {
      const request = await buildAuthorizationRequest(asOf(ctx), ctx.config, 'code', ports.random)
      return {
        redirectTo: request.url,
        values: [
          { name: 'state', value: request.state, note: 'Kept in Mallory’s session at MovieMatch.' },
          ...(request.nonce === undefined
            ? []
            : [{ name: 'nonce', value: request.nonce, note: 'Kept in Mallory’s session at MovieMatch.' }]),
        ],
        screens: [
          {
            kind: 'browser',
            lane: 'attacker',
            url: request.url,
            note: 'Mallory’s own browser, on its way to the authorization server.',
          },
        ],
        patch: { attackerRequest: request, attackerPending: { method: 'GET', url: request.url } },
      }
    },
  },
  attackerBrowse: {
    meta: S.attackerAuthorize,
    outline: [S.attackerAuthorize, S.attackerLogin, S.attackerConsent],
    async run(ctx, ports) {
      const navigation = requireValue(ctx.attackerPending, 'Mallory’s next page')
      const path = new URL(navigation.url).pathname
      const meta = path.endsWith('/login')
        ? S.attackerLogin
        : path.endsWith('/consent')
          ? S.attackerConsent
          : S.attackerAuthorize
      const visit = await attackerNavigate(ports, navigation, ctx.attackerCookies ?? [])
      const redirectUri = requireValue(ctx.config.redirectUri, 'The redirect URI')
      if (visit.location !== undefined && isRedirectUri(visit.location, redirectUri)) {
        const code = new URL(visit.location).searchParams.get('code') ?? ''
        return {
          meta,
          exchange: visit.exchange,
          outcome: 'arrived',
          values: [
            { name: 'code', value: code, note: 'A code for Mallory’s account (bob).' },
            { name: 'forged link', value: visit.location, note: 'Never delivered by Mallory’s browser.' },
          ],
          screens: [
            {
              kind: 'browser',
              lane: 'attacker',
              url: navigation.url,
              note: `The server redirects to ${visit.location} — Mallory stops the browser and copies the URL.`,
            },
          ],
          patch: {
            forgedCallback: visit.location,
            attackerPending: undefined,
            attackerCookies: visit.cookies,
          },
        }
      }
      const next =
        visit.location !== undefined
          ? ({ method: 'GET', url: visit.location } as const)
          : visit.status < 400
            ? attackerSubmits(visit.html, navigation.url, malloryAccount)
            : undefined
      if (next === undefined)
        throw new FlowError(
          {
            title: `The authorization server answered ${visit.status} to Mallory’s browser`,
            message: 'Mallory’s login did not reach the redirect back to MovieMatch.',
            refs: meta.refs,
          },
          visit.exchange,
        )
      return {
        meta,
        exchange: visit.exchange,
        outcome: 'next',
        screens: [
          {
            kind: 'browser',
            lane: 'attacker',
            url: navigation.url,
            ...(visit.location === undefined
              ? { page: { url: navigation.url, status: visit.status, html: visit.html } }
              : {}),
            note: 'Mallory’s own browser, with Mallory’s own cookies.',
          },
        ],
        patch: { attackerPending: next, attackerCookies: visit.cookies },
      }
    },
  },
  authorizationRequest: authorizationRequestOperation<Ctx>(S.authorizationRequest),
  plant: {
    meta: S.plant,
    run(ctx) {
      const url = requireValue(ctx.forgedCallback, 'Mallory’s callback URL')
      return Promise.resolve({
        screens: [
          {
            kind: 'browser',
            lane: 'browser',
            url,
            note: 'Alice’s browser loads Mallory’s callback URL at MovieMatch, with Alice’s cookies.',
          },
        ],
        values: [{ name: 'callback', value: url, note: 'state and code from Mallory’s login.' }],
        patch: { callbackUrl: url, pending: undefined },
      })
    },
  },
  callback: refusalAsVerdict(
    callbackOperation<Ctx>(
      S.callback,
      'Alice’s browser delivers Mallory’s callback to MovieMatch, in Alice’s session.',
      (params) => ({ outcome: 'code', patch: { code: params['code'] } }),
    ),
    {
      client:
        'MovieMatch refused the callback: its state is not the one kept in Alice’s session, so the response belongs to a login that did not start in her browser.',
    },
    rule,
  ),
  tokenRequest: refusalAsVerdict(
    redeemCodeOperation<Ctx>(S.tokenRequest, (ctx) => ctx.request),
    {
      server:
        'The server refused the code: it is bound to the PKCE challenge of Mallory’s login, and Alice’s session holds a different verifier.',
    },
    rule,
  ),
  idTokenValidation: refusalAsVerdict(
    verifyIdTokenOperation<Ctx>(S.idTokenValidation, (ctx) => ctx.request),
    {
      client:
        'MovieMatch refused the ID token: its nonce belongs to Mallory’s login, not to the one in Alice’s session.',
    },
    rule,
  ),
  signIn: signInOperation<Ctx>(S.signIn, (claims) =>
    attackerSucceeded(
      `Alice’s browser is now signed in to MovieMatch as ${claim(claims, 'name')} (sub ${claim(claims, 'sub')}) — Mallory’s account, not hers. What she saves at MovieMatch from now on lands in Mallory’s account.`,
      [
        {
          name: 'sub',
          value: claim(claims, 'sub'),
          note: 'The account Alice’s MovieMatch session is signed in to.',
        },
        {
          name: 'email',
          value: claim(claims, 'email'),
          note: 'Mallory’s address, shown to Alice as “her” account.',
        },
      ],
      rule,
    ),
  ),
} satisfies Operations<Ctx>

const kit = flowKit<Ctx>(operations)

export const csrfMachine = kit.setup.createMachine({
  id: 'lesson-csrf',
  context: ({ input }) => ({ ...input, steps: [] }),
  initial: 'ready',
  states: {
    ready: kit.gate('discovery'),
    discovery: kit.step('discovery', 'discovered'),
    discovered: kit.gate('attackerStarts'),
    attackerStarts: kit.step('attackerStarts', 'attackerRedirecting'),
    attackerRedirecting: kit.gate('attackerBrowsing'),
    attackerBrowsing: kit.step('attackerBrowse', {
      arrived: 'attackerHasLink',
      otherwise: 'attackerRedirecting',
    }),
    attackerHasLink: kit.gate('authorizationRequest'),
    authorizationRequest: kit.step('authorizationRequest', 'aliceWaiting'),
    aliceWaiting: kit.gate('plant'),
    plant: kit.step('plant', 'returning'),
    returning: kit.gate('callback'),
    callback: kit.step('callback', { code: 'haveCode', otherwise: 'complete' }),
    haveCode: kit.gate('tokenRequest'),
    tokenRequest: kit.step('tokenRequest', { tokens: 'haveTokens', otherwise: 'complete' }),
    haveTokens: kit.gate('idTokenValidation'),
    idTokenValidation: kit.step('idTokenValidation', { valid: 'idTokenValid', otherwise: 'complete' }),
    idTokenValid: kit.gate('signIn'),
    signIn: kit.step('signIn', 'complete'),
    complete: { type: 'final' },
    failed: { type: 'final', tags: ['failed'] },
  },
})

export const csrfLesson = kit.define(csrfMachine)
