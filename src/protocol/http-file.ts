import type { HttpExchange } from './http-exchange.ts'

/** One request of a `.http` file, with the heading it gets. */
export interface HttpFileEntry {
  readonly title: string
  readonly exchange: HttpExchange
  /** Said above the request, e.g. that its code only works at the server that issued it. */
  readonly note?: string
}

const skipped = new Set(['host', 'content-length', 'connection', 'accept-encoding', 'user-agent'])
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim()

/**
 * A `.http` file for the VS Code REST Client and the JetBrains HTTP Client: one request per entry
 * after a `###` separator. Requests to `serverOrigin` use the file variable `{{origin}}` (set to
 * `origin`), so the whole run goes to another server by editing one line.
 * @see https://www.jetbrains.com/help/idea/exploring-http-syntax.html
 */
export function httpFile(
  entries: readonly HttpFileEntry[],
  options: { readonly serverOrigin: string; readonly origin: string; readonly comments: readonly string[] },
): string {
  const lines: string[] = [
    ...options.comments.map((c) => `# ${oneLine(c)}`),
    '',
    `@origin = ${options.origin}`,
    '',
  ]
  for (const { title, exchange, note } of entries) {
    const { request } = exchange
    const url = new URL(request.url)
    const target = url.origin === options.serverOrigin ? `{{origin}}${url.pathname}${url.search}` : url.href
    lines.push(`### ${oneLine(title)}`)
    if (note !== undefined) lines.push(`# ${oneLine(note)}`)
    lines.push(`${request.method} ${target} HTTP/1.1`)
    for (const [name, value] of request.headers)
      if (!skipped.has(name.toLowerCase())) lines.push(`${name}: ${value}`)
    if (request.body !== undefined && request.body !== '') lines.push('', request.body)
    lines.push('')
  }
  return lines.join('\n')
}
