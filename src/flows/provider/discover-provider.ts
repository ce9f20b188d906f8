import { exchange, header, type HttpExchange, type Transport } from '@/protocol/http-exchange.ts'
import {
  openidConfigurationUrl,
  oauthMetadataUrl,
  ProviderNetworkError,
  type NetworkKind,
} from './transports.ts'

export type DiscoveryProblemKind =
  'not-a-url' | NetworkKind | 'html' | 'invalid-json' | 'not-an-object' | 'not-found' | 'http-error'

/** Why discovery failed, said so that the developer knows which of the many causes it was. */
export interface DiscoveryProblem {
  readonly kind: DiscoveryProblemKind
  readonly title: string
  readonly message: string
  readonly fix: string
  readonly url?: string
}

export type DiscoveryOutcome =
  | {
      readonly ok: true
      /** `openid`: OIDC Discovery §4; `rfc8414`: OAuth 2.0 Authorization Server Metadata. */
      readonly source: 'openid' | 'rfc8414'
      readonly url: string
      readonly document: Readonly<Record<string, unknown>>
      readonly exchanges: readonly HttpExchange[]
    }
  | { readonly ok: false; readonly problem: DiscoveryProblem; readonly exchanges: readonly HttpExchange[] }

const networkProblem = (error: ProviderNetworkError): DiscoveryProblem => {
  const fixes: Record<NetworkKind, string> = {
    cors: 'Check the issuer URL first: metadata is public and served to any origin by nearly every provider, so a hidden answer is most often a 404 or login page. Discovering through the relay of npm start shows what the host really answers.',
    unreachable:
      'Check the host name and port, that the provider is running, and that this browser trusts its certificate (open the URL in a tab).',
    csp: 'Open the provider mode through its own link (?provider) so that npm start serves a policy that allows providers.',
    redirect:
      'Use the issuer the provider documents: the metadata must be served at the URL itself, not behind a redirect.',
    relay: 'Check that npm start is still running, then reload this page.',
    timeout:
      'The provider took too long to answer; try again, or check that it is reachable from this machine.',
  }
  const titles: Record<NetworkKind, string> = {
    cors: 'The browser hid the answer (CORS)',
    unreachable: 'The issuer URL cannot be reached',
    csp: 'This page’s security policy blocked the request',
    redirect: 'The discovery URL redirects',
    relay: 'The relay could not fetch the document',
    timeout: 'The provider did not answer in time',
  }
  return {
    kind: error.kind,
    title: titles[error.kind],
    message: error.message,
    fix: fixes[error.kind],
    url: error.url,
  }
}

async function get(transport: Transport, url: string) {
  return exchange(
    transport,
    new Request(url, { headers: { accept: 'application/json' }, redirect: 'manual' }),
  )
}

/** Reads a metadata body; a problem when it is HTML, not JSON, or not a JSON object. */
function readDocument(
  recorded: HttpExchange,
): { readonly document: Record<string, unknown> } | { readonly problem: DiscoveryProblem } {
  const url = recorded.request.url
  const body = recorded.response?.body ?? ''
  const type = header(recorded.response?.headers ?? [], 'content-type') ?? ''
  if (/html/i.test(type) || /^\s*</.test(body))
    return {
      problem: {
        kind: 'html',
        title: 'The discovery URL returned an HTML page, not JSON',
        message: `${url} answered with ${type || 'no Content-Type'} and a page starting ${JSON.stringify(body.trimStart().slice(0, 60))}. A web page (a login page, a single-page app’s fallback, a proxy’s error page) answered instead of the provider’s metadata.`,
        fix: 'The issuer URL is probably not the issuer: copy it from the provider’s documentation (the preset shows its pattern).',
        url,
      },
    }
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch (e) {
    return {
      problem: {
        kind: 'invalid-json',
        title: 'The discovery document is not valid JSON',
        message: `${url} answered ${type || 'without a Content-Type'}, but the body does not parse: ${e instanceof Error ? e.message : String(e)}.`,
        fix: 'The provider’s metadata is broken or cut short (a proxy?); report it to whoever runs the provider.',
        url,
      },
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return {
      problem: {
        kind: 'not-an-object',
        title: 'The discovery document is not a JSON object',
        message: `${url} answered with JSON, but not an object of metadata fields.`,
        fix: 'Check the issuer URL; the metadata is one JSON object (RFC 8414 §3.2).',
        url,
      },
    }
  return { document: value as Record<string, unknown> }
}

/**
 * Discovery the way a developer needs it: the OpenID configuration, then RFC 8414 metadata when
 * there is none, every exchange recorded, and each way of failing told apart.
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3
 */
export async function discoverProvider(transport: Transport, issuer: string): Promise<DiscoveryOutcome> {
  let parsed: URL
  try {
    parsed = new URL(issuer)
  } catch {
    parsed = new URL('invalid:')
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    return {
      ok: false,
      exchanges: [],
      problem: {
        kind: 'not-a-url',
        title: 'The issuer is not an http(s) URL',
        message: `"${issuer}" is not an absolute https:// URL.`,
        fix: 'Paste the issuer exactly as the provider documents it, e.g. https://id.example.com/realms/demo.',
      },
    }
  const exchanges: HttpExchange[] = []
  const candidates = [
    { source: 'openid', url: openidConfigurationUrl(issuer) },
    { source: 'rfc8414', url: oauthMetadataUrl(issuer) },
  ] as const
  for (const { source, url } of candidates) {
    let result: Awaited<ReturnType<typeof get>>
    try {
      result = await get(transport, url)
    } catch (e) {
      if (e instanceof ProviderNetworkError) return { ok: false, exchanges, problem: networkProblem(e) }
      throw e
    }
    exchanges.push(result.exchange)
    const status = result.response.status
    if (status === 404 || status === 410) continue
    if (status !== 200)
      return {
        ok: false,
        exchanges,
        problem: {
          kind: 'http-error',
          title: `The discovery URL answered ${status}`,
          message: `${url} answered ${status} ${result.exchange.response?.statusText ?? ''} instead of the metadata.`,
          fix: 'Check the issuer URL and that the provider is up; the HTTP tab below shows what it said.',
          url,
        },
      }
    const read = readDocument(result.exchange)
    if ('problem' in read) return { ok: false, exchanges, problem: read.problem }
    return { ok: true, source, url, document: read.document, exchanges }
  }
  return {
    ok: false,
    exchanges,
    problem: {
      kind: 'not-found',
      title: 'No metadata at this issuer',
      message: `Neither ${candidates[0].url} nor ${candidates[1].url} exists (404).`,
      fix: 'The issuer URL is probably wrong (a missing realm, tenant or /oauth2/default — see the preset’s pattern). For a provider without discovery, such as GitHub, enter the endpoints by hand.',
    },
  }
}
