import type { AuthorizationServer } from 'oauth4webapi'
import type { HttpExchange } from '@/protocol/http-exchange.ts'
import type { SpecRefId } from '@/protocol/spec-refs.ts'
import { traceEntry, type TraceEntry } from '@/protocol/trace.ts'
import type { ClientConfig } from './client-config.ts'
import { discover, type EndpointName } from './client/discovery.ts'
import { requireValue } from './client/recorder.ts'
import { bearerFailure, callResource } from './client/resource.ts'
import { refreshGrant } from './client/token.ts'
import type { FlowContext, FlowPorts } from './flow-contract.ts'
import { FlowError } from './flow-error.ts'
import type { Operation } from './flow-kit.ts'
import type { HeldToken, StepMeta } from './step.ts'

/** Steps every grant shares, built once: discovery and calling the API with the access token. */
export interface DiscoveringContext extends FlowContext {
  readonly as?: AuthorizationServer | undefined
}

export const asOf = (ctx: DiscoveringContext): AuthorizationServer =>
  requireValue(ctx.as, 'The discovery document')

/** The client reads the server's metadata and checks it names the endpoints this grant needs. */
export function discoveryOperation<Ctx extends DiscoveringContext>(
  meta: StepMeta,
  needs: readonly EndpointName[],
): Operation<Ctx> {
  return {
    meta,
    async run(ctx, ports) {
      const { as, exchange, checks } = await discover(ports.transport, ctx.config.issuer, needs)
      return { exchange, checks, patch: { as } as Partial<Ctx> }
    },
  }
}

/** The access token the client holds now. */
export function accessTokenOf(held: readonly HeldToken[] | undefined): string {
  return requireValue(held?.find((t) => t.name === 'access_token')?.value, 'The access token')
}

export interface ApiCall<Ctx> {
  readonly url: (ctx: Ctx) => string
  readonly token: (ctx: Ctx) => string
  /**
   * A refusal this step expects and explains (an expired token, an app token at a user endpoint):
   * recorded as the lesson it is, not as a failure. Any other refusal fails the step.
   */
  readonly expect?: { readonly status: number; readonly error: string; readonly lesson: string }
  /** Runs first: e.g. time passing until the token has expired. */
  readonly before?: (ctx: Ctx, ports: FlowPorts) => TraceEntry[]
}

/**
 * Calls the API with the access token (RFC 6750 §2.1). Its outcome is `ok` or `refused`, for the
 * machine to go on from.
 */
export function apiOperation<Ctx extends FlowContext>(meta: StepMeta, call: ApiCall<Ctx>): Operation<Ctx> {
  return {
    meta,
    async run(ctx, ports) {
      const notes = call.before?.(ctx, ports) ?? []
      const url = call.url(ctx)
      const result = await callResource(ports.transport, url, call.token(ctx))
      const path = new URL(url).pathname
      if (result.status === 200 && call.expect !== undefined)
        throw new FlowError(
          {
            title: `The API answered 200 where it should have refused with ${call.expect.error}`,
            message: `${path} accepted this token. ${call.expect.lesson.replace(/^./, (c) => c.toUpperCase())} — but this server did not check it.`,
            refs: ['rfc6750-3.1'],
          },
          result.exchange,
          notes,
        )
      if (result.status === 200)
        return {
          exchange: result.exchange,
          checks: [
            ...notes,
            traceEntry('pass', 'api-ok', `200 from ${path}: the access token was accepted`, ['rfc6750-2.1']),
          ],
          outcome: 'ok',
        }
      const expected = call.expect
      if (
        expected !== undefined &&
        result.status === expected.status &&
        result.challenge?.error === expected.error
      )
        return {
          exchange: result.exchange,
          checks: [
            ...notes,
            traceEntry(
              'info',
              'api-refused',
              `${result.status} ${expected.error}: ${result.challenge.description ?? 'refused'} — ${expected.lesson}`,
              ['rfc6750-3.1'],
            ),
          ],
          outcome: 'refused',
        }
      throw new FlowError(bearerFailure(result.status, result.exchange), result.exchange, notes)
    },
  }
}

/** Why a refresh must fail, and what it means when the server issues tokens all the same. */
export interface RefusalLesson {
  /** The server's failure if it accepts the token, e.g. "it does not detect reuse". */
  readonly accepted: string
  /** Said after the server's invalid_grant, e.g. "the whole family is revoked". */
  readonly lesson: string
  readonly refs: readonly SpecRefId[]
}

/**
 * A refresh that must be refused with invalid_grant: the refusal is the lesson, recorded with the
 * server's reasoning; a success would be the server's failure, and fails the step.
 */
export async function refusedRefresh(
  ports: FlowPorts,
  as: AuthorizationServer,
  config: ClientConfig,
  token: string,
  why: RefusalLesson,
): Promise<{ exchange: HttpExchange | undefined; checks: TraceEntry[] }> {
  try {
    const result = await refreshGrant(ports.transport, as, config, token, ports.clock.now())
    throw new FlowError(
      {
        title: 'The server accepted a refresh token it should have refused',
        message: `The server issued tokens for this refresh token: ${why.accepted}.`,
        refs: why.refs,
      },
      result.exchange,
    )
  } catch (e) {
    if (!(e instanceof FlowError) || e.failure.title !== 'The server answered invalid_grant') throw e
    return {
      exchange: e.exchange,
      checks: [
        traceEntry(
          'info',
          'refresh-refused',
          `invalid_grant: ${e.failure.message} — ${why.lesson}`,
          why.refs,
        ),
      ],
    }
  }
}
