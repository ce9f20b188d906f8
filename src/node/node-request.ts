import type { RequestHeaders, ServerRequest } from '../server/index.ts'

/**
 * A request as the Node adapter hands it to the mock server: what the server reads of a Web
 * `Request`, the URL and headers as a Web `Request` would hold them, and the body already read
 * whole, so no body stream or abort signal is built for it. `bodyText` is undefined for GET and
 * HEAD, whose body is never read; `text()` then gives '' as a Web `Request` would.
 */
export class NodeRequest implements ServerRequest {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly headers: RequestHeaders,
    readonly bodyText: string | undefined,
  ) {}

  text(): Promise<string> {
    return Promise.resolve(this.bodyText ?? '')
  }
}

/** Node's `Headers` joins repeated Cookie fields as one cookie string would be ("; "), others with ", ". */
const separator = (lowerName: string) => (lowerName === 'cookie' ? '; ' : ', ')

/**
 * The header fields of a Node request (`rawHeaders`: name, value, name, value … as received),
 * read as Node's Web `Headers` reads them, without building one: `Headers` validates, lower-cases and
 * stores every field on the way in, and sorts them again on every iteration — a few per cent of a
 * token request, for a server that reads two fields and lists the rest only if a console is open.
 * Node's parser has already refused names and values that `Headers` would refuse, and stripped
 * the whitespace around values that `Headers` strips.
 */
export class NodeHeaders implements RequestHeaders {
  constructor(private readonly raw: readonly string[]) {}

  get(name: string): string | null {
    const wanted = name.toLowerCase()
    let value: string | null = null
    for (let i = 0; i + 1 < this.raw.length; i += 2) {
      if (this.raw[i]!.toLowerCase() !== wanted) continue
      const field = this.raw[i + 1]!
      value = value === null ? field : `${value}${separator(wanted)}${field}`
    }
    return value
  }

  /** Lower-cased names in order, repeated fields joined, each Set-Cookie on its own. */
  *[Symbol.iterator](): IterableIterator<[string, string]> {
    const joined = new Map<string, string>()
    const cookies: string[] = []
    for (let i = 0; i + 1 < this.raw.length; i += 2) {
      const name = this.raw[i]!.toLowerCase()
      const value = this.raw[i + 1]!
      if (name === 'set-cookie') cookies.push(value)
      else {
        const earlier = joined.get(name)
        joined.set(name, earlier === undefined ? value : `${earlier}${separator(name)}${value}`)
      }
    }
    if (cookies.length > 0) joined.set('set-cookie', '')
    for (const name of [...joined.keys()].sort()) {
      if (name === 'set-cookie') for (const cookie of cookies) yield [name, cookie]
      else yield [name, joined.get(name)!]
    }
  }
}
