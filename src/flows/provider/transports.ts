import {
  recordRequest,
  type RecordedRequest,
  type RecordedResponse,
  type Transport,
} from '@/protocol/http-exchange.ts'
import { traceEntry } from '@/protocol/trace.ts'
import { relayTokenHeader } from '@/protocol/relay-contract.ts'

/**
 * Why a request to a provider got no HTTP answer the page could read. Browsers say "Failed to
 * fetch" for all of them; the developer needs to know which, because each has another fix.
 */
export type NetworkKind =
  /** The provider answered, but not to this origin (no Access-Control-Allow-Origin). */
  | 'cors'
  /** Nothing answered: unknown host, connection refused, untrusted certificate. */
  | 'unreachable'
  /** This page's own Content-Security-Policy does not allow the connection. */
  | 'csp'
  /** An endpoint answered with a redirect, which a client must not follow here. */
  | 'redirect'
  /** The relay of npm start refused or could not complete the request. */
  | 'relay'
  | 'timeout'

export class ProviderNetworkError extends Error {
  constructor(
    readonly kind: NetworkKind,
    readonly url: string,
    message: string,
    /** The relay's error code, when the relay refused. */
    readonly code?: string,
  ) {
    super(message)
    this.name = 'ProviderNetworkError'
  }
}

/** A transport to a real provider that remembers why its last request failed, for the diagnosis. */
export interface ProviderTransport {
  readonly transport: Transport
  readonly mode: 'direct' | 'relay'
  lastFailure(): ProviderNetworkError | undefined
}

export interface DirectOptions {
  /** The page's origin, named in the explanation of a CORS refusal. */
  readonly pageOrigin: string
  readonly fetch?: typeof fetch
  /** URLs this page's CSP blocked so far (from `securitypolicyviolation` events). */
  readonly blockedByCsp?: () => readonly string[]
}

/**
 * Calls the provider straight from the browser. When the browser refuses to hand over an answer,
 * a second, opaque (`no-cors`) request tells CORS (the host answered) from an unreachable host.
 */
export function directTransport(options: DirectOptions): ProviderTransport {
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  let last: ProviderNetworkError | undefined
  const transport: Transport = async (request) => {
    last = undefined
    let response: Response
    try {
      response = await fetchImpl(new Request(request, { credentials: 'omit' }))
    } catch {
      last = await classify(request.url, options, fetchImpl)
      throw last
    }
    if (response.type === 'opaqueredirect') {
      last = new ProviderNetworkError(
        'redirect',
        request.url,
        `${request.url} answered with a redirect. The browser hides where it points, and a client must not follow redirects from this endpoint: the URL is probably not the endpoint itself (a login page or a proxy answered).`,
      )
      throw last
    }
    return { response, trace: [] }
  }
  return { transport, mode: 'direct', lastFailure: () => last }
}

async function classify(
  url: string,
  options: DirectOptions,
  fetchImpl: typeof fetch,
): Promise<ProviderNetworkError> {
  const target = new URL(url)
  // An opaque request needs no CORS permission: if it completes, the host is there.
  const answered = await fetchImpl(url, { mode: 'no-cors', credentials: 'omit', cache: 'no-store' }).then(
    () => true,
    () => false,
  )
  if (!answered && (options.blockedByCsp?.() ?? []).some((blocked) => sameOrigin(blocked, target)))
    return new ProviderNetworkError(
      'csp',
      url,
      `This page’s Content-Security-Policy does not allow connections to ${target.origin}. Open the provider mode through its own link (?provider), which npm start serves with a policy that allows providers.`,
    )
  if (answered)
    return new ProviderNetworkError(
      'cors',
      url,
      `CORS: ${target.origin} answered, but did not allow this page (${options.pageOrigin}) to read the answer — it sent no Access-Control-Allow-Origin for this origin, so the browser withheld it. The request itself probably reached the provider.`,
    )
  return new ProviderNetworkError(
    'unreachable',
    url,
    `Nothing answered at ${target.origin}: the host name is unknown, the connection was refused, or its TLS certificate is not trusted by this browser.`,
  )
}

function sameOrigin(url: string, target: URL): boolean {
  try {
    return new URL(url).origin === target.origin
  } catch {
    return false
  }
}

/** The relay's answer: the request as the provider received it and the provider's response. */
interface RelayEnvelope {
  readonly request: RecordedRequest
  readonly response: RecordedResponse
  /** Set-Cookie headers the relay removed before answering. */
  readonly droppedCookies?: number
}

export interface RelayOptions {
  /** `{origin}/relay`. */
  readonly relayUrl: string
  readonly token: string
  readonly fetch?: typeof fetch
}

/** Statuses that carry no body (a Response cannot be built with one). */
const bodyless = new Set([101, 204, 205, 304])

/**
 * Sends every request through the loopback relay of `npm start`: the provider sees a server-side
 * request (no Origin, no cookies), and the step shows it exactly as the relay sent it.
 */
export function relayTransport(options: RelayOptions): ProviderTransport {
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  let last: ProviderNetworkError | undefined
  const transport: Transport = async (request) => {
    last = undefined
    const body = request.body === null ? undefined : await request.clone().text()
    const envelope = {
      method: request.method,
      url: request.url,
      headers: [...request.headers.entries()],
      ...(body === undefined ? {} : { body }),
    }
    let answer: Response
    try {
      answer = await fetchImpl(options.relayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [relayTokenHeader]: options.token },
        body: JSON.stringify(envelope),
        credentials: 'same-origin',
      })
    } catch {
      last = new ProviderNetworkError(
        'relay',
        request.url,
        'The relay of npm start did not answer: is npm start still running? Restart it and reload this page (the relay’s token changes with every run).',
      )
      throw last
    }
    const json = (await answer.json().catch(() => undefined)) as
      (RelayEnvelope & { error?: string; error_description?: string }) | undefined
    if (!answer.ok || json?.response === undefined) {
      const code = json?.error ?? `http_${answer.status}`
      const kind: NetworkKind =
        code === 'upstream_unreachable'
          ? 'unreachable'
          : code === 'upstream_timeout'
            ? 'timeout'
            : code === 'redirect_not_followed'
              ? 'redirect'
              : 'relay'
      last = new ProviderNetworkError(
        kind,
        request.url,
        `The relay refused (${code}): ${json?.error_description ?? `it answered ${answer.status}`}`,
        code,
      )
      throw last
    }
    const { request: sent, response: upstream } = json
    const response = new Response(bodyless.has(upstream.status) ? null : upstream.body, {
      status: upstream.status,
      statusText: upstream.statusText,
      headers: upstream.headers.map(([name, value]): [string, string] => [name, value]),
    })
    const dropped = json.droppedCookies ?? 0
    const note = `Relayed by npm start (POST /relay): the provider received this request from the Node server exactly as shown — no Origin, no cookies${dropped > 0 ? `; ${dropped} Set-Cookie header${dropped === 1 ? '' : 's'} removed from the answer` : ''}.`
    return {
      response,
      sent,
      note,
      trace: [traceEntry('info', 'relay', note, ['rfc6749-3.2'])],
    }
  }
  return { transport, mode: 'relay', lastFailure: () => last }
}

/** Tells the relay which endpoints the user added, so it will forward requests to them (and nothing else). */
export async function allowInRelay(
  options: RelayOptions,
  issuer: string,
  endpoints: readonly string[],
): Promise<void> {
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const answer = await fetchImpl(`${options.relayUrl}/allow`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [relayTokenHeader]: options.token },
    body: JSON.stringify({ issuer, endpoints }),
    credentials: 'same-origin',
  })
  if (!answer.ok) {
    const json = (await answer.json().catch(() => undefined)) as { error_description?: string } | undefined
    throw new Error(`The relay refused these endpoints: ${json?.error_description ?? answer.status}`)
  }
}

/** The OpenID discovery URL oauth4webapi asks for, for an issuer (OIDC Discovery §4). */
export function openidConfigurationUrl(issuer: string): string {
  const url = new URL(issuer)
  url.pathname = `${url.pathname}/.well-known/openid-configuration`.replace('//', '/')
  return url.href
}

/** The RFC 8414 metadata URL for an issuer: the well-known segment goes before the issuer's path. */
export function oauthMetadataUrl(issuer: string): string {
  const url = new URL(issuer)
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '')
  url.pathname = `/.well-known/oauth-authorization-server${path}`
  return url.href
}

/**
 * Where the client's discovery step finds the metadata when the provider has no OpenID
 * configuration: the RFC 8414 document (fetched for real, and shown at its real URL), or the
 * endpoints the user entered for a provider without any metadata (not sent, and said so).
 */
export type MetadataSource =
  | { readonly kind: 'openid' }
  | { readonly kind: 'rfc8414'; readonly url: string }
  | { readonly kind: 'manual'; readonly document: Readonly<Record<string, unknown>> }

export function withMetadataSource(inner: Transport, issuer: string, source: MetadataSource): Transport {
  if (source.kind === 'openid') return inner
  const asked = openidConfigurationUrl(issuer)
  return async (request) => {
    if (request.method !== 'GET' || request.url !== asked) return inner(request)
    if (source.kind === 'manual') {
      const note =
        'Not sent: this provider publishes no metadata, so Grantscope answered with the endpoints you entered.'
      return {
        response: new Response(JSON.stringify(source.document, null, 2), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        }),
        note,
        trace: [traceEntry('info', 'manual-endpoints', note, ['rfc8414-2'])],
      }
    }
    const actual = new Request(source.url, { headers: request.headers, redirect: 'manual' })
    const sent = await recordRequest(actual)
    const answer = await inner(actual)
    const note = `This provider has no OpenID configuration at ${asked}; the client read its RFC 8414 metadata instead.`
    return {
      ...answer,
      sent: answer.sent ?? sent,
      note: answer.note === undefined ? note : `${note} ${answer.note}`,
      trace: [...answer.trace, traceEntry('info', 'rfc8414-metadata', note, ['rfc8414-3'])],
    }
  }
}
