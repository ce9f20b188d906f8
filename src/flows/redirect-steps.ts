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
import { asOf, type DiscoveringContext } from './common-steps.ts'
import type { FlowPorts } from './flow-contract.ts'
import { FlowError } from './flow-error.ts'
import type { Operation, StepResult } from './flow-kit.ts'
import type { Screen, StepMeta, StepValue } from './step.ts'

/** The context of a grant that sends the user to the authorization endpoint and back. */
export interface AuthorizingContext extends BrowsingContext, DiscoveringContext {
  readonly request?: AuthorizationRequest | undefined
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
