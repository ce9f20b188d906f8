import { useId } from 'react'
import type { ServerKind } from '@/protocol/node-server-api.ts'

/** A server a dialog can act on: the Node server of `npm start`, or the copy in this page. */
export interface PickableServer {
  readonly kind: ServerKind
  /** Its issuer, shown beside the Node server's name. */
  readonly issuer: string
}

/** The server's name as a dialog says it everywhere: in the choice, its answers and its lists. */
export const serverName = (server: PickableServer) =>
  server.kind === 'node' ? 'the Node server (npm start)' : 'the server in this page'

/**
 * Which server a dialog acts on, when the page has two: a radio per server, each with who uses
 * it (`describe`). The page's copy answers at the same address as the Node server, so only the
 * Node server's issuer is printed: printing it twice would say they are one.
 */
export function ServerPicker<S extends PickableServer>({
  servers,
  current,
  onChoose,
  legend,
  describe,
  testId,
}: {
  servers: readonly S[]
  current: S
  onChoose: (server: S) => void
  legend: string
  describe: (server: S) => string
  testId?: string
}) {
  const name = useId()
  const hints = useId()
  return (
    <fieldset
      data-testid={testId}
      className="rounded-md border border-blue-200 bg-blue-50/60 px-3 pt-1 pb-3 text-sm"
    >
      <legend className="px-1 font-semibold text-slate-900">{legend}</legend>
      <div className="grid gap-2 sm:grid-cols-2">
        {servers.map((server, i) => (
          <div key={server.kind} className="flex items-start gap-2">
            <input
              type="radio"
              id={`${name}-${i}`}
              name={name}
              checked={server === current}
              onChange={() => onChoose(server)}
              aria-describedby={`${hints}-${i}`}
              className="mt-1"
            />
            <div className="min-w-0">
              <label htmlFor={`${name}-${i}`} className="cursor-pointer font-medium">
                {server.kind === 'node' ? 'Node server (npm start)' : 'The server in this page'}
              </label>
              {server.kind === 'node' && (
                <>
                  {' '}
                  <code className="text-xs break-all">{server.issuer}</code>
                </>
              )}
              <p id={`${hints}-${i}`} className="text-xs text-slate-700">
                {describe(server)}
              </p>
            </div>
          </div>
        ))}
      </div>
    </fieldset>
  )
}
