import { cookieHeaderOf } from '@/protocol/cookie-jar.ts'
import type { ServerRequest } from './server-request.ts'

export const sessionCookieName = 'gs_session'

/** Reads one cookie from the `Cookie` request header (RFC 6265 §5.4). */
export function readCookie(request: ServerRequest, name: string): string | undefined {
  // cookieHeaderOf: in a browser the simulated user-agent cannot set a real Cookie header.
  const header = cookieHeaderOf(request)
  if (!header) return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

/**
 * The AS session cookie: HttpOnly so page scripts cannot read it, SameSite=Lax so other sites
 * cannot post to the consent form with it, scoped to the AS path, Secure on https origins.
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.7
 */
export function sessionCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  const attributes = [
    `${sessionCookieName}=${value}`,
    'Path=/as',
    `Max-Age=${maxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Lax',
  ]
  if (secure) attributes.push('Secure')
  return attributes.join('; ')
}
