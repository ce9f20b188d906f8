import { useId, useState } from 'react'
import { CopyButton } from '@/components/copy-button.tsx'
import { Dialog } from '@/components/dialog.tsx'
import { driverSnippet, iframeSnippet, type EmbedChoice } from './embed-snippet.ts'

interface Props {
  readonly base: string
  readonly flow: { readonly id: string; readonly title: string }
  readonly variant: { readonly id: string; readonly title: string }
  readonly step: number
  readonly seed: string | undefined
  readonly onClose: () => void
}

/** Generates the `<iframe>` for a slide, a wiki page or an LMS, starting where the trainer is now. */
export function EmbedDialog({ base, flow, variant, step: currentStep, seed, onClose }: Props) {
  const id = useId()
  const [step, setStep] = useState(currentStep)
  const [autoplay, setAutoplay] = useState(false)
  const [allowSwitch, setAllowSwitch] = useState(false)
  const [withSeed, setWithSeed] = useState(seed !== undefined)
  const [width, setWidth] = useState(960)
  const [height, setHeight] = useState(640)
  const choice: EmbedChoice = {
    base,
    flow: flow.id,
    variant: variant.id,
    step,
    autoplay,
    allowSwitch,
    seed: withSeed ? seed : undefined,
  }
  const snippet = iframeSnippet(choice, {
    title: `Grantscope: ${flow.title} — ${variant.title}`,
    width,
    height,
  })
  const origin = new URL(base).origin
  const number = 'w-20 rounded border border-slate-300 px-2 py-1'
  return (
    <Dialog title="Embed" onClose={onClose} wide>
      <p>
        Paste this into a slide, a wiki page or an LMS. It shows <strong>{flow.title}</strong> —{' '}
        {variant.title} in a compact view with Next, Back and Restart, and a link to open the full playground.
      </p>
      <fieldset className="grid gap-3 sm:grid-cols-2">
        <legend className="sr-only">Options</legend>
        <label className="flex items-center gap-2">
          Start at step
          <input
            type="number"
            min={0}
            max={50}
            value={step}
            onChange={(e) => setStep(Math.max(0, Math.min(50, Math.trunc(Number(e.target.value)) || 0)))}
            className={number}
          />
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={autoplay} onChange={(e) => setAutoplay(e.target.checked)} />
          Autoplay from there
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={allowSwitch} onChange={(e) => setAllowSwitch(e.target.checked)} />
          Let viewers switch flows
        </label>
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            checked={withSeed}
            disabled={seed === undefined}
            onChange={(e) => setWithSeed(e.target.checked)}
          />
          {seed === undefined ? 'Demo seed (none set)' : `Demo seed “${seed}”`}
        </label>
        <label className="flex items-center gap-2">
          Width
          <input
            type="number"
            min={320}
            value={width}
            onChange={(e) => setWidth(Number(e.target.value) || 960)}
            className={number}
          />
        </label>
        <label className="flex items-center gap-2">
          Height
          <input
            type="number"
            min={320}
            value={height}
            onChange={(e) => setHeight(Number(e.target.value) || 640)}
            className={number}
          />
        </label>
      </fieldset>
      <div>
        <div className="mb-1 flex items-center justify-between">
          <label htmlFor={`${id}-code`} className="font-semibold">
            Embed code
          </label>
          <CopyButton value={snippet} label="Copy embed code" />
        </div>
        <textarea
          id={`${id}-code`}
          readOnly
          rows={6}
          value={snippet}
          className="w-full rounded border border-slate-300 bg-slate-50 p-2 font-mono text-xs"
        />
      </div>
      <details>
        <summary className="cursor-pointer font-semibold">Drive it from your slides</summary>
        <p className="mt-2">
          The embed obeys <code>postMessage</code> commands from the page that frames it —{' '}
          <code>{'{ type: "next" }'}</code>, <code>{'{ type: "back" }'}</code>,{' '}
          <code>{'{ type: "restart" }'}</code>, <code>{'{ type: "goto", step: 3 }'}</code> — and answers every
          move with <code>{'{ type: "step", flow, variant, step }'}</code>.
        </p>
        <pre className="mt-2 overflow-x-auto rounded bg-slate-900 p-2 text-xs text-slate-100">
          {driverSnippet(origin)}
        </pre>
      </details>
      <p className="text-slate-700">
        Framing: <code>npm start</code> lets any site frame embed links (<code>embed=1</code>) and nothing
        else; the authorization server’s own pages can never be framed. On another static host, its own
        headers decide whether the page may be framed (a host that sends <code>X-Frame-Options</code> or{' '}
        <code>frame-ancestors</code> blocks it).
      </p>
    </Dialog>
  )
}
