import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { isIP } from 'node:net'
import { playgroundTokenHeader } from '../protocol/node-server-api.ts'

/** Why a request to a loopback-only endpoint is refused; `status` is the answer. */
export interface GuardRefusal {
  readonly status: 403 | 421
  readonly message: string
}

/**
 * Whether a socket address is this machine's loopback: 127.0.0.0/8 (also IPv4-mapped, as a
 * dual-stack server sees it) or ::1.
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] ?? address
  return isIP(v4) === 4 ? v4.startsWith('127.') : address === '::1'
}

/** The Host values a page on this machine uses for `port`. */
export function loopbackHosts(port: number): ReadonlySet<string> {
  return new Set([`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`])
}

function sameSecret(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false
  const a = Buffer.from(presented)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** Checks 1 and 2 below: the request came over loopback and names this machine in Host. */
export function checkLoopbackHost(req: IncomingMessage, port: number): GuardRefusal | undefined {
  if (!isLoopbackAddress(req.socket.localAddress))
    return { status: 403, message: 'Only served on the loopback interface (open it on this machine)' }
  const host = req.headers.host?.toLowerCase()
  if (host === undefined || !loopbackHosts(port).has(host))
    return { status: 421, message: `Host must be localhost:${port}, 127.0.0.1:${port} or [::1]:${port}` }
  return undefined
}

/**
 * The checks in front of the server console, the envelope and the clock (research 4.2, 4.7):
 *
 * 1. the connection arrived on a loopback interface — even when `HOST` exposes the app on a network;
 * 2. `Host` names this machine and port, or 421: a DNS-rebinding page has its own name in Host
 *    (RFC 9110 §15.5.20 "Misdirected Request");
 * 3. a browser's `Origin` is this very origin, or 403 — another site's page may send a request but
 *    must not drive or read these endpoints; `Sec-Fetch-Site` refuses cross-site GETs that carry
 *    no Origin;
 * 4. when `token` is given, the per-run token in `x-grantscope-token` (compared in constant time).
 *
 * Non-browser clients on this machine (curl) send no Origin and pass 1–3: they could reach the
 * mock server directly anyway.
 */
export function checkLoopbackRequest(
  req: IncomingMessage,
  port: number,
  token?: string,
): GuardRefusal | undefined {
  const misdirected = checkLoopbackHost(req, port)
  if (misdirected !== undefined) return misdirected
  const host = req.headers.host?.toLowerCase() ?? ''
  const origin = req.headers.origin
  if (origin !== undefined && origin !== `http://${host}`)
    return { status: 403, message: 'Only the page served by this server may use this endpoint' }
  const site = req.headers['sec-fetch-site']
  if (site !== undefined && site !== 'same-origin' && site !== 'none')
    return { status: 403, message: 'Only the page served by this server may use this endpoint' }
  if (token !== undefined) {
    const presented = req.headers[playgroundTokenHeader]
    if (!sameSecret(typeof presented === 'string' ? presented : undefined, token))
      return { status: 403, message: `Missing or wrong ${playgroundTokenHeader}` }
  }
  return undefined
}
