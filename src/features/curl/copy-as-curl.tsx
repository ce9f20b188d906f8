import { useState } from 'react'
import { curlCommand } from '@/protocol/curl.ts'
import type { RecordedRequest } from '@/protocol/http-exchange.ts'
import { CopyButton } from '@/components/copy-button.tsx'
import { useNpmStartServer } from '@/components/use-npm-start-server.ts'
import { curlAdvice } from './curl-advice.ts'

/**
 * "Copy as curl" for a request of the run, with a note saying where the command works: as-is
 * against `npm start` for requests that carry nothing issued by the server in this page, or why not.
 */
export function CopyAsCurl({ request, pageOrigin }: { request: RecordedRequest; pageOrigin: string }) {
  const { address: server, here } = useNpmStartServer(pageOrigin)
  const [shown, setShown] = useState(false)
  const sameOrigin = new URL(request.url).origin === pageOrigin
  const command = curlCommand(request, sameOrigin ? server : undefined)
  const { portable, ties } = curlAdvice(request)
  return (
    <div className="mb-3 space-y-1 rounded border border-slate-200 bg-slate-50 p-2 text-xs text-slate-700">
      <div className="flex flex-wrap items-center gap-2">
        <CopyButton value={command} label="Copy as curl" />
        <span>
          {!sameOrigin
            ? 'Sends the same request to the same server.'
            : portable
              ? here === false
                ? `Runs as-is against the npm start server (${server}): this page has no server behind it, the bundled one runs inside the page.`
                : `Runs as-is against the npm start server at ${server}.`
              : `Only the server that issued ${ties.join(' and ')} accepts this request: the one running inside this page. The npm start server at ${server} has its own memory and will refuse it — step through the flow against it (README) to try it with curl.`}
        </span>
      </div>
      {/* The command enters the page only when asked for: it repeats the request's values. */}
      <details onToggle={(e) => setShown(e.currentTarget.open)}>
        <summary className="cursor-pointer">Show the curl command</summary>
        {shown && (
          <pre
            aria-label="curl command"
            className="mt-1 overflow-x-auto whitespace-pre-wrap break-all font-mono"
          >
            {command}
          </pre>
        )}
      </details>
    </div>
  )
}
