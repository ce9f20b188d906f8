import type { ServerRequest } from './server-request.ts'

/**
 * Request parameters with the RFC 6749 §3.1 hygiene rules built in: "Parameters sent without a
 * value MUST be treated as if they were omitted from the request", and "Request and response
 * parameters MUST NOT be included more than once".
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.1
 */
export class Params {
  private readonly values = new Map<string, string[]>()

  constructor(search: URLSearchParams) {
    for (const [name, value] of search) {
      if (value === '') continue
      const list = this.values.get(name) ?? []
      list.push(value)
      this.values.set(name, list)
    }
  }

  /** The value, or undefined when absent, empty, or sent more than once. */
  get(name: string): string | undefined {
    const list = this.values.get(name)
    return list?.length === 1 ? list[0] : undefined
  }

  has(name: string): boolean {
    return this.values.has(name)
  }

  isDuplicated(name: string): boolean {
    return (this.values.get(name)?.length ?? 0) > 1
  }

  duplicated(): string[] {
    return [...this.values].filter(([, list]) => list.length > 1).map(([name]) => name)
  }
}

/** Largest form body the server reads (bytes). */
export const maxFormBytes = 64 * 1024

/** `application/x-www-form-urlencoded`, ignoring parameters such as `charset`. */
export function isFormEncoded(request: ServerRequest): boolean {
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase()
  return type === 'application/x-www-form-urlencoded'
}

/** Reads a form body; returns undefined when it is too large. */
export async function readForm(request: ServerRequest): Promise<URLSearchParams | undefined> {
  const text = await request.text()
  if (text.length > maxFormBytes) return undefined
  return new URLSearchParams(text)
}
