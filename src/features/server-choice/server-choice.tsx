import type { ServerKind } from '@/protocol/node-server-api.ts'

interface Props {
  /** The server that answers now. */
  readonly current: ServerKind
  /** The origin of the server that answers now (its issuer is `${origin}/as`). */
  readonly origin: string
  /** The Node server that served this page (`npm start`), when there is one. */
  readonly nodeOrigin: string | undefined
  readonly onChoose: (kind: ServerKind) => void
}

/** One sentence on which server answers, for the intro. */
export function serverSentence(kind: ServerKind, origin: string): string {
  return kind === 'node'
    ? `the Node server of npm start answers over HTTP at ${origin}/as — the same server your own app, curl and the Server console see.`
    : 'the bundled authorization server runs in this page and checks everything a real one checks.'
}

/**
 * Says which server answers the flows, and — when `npm start` served the page — lets the learner
 * run them against the Node server instead, so the playground, their own app and the Server
 * console share one server: one set of codes, tokens and keys.
 */
export function ServerChoice({ current, origin, nodeOrigin, onChoose }: Props) {
  const option = (kind: ServerKind, label: string) => (
    <label className="flex cursor-pointer items-center gap-1.5">
      <input type="radio" name="server" checked={current === kind} onChange={() => onChoose(kind)} />
      {label}
    </label>
  )
  return (
    <section
      aria-label="Which server answers"
      className="rounded-lg border border-slate-200 bg-white px-3 py-2 text-sm text-slate-700"
    >
      {nodeOrigin !== undefined && (
        <fieldset className="mb-1 flex flex-wrap items-center gap-x-4 gap-y-1">
          <legend className="float-left mr-3 font-semibold text-slate-900">Server</legend>
          {option('in-page', 'In this page')}
          {option('node', 'Node server (npm start)')}
        </fieldset>
      )}
      <p data-testid="server-note">
        {current === 'node' ? (
          <>
            The <strong>Node server</strong> at <code className="break-all">{origin}/as</code> answers, over
            HTTP: its codes, tokens and keys are the ones your own app, curl and the Server console see.
            Restart starts a fresh browser but keeps the server’s state; skipping time moves the Node server’s
            clock for every app that uses it.
          </>
        ) : nodeOrigin !== undefined ? (
          <>
            The server <strong>in this page</strong> answers, with its own keys and codes: the Node server at{' '}
            <code className="break-all">{nodeOrigin}/as</code> does not know them and refuses the tokens shown
            here, and this page’s requests do not appear in the Server console. Choose “Node server” to share
            one server with your app.
          </>
        ) : (
          <>
            The bundled server runs <strong>in this page</strong> at{' '}
            <code className="break-all">{origin}/as</code>. Tokens stay in memory and are never stored.
          </>
        )}
      </p>
    </section>
  )
}
