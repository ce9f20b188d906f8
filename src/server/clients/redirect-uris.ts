import type { RegisteredClient } from './client-registry.ts'

/** Loopback hosts whose port a native app may choose at run time (RFC 8252 §7.3, §8.3). */
export const loopbackHosts: readonly string[] = ['127.0.0.1', '[::1]', 'localhost']

/** `http://<loopback host>[:port]<rest>` as written — no parsing, so nothing is normalised. */
const LOOPBACK = /^http:\/\/(127\.0\.0\.1|\[::1\]|localhost)(?::(\d{1,5}))?([/?][^#]*)?$/

interface LoopbackParts {
  readonly host: string
  readonly port: string | undefined
  readonly rest: string
}

export function loopbackParts(uri: string): LoopbackParts | undefined {
  const match = LOOPBACK.exec(uri)
  if (match?.[1] === undefined || Number(match[2] ?? 0) > 65535) return undefined
  return { host: match[1], port: match[2], rest: match[3] ?? '' }
}

/** Whether `uri`'s host is a loopback interface, for registration rules (parsed: case-insensitive). */
export function isLoopbackUri(uri: URL): boolean {
  return loopbackHosts.includes(uri.hostname)
}

/**
 * The registered redirect URI that `sent` matches, or undefined. Exact string comparison — "MUST
 * utilize exact string matching except for port numbers in localhost redirection URIs of native
 * apps" (RFC 9700 §2.1): for an `application_type=native` client a loopback URI may name any port,
 * and only the port may differ (RFC 8252 §7.3).
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 */
export function matchRedirectUri(
  client: RegisteredClient,
  sent: string,
): { readonly registered: string; readonly portOnly: boolean } | undefined {
  if (client.redirect_uris.includes(sent)) return { registered: sent, portOnly: false }
  if (client.application_type !== 'native') return undefined
  const asked = loopbackParts(sent)
  if (asked === undefined) return undefined
  for (const registered of client.redirect_uris) {
    const parts = loopbackParts(registered)
    if (parts !== undefined && parts.host === asked.host && parts.rest === asked.rest)
      return { registered, portOnly: true }
  }
  return undefined
}
