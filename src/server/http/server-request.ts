/**
 * What the mock server reads of a request: its method, URL, headers and body text. A Web
 * `Request` is one (the in-process and Service Worker adapters pass it as it is); the Node
 * adapter passes a lighter object with the same members, because building a Web `Request` — its
 * body stream and abort signal — cost more than a tenth of a token request there.
 */
export interface ServerRequest extends Pick<Request, 'method' | 'url' | 'text'> {
  readonly headers: RequestHeaders
}

/**
 * What the server reads of request headers: a field by name, and the whole list for the console —
 * both as a Web `Headers` gives them (names lower-cased and sorted, repeated fields joined with
 * ", "). `Headers` is one.
 */
export interface RequestHeaders extends Iterable<[string, string]> {
  get(name: string): string | null
}
