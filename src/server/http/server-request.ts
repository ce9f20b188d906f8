/**
 * What the mock server reads of a request: its method, URL, headers and body text. A Web
 * `Request` is one (the in-process and Service Worker adapters pass it as it is); the Node
 * adapter passes a lighter object with the same members, because building a Web `Request` — its
 * body stream and abort signal — cost more than a tenth of a token request there.
 */
export type ServerRequest = Pick<Request, 'method' | 'url' | 'headers' | 'text'>
