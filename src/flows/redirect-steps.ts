import { requestOnly } from '@/protocol/http-exchange.ts'
import type { TraceEntry } from '@/protocol/trace.ts'
import type { BrowsingContext } from './browser-steps.ts'
import {
  buildAuthorizationRequest,
  checkAuthorizationResponse,
  type AuthorizationRequest,
  type ResponseType,
} from './client/authorization.ts'
import { requireValue } from './client/recorder.ts'
import { exchangeCode, heldTokens } from './client/token.ts'
import { asOf, type DiscoveringContext } from './common-steps.ts'
import type { FlowPorts } from './flow-contract.ts'
import { FlowError } from './flow-error.ts'
import type { Operation, StepResult } from './flow-kit.ts'
import type { HeldToken, Screen, StepMeta, StepValue } from './step.ts'

/** The context of a grant that sends the user to the authorization endpoint and back. */
export interface AuthorizingContext extends BrowsingContext, DiscoveringContext {
  readonly request?: AuthorizationRequest | undefined
}

/** A flow that goes on with the tokens it redeemed: it holds them in `held`. */
export interface HoldingContext extends AuthorizingContext {
  readonly held?: readonly HeldToken[] | undefined
}

const valueNotes: Readonly<Record<string, string>> = {
  state: 'Kept by the client; must come back unchanged.',
  nonce: 'Kept by the client; must appear in the ID token.',
  code_verifier: 'Secret. Never leaves the client until the token request.',
  code_challenge: 'BASE64URL(SHA-256(code_verifier)) — sent in the URL.',
}

/**
 * The client builds the authorization request (fresh state, nonce, PKCE values) and sends the
 * browser to it — with no HTTP of its own, which the step says.
 */
export function authorizationRequestOperation<Ctx extends AuthorizingContext>(
  meta: StepMeta,
  responseType: (ctx: Ctx) => ResponseType = () => 'code',
): Operation<Ctx> {
  return {
    meta,
    async run(ctx, ports) {
      const request = await buildAuthorizationRequest(asOf(ctx), ctx.config, responseType(ctx), ports.random)
      const generated: Record<string, string | undefined> = {
        state: request.state,
        nonce: request.nonce,
        code_verifier: request.codeVerifier,
        code_challenge: request.codeChallenge,
      }
      const values: StepValue[] = Object.entries(generated).flatMap(([name, value]) =>
        value === undefined ? [] : [{ name, value, note: valueNotes[name] ?? '' }],
      )
      values.push({ name: 'authorization URL', value: request.url })
      return {
        values,
        redirectTo: request.url,
        screens: [
          {
            kind: 'browser',
            lane: 'browser',
            url: request.url,
            note: 'The client has sent the browser here. Press Next and the browser loads it.',
          },
        ],
        patch: { request, pending: { method: 'GET', url: request.url } } as Partial<Ctx>,
      }
    },
  }
}

/**
 * The browser delivers the authorization response to the client's redirect URI; the client checks
 * it (state, iss, code or tokens) before `accept` uses it. Nothing goes over HTTP: the exchange
 * records the request the browser made to the client.
 */
export function callbackOperation<Ctx extends AuthorizingContext>(
  meta: StepMeta,
  note: string,
  accept: (
    params: Readonly<Record<string, string>>,
    ctx: Ctx,
    ports: FlowPorts,
  ) => Promise<StepResult<Ctx>> | StepResult<Ctx>,
): Operation<Ctx> {
  return {
    meta,
    preview: (ctx) =>
      ctx.callbackUrl === undefined ? undefined : { method: 'GET', url: ctx.callbackUrl, headers: [] },
    async run(ctx, ports) {
      // An edited callback (Edit and resend) is what the browser delivers instead.
      const url = ports.override?.url ?? requireValue(ctx.callbackUrl, 'The callback URL')
      const exchange = await requestOnly(new Request(url))
      const screens: Screen[] = [{ kind: 'browser', lane: 'browser', url, note }]
      let checks: readonly TraceEntry[]
      let params: Readonly<Record<string, string>>
      try {
        ;({ checks, params } = checkAuthorizationResponse(
          asOf(ctx),
          ctx.config,
          url,
          requireValue(ctx.request, 'The authorization request'),
        ))
      } catch (e) {
        if (e instanceof FlowError) throw new FlowError(e.failure, exchange, e.checks, screens)
        throw e
      }
      try {
        const accepted = await accept(params, ctx, ports)
        return { exchange, screens, ...accepted, checks: [...checks, ...(accepted.checks ?? [])] }
      } catch (e) {
        if (!(e instanceof FlowError)) throw e
        throw new FlowError(e.failure, e.exchange ?? exchange, [...checks, ...e.checks], e.screens)
      }
    },
  }
}

/**
 * The callback, then the code redeemed on the back channel at once (RFC 6749 §4.1.3); the client
 * holds the tokens that came. A flow that goes on with the refresh token says so: it stops here,
 * saying why, when none came, rather than at a later step that needs it.
 */
export function redeemOperation<Ctx extends HoldingContext>(
  meta: StepMeta,
  note: string,
  options: { readonly needsRefreshToken?: boolean } = {},
): Operation<Ctx> {
  return callbackOperation<Ctx>(meta, note, async (params, ctx, ports) => {
    const now = ports.clock.now()
    const request = requireValue(ctx.request, 'The authorization request')
    const code = requireValue(params['code'], 'The code')
    const result = await exchangeCode(ports.transport, asOf(ctx), ctx.config, code, request, now)
    const held = heldTokens(result.tokens, now)
    if (options.needsRefreshToken === true && !held.some((t) => t.name === 'refresh_token'))
      throw new FlowError(
        {
          title: 'No refresh token came',
          message: 'The client asked for offline_access, but the token response has no refresh_token.',
          hint: 'The client must be allowed the refresh_token grant and the offline_access scope.',
          refs: ['rfc6749-6'],
        },
        result.exchange,
        result.checks,
      )
    const patch: Partial<HoldingContext> = { held }
    return {
      exchange: result.exchange,
      screens: [],
      checks: result.checks,
      tokens: held,
      patch: patch as Partial<Ctx>,
    }
  })
}
