import { bySeverity, type LintFinding, type LintSeverity } from '@/flows/provider/lint-metadata.ts'
import { metadataFields } from '@/flows/provider/metadata-fields.ts'
import { SpecLink, SpecLinks } from '@/components/spec-link.tsx'

const mark: Record<LintSeverity, string> = { error: '✘', warning: '⚠', info: 'ℹ', ok: '✔' }
const tone: Record<LintSeverity, string> = {
  error: 'text-red-700',
  warning: 'text-amber-700',
  info: 'text-slate-600',
  ok: 'text-emerald-700',
}
const word: Record<LintSeverity, string> = { error: 'Problem', warning: 'Warning', info: 'Note', ok: 'OK' }

const sourceText = {
  openid: 'OpenID Connect Discovery',
  rfc8414: 'RFC 8414 authorization server metadata (no OpenID configuration)',
  manual: 'the endpoints you entered (this provider publishes no metadata)',
} as const

/** A metadata value as text: provider content is never rendered as HTML or made a link. */
const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value))

export function MetadataView({
  url,
  source,
  document,
  findings,
}: {
  url?: string | undefined
  source: keyof typeof sourceText
  document: Readonly<Record<string, unknown>>
  findings: readonly LintFinding[]
}) {
  const sorted = bySeverity(findings)
  const problems = findings.filter((f) => f.severity === 'error').length
  const warnings = findings.filter((f) => f.severity === 'warning').length
  return (
    <div className="space-y-4 border-t border-slate-200 pt-4">
      <section aria-labelledby="provider-lint-title" className="space-y-2">
        <h3 id="provider-lint-title" className="text-base font-semibold">
          Checks for your client{' '}
          <span className="text-sm font-normal text-slate-600">
            ({problems} problem{problems === 1 ? '' : 's'}, {warnings} warning{warnings === 1 ? '' : 's'})
          </span>
        </h3>
        <p className="text-xs text-slate-600">
          From {sourceText[source]}
          {url === undefined ? '' : ` at ${url}`}, checked against the client settings above.
        </p>
        <ul aria-label="Metadata checks" className="space-y-1.5">
          {sorted.map((f, i) => (
            <li key={`${f.id}-${f.field ?? ''}-${i}`} className="flex gap-2 text-sm leading-snug">
              <span aria-hidden className={`font-bold ${tone[f.severity]}`}>
                {mark[f.severity]}
              </span>
              <span className="min-w-0 flex-1 break-words">
                <span className="sr-only">{word[f.severity]}: </span>
                <span className={f.severity === 'error' ? 'font-medium text-red-800' : ''}>{f.message}</span>
                {f.fix && <span className="block text-slate-700">Fix: {f.fix}</span>}{' '}
                <SpecLinks ids={f.refs} />
              </span>
            </li>
          ))}
        </ul>
      </section>
      <details className="rounded border border-slate-200">
        <summary className="cursor-pointer px-3 py-2 text-sm font-semibold">
          Provider metadata ({Object.keys(document).length} fields), each explained
        </summary>
        <table className="w-full table-fixed border-collapse text-left text-xs">
          <caption className="sr-only">Provider metadata</caption>
          <thead>
            <tr className="bg-slate-50 text-slate-600">
              <th scope="col" className="w-1/4 px-3 py-1">
                Field
              </th>
              <th scope="col" className="w-2/5 px-3 py-1">
                Value
              </th>
              <th scope="col" className="px-3 py-1">
                Meaning
              </th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(document).map(([field, value]) => {
              const meaning = metadataFields[field]
              return (
                <tr key={field} className="border-t border-slate-100 align-top">
                  <th scope="row" className="px-3 py-1 font-mono font-semibold break-all">
                    {field}
                  </th>
                  <td className="px-3 py-1 font-mono break-all text-slate-700">{show(value)}</td>
                  <td className="px-3 py-1 text-slate-600">
                    {meaning ? (
                      <>
                        {meaning.meaning} <SpecLink id={meaning.ref} />
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </details>
    </div>
  )
}
