import type { ServerRequest } from '../server/index.ts'

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
    readonly headers: Headers,
    readonly bodyText: string | undefined,
  ) {}

  text(): Promise<string> {
    return Promise.resolve(this.bodyText ?? '')
  }
}
