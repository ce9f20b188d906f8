import { useState } from 'react'
import { Dialog, download } from '@/components/dialog.tsx'
import { diagramSvg, svgToPng, type DiagramColors } from './diagram-svg.ts'
import { exportNotes, toHar, toHttpFile, toMermaid, type Masking, type RunExport } from './export-run.ts'

interface Props {
  readonly run: RunExport
  readonly passwords: readonly string[]
  readonly clientSecrets: readonly string[]
  readonly version: string
  readonly onClose: () => void
}

/** The lane and channel colours as the page draws them (design tokens in index.css). */
function resolvedColors(): DiagramColors {
  const style = getComputedStyle(document.documentElement)
  const token = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback
  return {
    lanes: {
      browser: token('--color-lane-browser', '#b45309'),
      client: token('--color-lane-client', '#1d4ed8'),
      as: token('--color-lane-as', '#7c3aed'),
      rs: token('--color-lane-rs', '#047857'),
      attacker: token('--color-lane-attacker', '#b91c1c'),
    },
    front: token('--color-front', '#c2410c'),
    back: token('--color-back', '#1e40af'),
    internal: '#475569',
    failed: '#b91c1c',
  }
}

/** Downloads the run as a `.http` file, a HAR, Mermaid text, or the diagram as SVG or PNG. */
export function ExportDialog({ run, passwords, clientSecrets, version, onClose }: Props) {
  const [includePasswords, setIncludePasswords] = useState(false)
  const [includeClientSecrets, setIncludeClientSecrets] = useState(false)
  const [error, setError] = useState<string>()
  const masking: Masking = { passwords, clientSecrets, includePasswords, includeClientSecrets }
  const name = `grantscope-${run.flow.id}-${run.variant.id}`
  const requests = run.steps.filter((s) => s.exchange !== undefined).length
  const empty = run.steps.length === 0
  const button =
    'rounded-md border border-slate-300 bg-white px-3 py-1.5 font-semibold text-slate-800 hover:bg-slate-100 aria-disabled:cursor-not-allowed aria-disabled:opacity-40'
  const act = (work: () => void | Promise<void>) => () => {
    if (empty) return
    setError(undefined)
    Promise.resolve()
      .then(work)
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
  }
  return (
    <Dialog title="Export" onClose={onClose}>
      <p>
        {empty
          ? 'Nothing to export yet: press Next to take the first step.'
          : `This run: ${run.steps.length} steps, ${requests} HTTP requests. The files are made in this page; nothing is uploaded.`}
      </p>
      <fieldset className="space-y-1">
        <legend className="font-semibold">Secrets</legend>
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            checked={includePasswords}
            onChange={(e) => setIncludePasswords(e.target.checked)}
          />
          Include the demo users’ passwords
        </label>
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            checked={includeClientSecrets}
            onChange={(e) => setIncludeClientSecrets(e.target.checked)}
          />
          Include client secrets
        </label>
        <p className="text-slate-700">{exportNotes(run, masking).slice(1).join(' ')}</p>
      </fieldset>
      <div className="grid gap-2 sm:grid-cols-2">
        <button
          type="button"
          aria-disabled={empty}
          className={button}
          onClick={act(() => download(`${name}.http`, toHttpFile(run, masking)))}
        >
          Download .http file
        </button>
        <button
          type="button"
          aria-disabled={empty}
          className={button}
          onClick={act(() =>
            download(
              `${name}.har`,
              JSON.stringify(toHar(run, masking, version), null, 2),
              'application/json',
            ),
          )}
        >
          Download HAR
        </button>
        <button
          type="button"
          aria-disabled={empty}
          className={button}
          onClick={act(() => download(`${name}.mmd`, toMermaid(run, masking)))}
        >
          Download Mermaid
        </button>
        <button
          type="button"
          aria-disabled={empty}
          className={button}
          onClick={act(() => download(`${name}.svg`, diagramSvg(run, resolvedColors()).svg, 'image/svg+xml'))}
        >
          Download SVG
        </button>
        <button
          type="button"
          aria-disabled={empty}
          className={button}
          onClick={act(async () => {
            const { svg, width, height } = diagramSvg(run, resolvedColors())
            download(`${name}.png`, await svgToPng(svg, width, height))
          })}
        >
          Download PNG
        </button>
      </div>
      <p className="text-slate-700">
        <strong>.http</strong> opens in the VS Code REST Client and the JetBrains HTTP Client (edit{' '}
        <code>@origin</code> to send it elsewhere); <strong>HAR</strong> in browser devtools and HAR viewers;{' '}
        <strong>Mermaid</strong> renders on GitHub, GitLab and in most wikis.
      </p>
      {error && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-2 text-red-900">
          The export failed: {error}
        </p>
      )}
    </Dialog>
  )
}
