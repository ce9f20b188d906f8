import * as oauth from 'oauth4webapi'
import { header, type HttpExchange, type Transport } from '@/protocol/http-exchange.ts'
import type { TraceEntry } from '@/protocol/trace.ts'
import { ClientChecks, FlowError } from '../flow-error.ts'
import { jsonObject, Recorder } from './recorder.ts'

/** Metadata endpoints a grant may need (RFC 8414 §2, RFC 8628 §4, RFC 7009, RFC 7662). */
export type EndpointName =
  | 'authorization_endpoint'
  | 'token_endpoint'
  | 'jwks_uri'
  | 'userinfo_endpoint'
  | 'device_authorization_endpoint'
  | 'revocation_endpoint'
  | 'introspection_endpoint'

export interface Discovered {
  readonly as: oauth.AuthorizationServer
  readonly exchange: HttpExchange
  readonly checks: readonly TraceEntry[]
}

/**
 * Fetches the OpenID provider configuration, then checks what arrived: a 200 with a JSON object,
 * an `issuer` that is exactly the one asked for, and the endpoints this grant needs. oauth4webapi
 * (a certified client) checks the same document afterwards.
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig
 */
export async function discover(
  transport: Transport,
  issuerUrl: string,
  needs: readonly EndpointName[],
): Promise<Discovered> {
  let issuer: URL
  try {
    issuer = new URL(issuerUrl)
  } catch {
    throw new FlowError({
      title: 'The issuer is not a URL',
      message: `"${issuerUrl}" is not an absolute URL.`,
      hint: 'Use the issuer exactly as the provider documents it, e.g. https://id.example.com/realms/demo.',
      refs: ['oidc-discovery-4'],
    })
  }
  const rec = new Recorder(transport)
  const response = await rec.send('The discovery document', () =>
    oauth.discoveryRequest(issuer, { ...rec.options, algorithm: 'oidc' }),
  )
  const exchange = rec.last!
  const checks = new ClientChecks()
  const body = exchange.response?.body
  const type = header(exchange.response?.headers ?? [], 'content-type') ?? ''
  if (response.status !== 200)
    throw new FlowError(
      {
        title: `The discovery document answered ${response.status}`,
        message: `${exchange.request.url} did not return the provider’s configuration.`,
        hint: 'Check the issuer URL: the configuration lives at the issuer plus /.well-known/openid-configuration.',
        refs: ['oidc-discovery-4'],
      },
      exchange,
    )
  const document = jsonObject(body)
  if (document === undefined)
    throw new FlowError(
      {
        title:
          /html/i.test(type) || body?.trimStart().startsWith('<')
            ? 'The discovery URL returned an HTML page, not JSON'
            : 'The discovery document is not a JSON object',
        message: `Content-Type "${type || 'none'}"; the body starts with ${JSON.stringify((body ?? '').slice(0, 40))}.`,
        hint: 'The issuer URL is probably not the issuer: a login page or a proxy answered instead. Copy the issuer from the provider’s documentation.',
        refs: ['oidc-discovery-4'],
      },
      exchange,
    )
  checks.expect(
    document['issuer'] === issuer.href || document['issuer'] === issuerUrl,
    'issuer-matches',
    `"issuer" in the document is exactly ${String(document['issuer'])}, the issuer we asked`,
    `"issuer" in the document is ${JSON.stringify(document['issuer'])}, not ${issuerUrl} (watch trailing slashes and letter case)`,
    ['oidc-discovery-4'],
  )
  const missing = needs.filter((name) => typeof document[name] !== 'string')
  checks.expect(
    missing.length === 0,
    'has-endpoints',
    `Endpoints this flow needs: ${needs.map((n) => `${n.replace(/_endpoint|_uri/, '')} ${String(document[n])}`).join(', ')}`,
    `The document has no ${missing.join(', ')}`,
    ['oidc-discovery-3', 'rfc8414-2'],
  )
  checks.stopIfFailed('The discovery document was refused', ['oidc-discovery-4', 'rfc8414-2'], exchange)
  try {
    const as = await oauth.processDiscoveryResponse(issuer, response)
    checks.pass('oauth4webapi', 'oauth4webapi, a certified client library, accepts the document too', [
      'oidc-discovery-4',
    ])
    return { as, exchange, checks: checks.entries }
  } catch (e) {
    checks.fail(
      'oauth4webapi',
      `oauth4webapi refuses the document: ${e instanceof Error ? e.message : String(e)}`,
      ['oidc-discovery-4'],
    )
    checks.stopIfFailed('The discovery document was refused', ['oidc-discovery-4'], exchange)
    throw e
  }
}
