import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import type { ServerRequest, TracedReply } from '../server/index.ts'
import { NodeHeaders, NodeRequest } from './node-request.ts'
import { toServed, writeServed } from './recording-server.ts'

/** Largest request body the adapter accepts, in bytes. */
export const maxBodyBytes = 64 * 1024

/**
 * How much of an oversized body is read and thrown away before the 413 is sent. Closing a socket
 * with unread data makes TCP send a reset, which the client sees instead of the answer; beyond this
 * the connection is cut anyway.
 */
export const maxDiscardBytes = 32 * 1024 * 1024

/** A request the adapter refuses before the server sees it; `status` is the answer (400, 413). */
export class RejectedRequest extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

const tooLarge = (maxBytes: number) => new RejectedRequest(413, `Request body larger than ${maxBytes} bytes`)

const utf8 = new TextDecoder()

/**
 * Converts a Node request into the server's request on the canonical `origin` (the Host header is
 * not trusted: the issuer must stay one exact string). The URL is parsed and serialised as a Web
 * `Request` would (an unparsable one throws the same TypeError). A body above `maxBytes` is read to
 * its end and discarded, then refused with 413, so the client gets the answer rather than a
 * connection reset. The body is read once here, decoded as `Request.text()` decodes it.
 */
export async function toServerRequest(
  req: IncomingMessage,
  origin: string,
  maxBytes = maxBodyBytes,
): Promise<NodeRequest> {
  const target = req.url ?? '/'
  if (!target.startsWith('/')) throw new RejectedRequest(400, 'Only origin-form request targets are accepted')
  const url = new URL(origin + target).href
  const method = (req.method ?? 'GET').toUpperCase()
  // rawHeaders as received, every repeated field kept; cheaper than Node's headersDistinct object.
  const headers = new NodeHeaders(req.rawHeaders)
  const declared = Number(req.headers['content-length'] ?? '0')
  if (declared > maxBytes) {
    await discardBody(req)
    throw tooLarge(maxBytes)
  }
  if (method === 'GET' || method === 'HEAD') return new NodeRequest(method, url, headers, undefined)
  const body = await readBody(req, maxBytes)
  return new NodeRequest(method, url, headers, utf8.decode(body))
}

/** Reads and throws away the rest of a body (up to `maxDiscardBytes`); resolves at its end. */
function discardBody(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    if (req.readableEnded) return resolve()
    let discarded = 0
    req.removeAllListeners('data')
    req.on('data', (chunk: Buffer) => {
      discarded += chunk.length
      if (discarded > maxDiscardBytes) {
        req.removeAllListeners('data')
        req.pause()
        resolve()
      }
    })
    req.once('end', () => resolve())
    req.once('error', () => resolve())
    req.resume()
  })
}

function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size <= maxBytes) return void chunks.push(chunk)
      req.off('data', onData)
      chunks.length = 0
      void discardBody(req).then(() => reject(tooLarge(maxBytes)))
    }
    req.on('data', onData)
    req.on('end', () => {
      if (size <= maxBytes) resolve(Buffer.concat(chunks))
    })
    req.on('error', () => reject(new RejectedRequest(400, 'The request body could not be read')))
  })
}

/** A small JSON error for requests refused by the adapter itself. */
export function sendRejection(res: ServerResponse, error: RejectedRequest): void {
  res.statusCode = error.status
  res.setHeader('Content-Type', 'application/json; charset=utf-8')
  res.setHeader('Cache-Control', 'no-store')
  res.setHeader('Connection', 'close')
  res.end(JSON.stringify({ error: 'invalid_request', error_description: error.message }))
}

/**
 * Serves one Node request with a mock server's `answer`: the adapter's request in, the reply out,
 * adapter refusals (400, 413) answered here. Shared by `npm start` and the tests that run every
 * endpoint suite over HTTP.
 */
export async function serveWithHandler(
  req: IncomingMessage,
  res: ServerResponse,
  answer: (request: ServerRequest) => Promise<TracedReply>,
  origin: string,
): Promise<void> {
  let request: NodeRequest
  try {
    request = await toServerRequest(req, origin)
  } catch (error) {
    if (error instanceof RejectedRequest) return sendRejection(res, error)
    throw error
  }
  const { reply, trace } = await answer(request)
  writeServed(res, toServed(reply, trace))
}

/**
 * Answers requests Node refuses before the server sees them — a request line or headers above
 * Node's 16 KB limit, malformed HTTP — with a JSON error like the server's own, instead of Node's
 * bare status line.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy()
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW'
    const body = JSON.stringify({
      error: 'invalid_request',
      error_description: tooLarge
        ? 'The request line and headers are larger than this server reads'
        : 'The request is not valid HTTP',
    })
    socket.end(
      [
        tooLarge ? 'HTTP/1.1 431 Request Header Fields Too Large' : 'HTTP/1.1 400 Bad Request',
        'Content-Type: application/json; charset=utf-8',
        `Content-Length: ${Buffer.byteLength(body)}`,
        'Cache-Control: no-store',
        'Connection: close',
        '',
        body,
      ].join('\r\n'),
    )
  })
}
