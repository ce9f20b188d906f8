import { exchange, type HttpExchange } from '@/protocol/http-exchange.ts'
import type { TraceEntry } from '@/protocol/trace.ts'
import { jsonObject } from '../client/recorder.ts'
import { FlowError } from '../flow-error.ts'
import type { FlowPorts } from '../flow-contract.ts'
import type { AttackVerdict, StepValue } from '../step.ts'

/**
 * What the attacker does over HTTP, and how an attack ended: the building blocks of the attack
 * lessons. The attacker sends real requests to the same server through the same transport as
 * everyone else; the verdict is read from what the server and the client really answered.
 */

/** The attacker's own request: a form POST (the token endpoint) or a GET with a bearer token. */
export async function attackerRequest(
  ports: FlowPorts,
  url: string,
  options: { readonly form?: Readonly<Record<string, string>>; readonly bearer?: string } = {},
): Promise<{ exchange: HttpExchange; status: number; body: Record<string, unknown> | undefined }> {
  const headers = new Headers({ accept: 'application/json' })
  if (options.bearer !== undefined) headers.set('authorization', `Bearer ${options.bearer}`)
  const init: RequestInit =
    options.form === undefined
      ? { method: 'GET', headers }
      : {
          method: 'POST',
          headers: (headers.set('content-type', 'application/x-www-form-urlencoded'), headers),
          body: new URLSearchParams(options.form).toString(),
        }
  const result = await exchange(ports.transport, new Request(url, init))
  return {
    exchange: result.exchange,
    status: result.response.status,
    body: jsonObject(result.exchange.response?.body),
  }
}

/** The first check that failed: the one that stopped the request. */
export function firstFailure(trace: readonly TraceEntry[]): TraceEntry | undefined {
  return trace.find((entry) => entry.outcome === 'fail')
}

/**
 * The verdict when a server refused the attacker: which of its checks did, with the `error` it
 * answered. Undefined when the server did not refuse (the caller then says what the attacker got).
 */
export function stoppedByServer(
  answer: { exchange: HttpExchange; status: number; body: Record<string, unknown> | undefined },
  summary: string,
  rule: AttackVerdict['rule'],
): AttackVerdict | undefined {
  if (answer.status < 400) return undefined
  const failed = firstFailure(answer.exchange.trace)
  // A JSON error answer names it; an error page does not, but the failed check recorded it.
  const error =
    typeof answer.body?.['error'] === 'string'
      ? answer.body['error']
      : /^([a-z_]+): /.exec(failed?.detail ?? '')?.[1]
  return {
    attacker: 'stopped',
    summary,
    stoppedBy: {
      who: 'server',
      check: failed?.check ?? 'server',
      summary: failed?.summary ?? `The server answered ${answer.status}`,
      ...(error === undefined ? {} : { error }),
    },
    rule,
  }
}

/** The verdict when the client's own check stopped the attacker's input. */
export function stoppedByClient(
  checks: readonly TraceEntry[],
  summary: string,
  rule: AttackVerdict['rule'],
): AttackVerdict {
  const failed = firstFailure(checks)
  return {
    attacker: 'stopped',
    summary,
    stoppedBy: {
      who: 'client',
      check: failed?.check ?? 'client',
      summary: failed?.summary ?? 'The client refused it',
    },
    rule,
  }
}

/** The verdict when the attack worked: what the attacker now holds. */
export function attackerSucceeded(
  summary: string,
  got: readonly StepValue[],
  rule: AttackVerdict['rule'],
): AttackVerdict {
  return { attacker: 'succeeded', summary, got, rule }
}

/** A value shortened for a sentence: the first characters of a token or code. */
export const short = (value: string) => (value.length > 16 ? `${value.slice(0, 12)}…` : value)

/**
 * When the browser came back with an error instead of a code or token, the lesson cannot go on:
 * the server refused the request itself (a setting the run needs is off). Says so as a failure.
 */
export function refusedRedirect(callbackUrl: string): FlowError | undefined {
  const url = new URL(callbackUrl)
  const params = new URLSearchParams(url.hash.length > 1 ? url.hash.slice(1) : url.search)
  const error = params.get('error')
  if (error === null) return undefined
  return new FlowError({
    title: `The authorization server refused the request (${error})`,
    message: params.get('error_description') ?? 'It redirected back with an error instead of a code.',
    hint: 'The server’s settings decide this: open the server settings to see which one.',
    refs: ['rfc6749-4.1.2.1'],
  })
}
