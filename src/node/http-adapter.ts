import type { IncomingMessage, ServerResponse } from 'node:http'

/** Largest request body the adapter accepts, in bytes. */
export const maxBodyBytes = 64 * 1024

/** A request the adapter refuses before the server sees it; `status` is the answer (400, 413). */
export class RejectedRequest extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

/**
 * Converts a Node request into a Web `Request` on the canonical `origin` (the Host header is not
 * trusted: the issuer must stay one exact string). Bodies above `maxBytes` are refused with 413.
 */
export async function toWebRequest(
  req: IncomingMessage,
  origin: string,
  maxBytes = maxBodyBytes,
): Promise<Request> {
  const target = req.url ?? '/'
  if (!target.startsWith('/')) throw new RejectedRequest(400, 'Only origin-form request targets are accepted')
  const url = new URL(origin + target)
  const method = (req.method ?? 'GET').toUpperCase()
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headersDistinct)) {
    for (const v of value ?? []) headers.append(name, v)
  }
  const declared = Number(req.headers['content-length'] ?? '0')
  if (declared > maxBytes) throw new RejectedRequest(413, `Request body larger than ${maxBytes} bytes`)
  if (method === 'GET' || method === 'HEAD') return new Request(url, { method, headers })
  const body = await readBody(req, maxBytes)
  return new Request(url, { method, headers, body })
}

function readBody(req: IncomingMessage, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBytes) {
        req.removeAllListeners('data')
        req.resume()
        reject(new RejectedRequest(413, `Request body larger than ${maxBytes} bytes`))
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Uint8Array.from(Buffer.concat(chunks))))
    req.on('error', () => reject(new RejectedRequest(400, 'The request body could not be read')))
  })
}

/** A small JSON error for requests refused by the adapter itself. */
export function sendRejection(res: ServerResponse, error: RejectedRequest): void {
  res.statusCode = error.status
  res.setHeader('Content-Type', 'application/json; charset=utf-8')
  res.setHeader('Connection', 'close')
  res.end(JSON.stringify({ error: 'invalid_request', error_description: error.message }))
}
