import { CookieJar, setCookiesOf, withCookieHeader } from '@/protocol/cookie-jar.ts'
import { exchange, header, type HttpExchange } from '@/protocol/http-exchange.ts'
import type { TraceEntry } from '@/protocol/trace.ts'
import { jsonObject, requireValue } from '../client/recorder.ts'
import type { FlowContext, FlowPorts, Navigation } from '../flow-contract.ts'
import { FlowError } from '../flow-error.ts'
import type { Operation } from '../flow-kit.ts'
import type { AttackVerdict, StepMeta, StepValue } from '../step.ts'

/**
 * What the attacker does over HTTP, and how an attack ended: the building blocks of the attack
 * lessons. The attacker sends real requests to the same server through the same transport as
 * everyone else; the verdict is read from what the server and the client really answered.
 */

/**
 * The attacker's own request: a form POST (the token endpoint), a JSON POST (client registration)
 * or a GET with a bearer token.
 */
export async function attackerRequest(
  ports: FlowPorts,
  url: string,
  options: {
    readonly form?: Readonly<Record<string, string>>
    readonly json?: Readonly<Record<string, unknown>>
    readonly bearer?: string
  } = {},
): Promise<AttackerAnswer> {
  const headers = new Headers({ accept: 'application/json' })
  if (options.bearer !== undefined) headers.set('authorization', `Bearer ${options.bearer}`)
  const init: RequestInit =
    options.form !== undefined
      ? {
          method: 'POST',
          headers: (headers.set('content-type', 'application/x-www-form-urlencoded'), headers),
          body: new URLSearchParams(options.form).toString(),
        }
      : options.json !== undefined
        ? {
            method: 'POST',
            headers: (headers.set('content-type', 'application/json'), headers),
            body: JSON.stringify(options.json),
          }
        : { method: 'GET', headers }
  const result = await exchange(ports.transport, new Request(url, init))
  return answerOf(result.exchange)
}

/** An answer as the attacker reads it: the exchange, its status and its JSON body. */
export interface AttackerAnswer {
  readonly exchange: HttpExchange
  readonly status: number
  readonly body: Record<string, unknown> | undefined
}

export const answerOf = (exchange: HttpExchange): AttackerAnswer => ({
  exchange,
  status: exchange.response?.status ?? 0,
  body: jsonObject(exchange.response?.body),
})

/** The first check that failed: the one that stopped the request. */
export function firstFailure(trace: readonly TraceEntry[]): TraceEntry | undefined {
  return trace.find((entry) => entry.outcome === 'fail')
}

/**
 * The verdict when a server refused the attacker: which of its checks did, with the `error` it
 * answered. Undefined when the server did not refuse (the caller then says what the attacker got).
 */
export function stoppedByServer(
  answer: AttackerAnswer,
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

/**
 * The cookies of the attacker's own browser, as plain data: the `Set-Cookie` lines each response
 * gave, in order. Replayed into a cookie jar for every request, so the lesson's context stays
 * serialisable and the attacker's session at the server stays apart from Alice's.
 */
export type AttackerCookies = readonly { readonly url: string; readonly setCookies: readonly string[] }[]

/** Where one navigation of the attacker's browser ended: a redirect it did not follow, or a page. */
export interface AttackerVisit {
  readonly exchange: HttpExchange
  readonly status: number
  readonly location?: string
  readonly html: string
  readonly cookies: AttackerCookies
}

/**
 * The attacker's own browser: one navigation with the attacker's cookies, through the same
 * transport as everyone else. Like the simulated browser, it never follows a redirect by itself.
 */
export async function attackerNavigate(
  ports: FlowPorts,
  navigation: Navigation,
  cookies: AttackerCookies,
): Promise<AttackerVisit> {
  const jar = new CookieJar()
  for (const c of cookies) jar.store(c.url, c.setCookies)
  const cookie = jar.headerFor(navigation.url)
  const headers = new Headers({ accept: 'text/html' })
  if (cookie !== undefined) headers.set('cookie', cookie)
  if (navigation.body !== undefined) headers.set('content-type', 'application/x-www-form-urlencoded')
  const request = withCookieHeader(
    new Request(navigation.url, {
      method: navigation.method,
      headers,
      redirect: 'manual',
      ...(navigation.body === undefined ? {} : { body: navigation.body }),
    }),
    cookie,
  )
  const result = await exchange(ports.transport, request)
  const setCookies = setCookiesOf(result.response)
  const status = result.response.status
  const location = header(result.exchange.response?.headers ?? [], 'location')
  return {
    exchange: result.exchange,
    status,
    ...(status >= 300 && status < 400 && location !== undefined
      ? { location: new URL(location, navigation.url).href }
      : {}),
    html: result.exchange.response?.body ?? '',
    cookies: setCookies.length === 0 ? cookies : [...cookies, { url: navigation.url, setCookies }],
  }
}

const entities: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" }
const unescapeHtml = (text: string) => text.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => entities[e]!)
const attribute = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag)?.[1]

/**
 * The attacker at their own keyboard: fills the authorization server's login form with their own
 * account, or presses Allow on its consent page. Reads the page's only form as a browser would
 * submit it (action, hidden fields, the typed or pressed values); undefined when there is none.
 */
export function attackerSubmits(
  html: string,
  pageUrl: string,
  account: { readonly username: string; readonly password: string },
): Navigation | undefined {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html)
  if (form === null) return undefined
  const [, attributes = '', body = ''] = form
  const fields = new URLSearchParams()
  for (const [input] of body.matchAll(/<input\b[^>]*>/gi)) {
    const name = attribute(input, 'name')
    if (attribute(input, 'type') === 'hidden' && name !== undefined)
      fields.append(name, unescapeHtml(attribute(input, 'value') ?? ''))
  }
  if (/name="password"/.test(body)) {
    fields.append('username', account.username)
    fields.append('password', account.password)
  } else if (/value="allow"/.test(body)) fields.append('decision', 'allow')
  const action = new URL(unescapeHtml(attribute(attributes, 'action') ?? ''), pageUrl).href
  return { method: 'POST', url: action, body: fields.toString() }
}

/**
 * A client step fed with the attacker's input: when the client's own checks refuse it
 * (`client`), or the server refuses the request the step sends (`server`), the step records how
 * the attack was stopped — a verdict, with outcome `refused` — instead of failing the run.
 * Any other failure stays a failure.
 */
export function refusalAsVerdict<Ctx>(
  operation: Operation<Ctx>,
  stopped: { readonly client?: string; readonly server?: string },
  rule: AttackVerdict['rule'],
): Operation<Ctx> {
  return {
    ...operation,
    async run(ctx, ports) {
      try {
        return await operation.run(ctx, ports)
      } catch (e) {
        if (!(e instanceof FlowError)) throw e
        const base = { checks: e.checks, screens: e.screens, outcome: 'refused' } as const
        const withExchange = e.exchange === undefined ? base : { ...base, exchange: e.exchange }
        if (stopped.client !== undefined && firstFailure(e.checks) !== undefined)
          return { ...withExchange, verdict: stoppedByClient(e.checks, stopped.client, rule) }
        const byServer =
          stopped.server !== undefined && e.exchange !== undefined
            ? stoppedByServer(answerOf(e.exchange), stopped.server, rule)
            : undefined
        if (byServer !== undefined) return { ...withExchange, verdict: byServer }
        throw e
      }
    },
  }
}

/**
 * The last step of a successful attack: the attacker calls the API with the access token they got
 * for Alice, and the answer is the proof. `token` reads that token from the context; `verdict` says
 * what the attacker got, given the API's status.
 */
export function attackerReadsApi<Ctx extends FlowContext>(
  meta: StepMeta,
  token: (ctx: Ctx) => string | undefined,
  verdict: (
    ctx: Ctx,
    token: string,
    status: number,
  ) => { readonly summary: string; readonly got: readonly StepValue[] },
  rule: AttackVerdict['rule'],
): Operation<Ctx> {
  return {
    meta,
    async run(ctx, ports) {
      const held = requireValue(token(ctx), 'The attacker’s access token')
      const answer = await attackerRequest(ports, requireValue(ctx.config.resourceUrl, 'The API'), {
        bearer: held,
      })
      const { summary, got } = verdict(ctx, held, answer.status)
      return { exchange: answer.exchange, verdict: attackerSucceeded(summary, got, rule) }
    },
  }
}

/**
 * The attacker redeems a code they got hold of, in a run where nothing should stop them: a refusal
 * here means the lesson itself went wrong (said as a failure with the exchange), not a defence.
 */
export async function attackerRedeems(
  ports: FlowPorts,
  tokenEndpoint: string,
  form: Readonly<Record<string, string>>,
  whose: string,
): Promise<{ exchange: HttpExchange; token: string }> {
  const answer = await attackerRequest(ports, tokenEndpoint, { form })
  const token = answer.body?.['access_token']
  if (answer.status !== 200 || typeof token !== 'string')
    throw new FlowError(
      {
        title: `The token endpoint answered ${answer.status}`,
        message: `The server did not redeem ${whose}.`,
        refs: ['rfc6749-5.2'],
      },
      answer.exchange,
    )
  return { exchange: answer.exchange, token }
}
