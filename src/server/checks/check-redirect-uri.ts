import { matchRedirectUri } from '../clients/redirect-uris.ts'
import { InvalidRequest } from '../errors.ts'
import { failed, notePolicy, refusedByPolicy, required, type AuthorizeContext } from './pipeline.ts'

const check = 'check-redirect-uri'

/**
 * "Authorization servers MUST utilize exact string matching except for port numbers in localhost
 * redirection URIs of native apps" — no normalisation, no prefix matching; a native app's loopback
 * URI may name any port (RFC 8252 §7.3). Omitting the parameter is allowed only in plain OAuth requests (OpenID Connect
 * requires it) and only because each demo client registers exactly one URI (RFC 6749 §3.1.2.3).
 * The insecure `redirectUriPrefixMatching` setting (an attack lesson) accepts a URI that merely
 * begins with a registered one — which may well lie on another host.
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-2.1
 */
export function checkRedirectUri(ctx: AuthorizeContext): void {
  const client = required(ctx.client, 'client')
  if (ctx.params.isDuplicated('redirect_uri')) {
    throw failed(ctx, check, new InvalidRequest('redirect_uri was sent more than once'), ['rfc6749-3.1'])
  }
  const sent = ctx.params.get('redirect_uri')
  const registered = client.redirect_uris
  if (sent === undefined && (ctx.params.get('scope') ?? '').split(' ').includes('openid')) {
    // OIDC Core §3.1.2.1: in an OpenID Connect request redirect_uri is REQUIRED, registered or not.
    throw failed(
      ctx,
      check,
      new InvalidRequest('redirect_uri is required in an OpenID Connect authentication request'),
      ['oidc-3.1.2.1'],
    )
  }
  if (sent === undefined) {
    const only = registered.length === 1 ? registered[0] : undefined
    if (only === undefined) {
      throw failed(
        ctx,
        check,
        new InvalidRequest('redirect_uri is required because this client registered several'),
        ['rfc6749-3.1.2.3'],
      )
    }
    ctx.redirectUri = only
    ctx.redirectUriSent = false
    ctx.trace.pass(
      check,
      `redirect_uri omitted: ${client.client_id} has exactly one registered URI, ${only}, so it is used`,
      ['rfc6749-3.1.2.3'],
    )
    return
  }
  const match = matchRedirectUri(client, sent)
  const prefixOf =
    match === undefined && URL.canParse(sent) ? registered.find((r) => sent.startsWith(r)) : undefined
  if (prefixOf !== undefined) return prefixMatch(ctx, sent, prefixOf)
  if (match === undefined) {
    throw failed(
      ctx,
      check,
      new InvalidRequest(`redirect_uri ${sent} is not registered for client ${client.client_id}`),
      ['rfc9700-2.1', 'rfc9700-4.1.3', 'rfc6749-4.1.2.1'],
      `redirect_uri "${sent}" does not exactly match the registered ${registered.join(', ')}: error page, no redirect (an attacker could otherwise receive the code)`,
    )
  }
  ctx.redirectUri = sent
  ctx.redirectUriSent = true
  if (match.portOnly)
    ctx.trace.pass(
      check,
      `redirect_uri ${sent} matches the registered ${match.registered} except for the port: ${client.client_id} is a native app, and a loopback redirect URI may use any port`,
      ['rfc8252-7.3', 'rfc9700-2.1'],
    )
  else
    ctx.trace.pass(check, `redirect_uri exactly matches a registered URI (${sent})`, [
      'rfc9700-2.1',
      'rfc9700-4.1.3',
    ])
}

/**
 * A redirect_uri that only begins with a registered one: refused unless the insecure
 * `redirectUriPrefixMatching` setting is on, and either way the trace names the setting.
 */
function prefixMatch(ctx: AuthorizeContext, sent: string, registered: string): void {
  const id = required(ctx.client, 'client').client_id
  const host = new URL(sent).host
  if (!ctx.server.policies.redirectUriPrefixMatching)
    throw refusedByPolicy(
      ctx,
      check,
      'redirectUriPrefixMatching',
      new InvalidRequest(`redirect_uri ${sent} is not registered for client ${id}`),
      ['rfc9700-2.1', 'rfc9700-4.1.3', 'rfc6749-4.1.2.1'],
      `redirect_uri "${sent}" only begins with the registered ${registered}: not an exact match, so an error page and no redirect (the browser would have gone to ${host})`,
    )
  ctx.redirectUri = sent
  ctx.redirectUriSent = true
  notePolicy(
    ctx,
    check,
    'redirectUriPrefixMatching',
    `INSECURE: redirect_uri "${sent}" is not registered, but begins with the registered ${registered}, so it is accepted — the code will go to ${host}`,
    ['rfc9700-4.1.1', 'rfc9700-4.1.3'],
  )
}
