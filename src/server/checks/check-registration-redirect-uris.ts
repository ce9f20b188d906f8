import { isLoopbackUri } from '../clients/redirect-uris.ts'
import { InvalidRedirectUri } from '../errors.ts'
import type { SpecRefId } from '../../protocol/spec-refs.ts'
import { failed, required, type RegistrationContext } from './pipeline.ts'

const check = 'check-registration-redirect-uris'

/** A private-use scheme names a domain the app owns, reversed: `com.example.app:` (RFC 8252 §7.1). */
const PRIVATE_USE_SCHEME = /^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+:$/

/** Why `uri` cannot be a redirect URI of a client of this type, with the rule it breaks. */
function problemWith(
  uri: string,
  applicationType: 'web' | 'native',
): { why: string; refs: readonly SpecRefId[] } | undefined {
  const url = URL.parse(uri)
  if (url === null || url.href === '') return { why: 'is not an absolute URI', refs: ['rfc6749-3.1.2'] }
  if (uri.includes('#'))
    return { why: 'has a fragment, which a redirect URI MUST NOT have', refs: ['rfc6749-3.1.2'] }
  if (url.username !== '' || url.password !== '')
    return { why: 'holds a user name or password', refs: ['rfc6749-3.1.2'] }
  if (url.protocol === 'https:') return undefined
  if (url.protocol === 'http:')
    return isLoopbackUri(url)
      ? undefined
      : {
          why: 'uses http on a host that is not a loopback address; use https (http only for 127.0.0.1, [::1] or localhost)',
          refs: ['rfc6749-3.1.2.1', 'rfc8252-7.3'],
        }
  if (applicationType === 'web')
    return {
      why: `uses the ${url.protocol} scheme: a web app redirects to https (or http on a loopback address); private-use schemes are for application_type native`,
      refs: ['rfc6749-3.1.2.1', 'oidc-registration-2'],
    }
  return PRIVATE_USE_SCHEME.test(url.protocol)
    ? undefined
    : {
        why: `uses the ${url.protocol} scheme: a native app's private-use scheme names a domain it controls, reversed (com.example.app:)`,
        refs: ['rfc8252-7.1'],
      }
}

/**
 * Redirect URIs are REQUIRED for clients that use the authorization endpoint (a response type),
 * absolute, without a fragment ("The endpoint URI MUST NOT include a fragment component"). A web
 * app redirects to https, or to http on a loopback address (a developer's app on
 * `http://localhost:5173`); a native app may also use a private-use scheme (RFC 8252 §7.1). At the
 * authorization endpoint they are then matched exactly — except the port of a native app's loopback
 * URI (RFC 8252 §7.3).
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-2
 */
export function checkRegistrationRedirectUris(ctx: RegistrationContext): void {
  const responseTypes = required(ctx.accepted.responseTypes, 'response types')
  const applicationType = required(ctx.accepted.applicationType, 'application type')
  const uris = [...new Set((ctx.metadata['redirect_uris'] as string[] | undefined) ?? [])]
  if (responseTypes.length > 0 && uris.length === 0)
    throw failed(
      ctx,
      check,
      new InvalidRedirectUri(
        `redirect_uris is required: response_types ${responseTypes.join(', ')} sends the browser back to the client`,
      ),
      ['rfc7591-2', 'rfc6749-3.1.2.2'],
    )
  for (const uri of uris) {
    const problem = problemWith(uri, applicationType)
    if (problem !== undefined)
      throw failed(ctx, check, new InvalidRedirectUri(`redirect_uri ${uri.slice(0, 200)} ${problem.why}`), [
        ...problem.refs,
        'rfc7591-3.2.2',
      ])
  }
  ctx.accepted.redirectUris = uris
  const loopbackNative = applicationType === 'native' && uris.some((u) => /^http:/.test(u))
  ctx.trace.pass(
    check,
    uris.length === 0
      ? 'No redirect URIs, and none needed: this client does not use the authorization endpoint'
      : `${uris.length} redirect URI${uris.length > 1 ? 's' : ''}, each absolute, without a fragment, https or loopback${loopbackNative ? '; as a native app its loopback URIs may use any port at the authorization endpoint' : ': matched exactly at the authorization endpoint'}`,
    loopbackNative ? ['rfc7591-2', 'rfc8252-7.3'] : ['rfc7591-2', 'rfc9700-2.1'],
  )
}
