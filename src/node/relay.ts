import { createHash, timingSafeEqual } from 'node:crypto'
import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { BlockList, isIP, type LookupFunction } from 'node:net'
import { relayTokenHeader } from '../protocol/relay-contract.ts'
import { isLoopbackAddress } from './loopback-guard.ts'

/**
 * The loopback relay of `npm start` (`POST /relay`): it sends a request to a real provider on the
 * page's behalf, for what a browser cannot do — a provider without CORS for this origin, or a
 * confidential client. It is an SSRF and DNS-rebinding target by nature (research 4.2), so before it
 * reads a byte of the body it checks the Host (421), the Origin (403) and its per-run token (403);
 * then it forwards only to endpoints of issuers the page added, follows no redirect, forwards no
 * cookie either way, and caps size and time. It answers with the request exactly as the provider
 * received it and the provider's response, so the step shows both.
 */

export interface RelayOptions {
  /** The port the server listens on: the Host and Origin it accepts name it. */
  readonly port: number
  /** The per-run secret the page must send; served only in the page itself. */
  readonly token: string
  readonly timeoutMs?: number
  readonly maxResponseBytes?: number
  readonly maxRequestBytes?: number
  /** DNS, replaceable in tests. */
  readonly lookup?: typeof dnsLookup
}

export interface Relay {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>
  /** Host header values a request to this server may carry (also guards the page that carries the token). */
  readonly hosts: ReadonlySet<string>
}

export const isRelayPath = (pathname: string) => pathname === '/relay' || pathname === '/relay/allow'

/** Headers a provider needs from the client; everything else (cookies first) stays behind. */
const forwardedHeaders = new Set(['accept', 'authorization', 'content-type', 'dpop'])
/** Hop-by-hop headers, which describe the relay's connection, not the provider's answer. */
const hopByHop = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'proxy-authenticate',
])
const maxAllowed = 500

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

/** Addresses a relay to a public provider must never reach (IANA special-purpose registries). */
const special = new BlockList()
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  special.addSubnet(network, prefix, 'ipv4')
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  special.addSubnet(network, prefix, 'ipv6')

const v4Mapped = (ip: string) => /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1]

function isSpecialAddress(ip: string): boolean {
  const v4 = v4Mapped(ip)
  if (v4 !== undefined) return special.check(v4, 'ipv4')
  return isIP(ip) === 4 ? special.check(ip, 'ipv4') : special.check(ip, 'ipv6')
}

const isLoopbackName = (hostname: string) => {
  const host = hostname.replace(/^\[|\]$/g, '')
  return host === 'localhost' || host.endsWith('.localhost') || isLoopbackAddress(host)
}

/**
 * A provider on this machine (a local Keycloak) may be reached on loopback, and only there; any
 * other provider only on public addresses — checked on the resolved address, so a DNS answer that
 * changes between the check and the connection (rebinding) cannot reach the network behind it.
 */
function addressAllowed(ip: string, loopbackTarget: boolean): boolean {
  return loopbackTarget ? isLoopbackAddress(ip) : !isSpecialAddress(ip)
}

function guardedLookup(base: typeof dnsLookup, loopbackTarget: boolean): LookupFunction {
  return (hostname, options, callback) => {
    base(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0)
      const bad = addresses.find((a) => !addressAllowed(a.address, loopbackTarget))
      if (bad !== undefined) {
        const refused = Object.assign(
          new Error(`${hostname} resolves to ${bad.address}, which a relay to this provider must not reach`),
          { code: 'EADDRBLOCKED' },
        )
        return callback(refused, '', 0)
      }
      if (options.all === true) return callback(null, addresses)
      const first = addresses[0]
      if (first === undefined)
        return callback(Object.assign(new Error('no address'), { code: 'ENOTFOUND' }), '', 0)
      callback(null, first.address, first.family)
    })
  }
}

/** The URL as a key of the allow-list: scheme, host, port and path (the query may vary). */
const endpointKey = (url: URL) => `${url.origin}${url.pathname}`

/** A URL the relay could ever send to: https, or http on a loopback host; no credentials in it. */
function targetUrl(value: unknown): URL {
  let url: URL
  try {
    url = new URL(String(value))
  } catch {
    throw new Refusal(400, 'invalid_target', `${JSON.stringify(value)} is not a URL`)
  }
  if (url.username !== '' || url.password !== '')
    throw new Refusal(403, 'target_not_allowed', 'URLs with credentials are not relayed')
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackName(url.hostname)))
    throw new Refusal(
      403,
      'target_not_allowed',
      `${url.origin}: only https providers (and http on this machine) are relayed`,
    )
  return url
}

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest()
  const b = createHash('sha256').update(expected).digest()
  return timingSafeEqual(a, b)
}

function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBytes) {
        req.removeAllListeners('data')
        req.resume()
        reject(new Refusal(413, 'request_too_large', `The relay accepts at most ${maxBytes} bytes`))
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', () => reject(new Refusal(400, 'invalid_request', 'The request body could not be read')))
  })
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status
  res.setHeader('Content-Type', 'application/json; charset=utf-8')
  res.setHeader('Cache-Control', 'no-store')
  res.end(JSON.stringify(body))
}

function refuse(res: ServerResponse, refusal: Refusal): void {
  // The body may still be on its way: close instead of reading it.
  res.setHeader('Connection', 'close')
  send(res, refusal.status, { error: refusal.code, error_description: refusal.message })
}

interface Envelope {
  readonly method: 'GET' | 'POST'
  readonly url: URL
  readonly headers: readonly (readonly [string, string])[]
  readonly body?: string
}

function parseEnvelope(text: string): Envelope {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new Refusal(400, 'invalid_request', 'The body is not JSON')
  }
  const e = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>
  if (e['method'] !== 'GET' && e['method'] !== 'POST')
    throw new Refusal(400, 'invalid_request', 'method must be GET or POST')
  const headers = Array.isArray(e['headers']) ? e['headers'] : []
  if (!headers.every((h) => Array.isArray(h) && h.length === 2 && h.every((p) => typeof p === 'string')))
    throw new Refusal(400, 'invalid_request', 'headers must be [name, value] pairs')
  if (e['body'] !== undefined && typeof e['body'] !== 'string')
    throw new Refusal(400, 'invalid_request', 'body must be a string')
  return {
    method: e['method'],
    url: targetUrl(e['url']),
    headers: headers as [string, string][],
    ...(typeof e['body'] === 'string' ? { body: e['body'] } : {}),
  }
}

export function createRelay(options: RelayOptions): Relay {
  const hosts = new Set([`localhost:${options.port}`, `127.0.0.1:${options.port}`, `[::1]:${options.port}`])
  const origins = new Set([...hosts].map((h) => `http://${h}`))
  const allowed = new Set<string>()
  const timeoutMs = options.timeoutMs ?? 10_000
  const maxResponseBytes = options.maxResponseBytes ?? 1024 * 1024
  const maxRequestBytes = options.maxRequestBytes ?? 256 * 1024
  const lookup = options.lookup ?? dnsLookup

  /** Host, Origin, token: all before the body is read. */
  function checkCaller(req: IncomingMessage): void {
    const host = req.headers.host?.toLowerCase()
    if (host === undefined || !hosts.has(host))
      throw new Refusal(
        421,
        'misdirected_request',
        `The relay answers only to Host ${[...hosts].join(', ')} (DNS-rebinding protection); this request says ${host ?? 'nothing'}.`,
      )
    const origin = req.headers.origin
    if (origin === undefined || !origins.has(origin))
      throw new Refusal(
        403,
        'forbidden_origin',
        `Only the Grantscope page on this server may use the relay, not ${origin ?? 'a request without Origin'}.`,
      )
    const token = req.headers[relayTokenHeader]
    if (typeof token !== 'string' || !sameSecret(token, options.token))
      throw new Refusal(
        403,
        'invalid_relay_token',
        token === undefined
          ? `The relay token (${relayTokenHeader}) is missing.`
          : 'The relay token is wrong: npm start was restarted since this page loaded? Reload the page.',
      )
    if (req.method !== 'POST') throw new Refusal(405, 'method_not_allowed', 'The relay takes POST only')
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
      throw new Refusal(415, 'unsupported_media_type', 'The relay takes application/json')
    if (Number(req.headers['content-length'] ?? '0') > maxRequestBytes)
      throw new Refusal(413, 'request_too_large', `The relay accepts at most ${maxRequestBytes} bytes`)
  }

  function allow(text: string): void {
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      throw new Refusal(400, 'invalid_request', 'The body is not JSON')
    }
    const endpoints = (value as { endpoints?: unknown } | null)?.endpoints
    if (!Array.isArray(endpoints))
      throw new Refusal(400, 'invalid_request', 'endpoints must be a list of URLs')
    const urls = endpoints.map(targetUrl)
    if (allowed.size + urls.length > maxAllowed)
      throw new Refusal(413, 'too_many_endpoints', `The relay keeps at most ${maxAllowed} endpoints per run`)
    for (const url of urls) allowed.add(endpointKey(url))
  }

  function forward(envelope: Envelope): Promise<unknown> {
    const { url, method, body } = envelope
    if (!allowed.has(endpointKey(url)))
      throw new Refusal(
        403,
        'target_not_allowed',
        `${endpointKey(url)} is not an endpoint of an issuer added in this session. Press Discover first; the relay forwards only to the endpoints it found.`,
      )
    const loopbackTarget = isLoopbackName(url.hostname)
    const literal = url.hostname.replace(/^\[|\]$/g, '')
    if (isIP(literal) !== 0 && !addressAllowed(literal, loopbackTarget))
      throw new Refusal(403, 'target_not_allowed', `${literal} is a private or special address`)
    const headers: [string, string][] = [
      ['host', url.host],
      ['user-agent', 'Grantscope relay (npm start)'],
    ]
    for (const [name, value] of envelope.headers)
      if (forwardedHeaders.has(name.toLowerCase())) headers.push([name.toLowerCase(), value])
    headers.push(['accept-encoding', 'identity'], ['connection', 'close'])
    if (body !== undefined) headers.push(['content-length', String(Buffer.byteLength(body))])
    const sent = { method, url: url.href, headers, ...(body === undefined ? {} : { body }) }
    const started = performance.now()
    return new Promise((resolve, reject) => {
      const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
        method,
        headers: Object.fromEntries(headers),
        lookup: guardedLookup(lookup, loopbackTarget),
        agent: false,
      })
      const timer = setTimeout(() => {
        request.destroy(
          new Refusal(504, 'upstream_timeout', `${url.origin} did not answer within ${timeoutMs / 1000} s`),
        )
      }, timeoutMs)
      request.on('error', (error: Error & { code?: string }) => {
        clearTimeout(timer)
        reject(
          error instanceof Refusal
            ? error
            : error.code === 'EADDRBLOCKED'
              ? new Refusal(403, 'target_not_allowed', error.message)
              : new Refusal(
                  502,
                  'upstream_unreachable',
                  `${url.origin} could not be reached: ${error.code ?? error.message}`,
                ),
        )
      })
      request.on('response', (upstream) => {
        const status = upstream.statusCode ?? 502
        if (status >= 300 && status < 400) {
          clearTimeout(timer)
          upstream.destroy()
          const location = upstream.headers.location ?? '(none)'
          return reject(
            new Refusal(
              502,
              'redirect_not_followed',
              `${url.href} answered ${status} with Location: ${location}. The relay follows no redirects: use the endpoint itself.`,
            ),
          )
        }
        const chunks: Buffer[] = []
        let size = 0
        upstream.on('data', (chunk: Buffer) => {
          size += chunk.length
          if (size > maxResponseBytes) {
            clearTimeout(timer)
            upstream.destroy()
            reject(
              new Refusal(
                502,
                'response_too_large',
                `${url.origin} answered with more than ${maxResponseBytes} bytes`,
              ),
            )
            return
          }
          chunks.push(chunk)
        })
        upstream.on('error', () => undefined)
        upstream.on('end', () => {
          clearTimeout(timer)
          const responseHeaders: [string, string][] = []
          let droppedCookies = 0
          const raw = upstream.rawHeaders
          for (let i = 0; i + 1 < raw.length; i += 2) {
            const name = raw[i]!
            const lower = name.toLowerCase()
            if (lower === 'set-cookie') droppedCookies++
            else if (!hopByHop.has(lower)) responseHeaders.push([name, raw[i + 1]!])
          }
          resolve({
            request: sent,
            response: {
              status,
              statusText: upstream.statusMessage ?? '',
              headers: responseHeaders,
              body: Buffer.concat(chunks).toString('utf8'),
            },
            durationMs: Math.round(performance.now() - started),
            droppedCookies,
          })
        })
      })
      request.end(body)
    })
  }

  return {
    hosts,
    async handle(req, res) {
      const pathname = (req.url ?? '/').split('?')[0]
      try {
        checkCaller(req)
        const text = await readBody(req, maxRequestBytes)
        if (pathname === '/relay/allow') {
          allow(text)
          res.statusCode = 204
          res.setHeader('Cache-Control', 'no-store')
          return void res.end()
        }
        send(res, 200, await forward(parseEnvelope(text)))
      } catch (error) {
        if (error instanceof Refusal) return refuse(res, error)
        throw error
      }
    },
  }
}
