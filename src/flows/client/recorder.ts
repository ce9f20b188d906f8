import * as oauth from 'oauth4webapi'
import { exchange, type HttpExchange, type Transport } from '@/protocol/http-exchange.ts'
import type { SpecRefId } from '@/protocol/spec-refs.ts'
import { authMethodOf, type ClientConfig } from '../client-config.ts'
import { FlowError } from '../flow-error.ts'
import type { FlowFailure } from '../step.ts'

/**
 * Records every request oauth4webapi makes through the transport, verbatim, before anything
 * validates the response; the last exchange is the step's.
 */
export class Recorder {
  last: HttpExchange | undefined
  constructor(private readonly transport: Transport) {}

  readonly options = {
    [oauth.allowInsecureRequests]: true,
    [oauth.customFetch]: async (
      url: string,
      init: oauth.CustomFetchOptions<string, unknown>,
    ): Promise<Response> => {
      const request = new Request(url, {
        method: init.method,
        headers: init.headers,
        body: (init.body ?? null) as BodyInit | null,
        redirect: 'manual',
      })
      try {
        const result = await exchange(this.transport, request)
        this.last = result.exchange
        return result.response
      } catch (e) {
        this.networkError = e
        throw e
      }
    },
  }

  /** What the transport threw, when the request never got an answer. */
  private networkError: unknown

  /**
   * Sends one request. A network failure (CORS, DNS, refused) becomes a FlowError that says so; a
   * request the client could not even build says that instead.
   */
  async send(what: string, request: () => Promise<Response>): Promise<Response> {
    try {
      return await request()
    } catch (e) {
      // A refusal with a WWW-Authenticate challenge (RFC 6750 §3) is an answer, not a broken request:
      // oauth4webapi throws it, the step explains it from the response.
      if (e instanceof oauth.WWWAuthenticateChallengeError && this.last !== undefined) return e.response
      if (e instanceof FlowError) throw e.withExchange(this.last)
      if (this.networkError !== undefined) throw new FlowError(networkFailure(what, e), this.last)
      throw new FlowError({
        title: `The client could not build the request to ${what.replace(/^The /, 'the ')}`,
        message: e instanceof Error ? e.message : String(e),
        hint: 'Check the client settings this request needs (endpoints from discovery, redirect URI, secret).',
        refs: ['rfc6749-3.2'],
      })
    }
  }
}

/** The client as oauth4webapi sees it; `clockSkew` keeps its clock in step with the flow's. */
export function clientOf(config: ClientConfig, nowMs?: number): oauth.Client {
  const skew = nowMs === undefined ? 0 : Math.round((nowMs - Date.now()) / 1000)
  return { client_id: config.clientId, ...(skew === 0 ? {} : { [oauth.clockSkew]: skew }) }
}

/**
 * The client authentication method of the registration.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 */
export function clientAuth(config: ClientConfig): oauth.ClientAuth {
  const method = authMethodOf(config)
  if (method === 'none') return oauth.None()
  if (config.clientSecret === undefined)
    throw new FlowError({
      title: 'The client has no secret',
      message: `${method} needs a client secret, and none is configured.`,
      hint: 'Enter the client secret, or choose the authentication method "none" for a public client.',
      refs: ['rfc6749-2.3.1'],
    })
  return method === 'client_secret_post'
    ? oauth.ClientSecretPost(config.clientSecret)
    : oauth.ClientSecretBasic(config.clientSecret)
}

/** Explains a network failure the way a developer needs it (CORS, wrong URL, server down). */
export function networkFailure(what: string, error: unknown): FlowFailure {
  return {
    title: `${what} could not be reached`,
    message: error instanceof Error ? error.message : String(error),
    hint: 'Check the URL. Against a real provider, a failure without any HTTP status is usually CORS: allow this origin in the provider’s console, or use the relay of npm start.',
    refs: ['rfc8414-3'],
  }
}

/** A value a step needs from an earlier one; missing means the flow ran out of order (a bug). */
export function requireValue<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is missing: the flow ran out of order`)
  return value
}

/** Sentence-ends a provider's text, so the explanation after it reads as a new sentence. */
export const sentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`)

/** Parses a JSON object body; undefined for anything else. */
export function jsonObject(body: string | undefined): Record<string, unknown> | undefined {
  if (body === undefined || body === '') return undefined
  try {
    const value: unknown = JSON.parse(body)
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

/** An OAuth error response (`{error, error_description}`), explained. */
export function oauthErrorFailure(
  status: number,
  body: Record<string, unknown> | undefined,
  refs: readonly SpecRefId[],
  hint?: string,
): FlowFailure {
  const error = typeof body?.['error'] === 'string' ? body['error'] : undefined
  const description = typeof body?.['error_description'] === 'string' ? body['error_description'] : undefined
  return {
    title: error === undefined ? `The server answered ${status}` : `The server answered ${error}`,
    message:
      description ?? (error === undefined ? 'The response carries no OAuth error code.' : `HTTP ${status}.`),
    refs,
    ...(hint === undefined ? {} : { hint }),
  }
}
