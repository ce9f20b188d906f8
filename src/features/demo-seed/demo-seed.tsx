import { useId, useState } from 'react'
import { Dialog } from '@/components/dialog.tsx'
import { isDemoSeed } from './seed-rule.ts'

/** Says on screen that the run is seeded, and what that means for its secrets. */
export function DemoSeedNotice({ seed }: { seed: string }) {
  return (
    <aside
      aria-label="Demo seed"
      className="rounded-lg border border-violet-300 bg-violet-50 p-3 text-sm text-violet-950"
    >
      <p>
        <span className="font-semibold">Demo seed “{seed}”:</span> every run gives the same codes, tokens and
        signing key, and the clock starts at 09:00 UTC on 5 January 2026. <strong>Not secret:</strong> anyone
        who knows the seed can compute them all, the server’s private key included — fine for a classroom,
        never for anything real.
      </p>
    </aside>
  )
}

/** The "Demo seed" setting: a word that makes every run repeat exactly, or random values. */
export function DemoSeedDialog({
  seed,
  onApply,
  onClose,
}: {
  seed: string | undefined
  onApply: (seed: string | undefined) => void
  onClose: () => void
}) {
  const id = useId()
  const [value, setValue] = useState(seed ?? 'workshop')
  const valid = isDemoSeed(value)
  return (
    <Dialog title="Demo seed" onClose={onClose}>
      <p>
        With a demo seed, the state, nonce and PKCE values, the codes, the tokens and the server’s signing key
        come out the same on every run — after Restart, after a reload, on every laptop in the room — so your
        slides and handouts match what people see. The clock stands still at 09:00 UTC on 5 January 2026 and
        moves only when you (or a step) skip it ahead.
      </p>
      <p className="rounded border border-amber-300 bg-amber-50 p-2 text-amber-950">
        The seed goes into the link; it is not a secret, and so nothing made from it is one either: anyone who
        knows it can compute every token and the private signing key. Use it for teaching only.
      </p>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault()
          if (valid) onApply(value)
        }}
      >
        <label htmlFor={`${id}-seed`} className="flex flex-col gap-1 font-semibold">
          Demo seed
          <input
            id={`${id}-seed`}
            value={value}
            onChange={(e) => setValue(e.target.value.trim())}
            aria-invalid={!valid}
            aria-describedby={`${id}-rule`}
            className="rounded border border-slate-300 px-2 py-1 font-mono font-normal"
          />
        </label>
        <button
          type="submit"
          aria-disabled={!valid}
          className="rounded-md bg-blue-700 px-3 py-1.5 font-semibold text-white hover:bg-blue-800 aria-disabled:opacity-40"
        >
          Use this seed
        </button>
        {seed !== undefined && (
          <button
            type="button"
            onClick={() => onApply(undefined)}
            className="rounded-md border border-slate-300 px-3 py-1.5 font-semibold hover:bg-slate-100"
          >
            Random values
          </button>
        )}
      </form>
      <p id={`${id}-rule`} className={valid ? 'text-slate-600' : 'text-red-800'}>
        Letters, digits, - _ and . — up to 64 characters.
      </p>
    </Dialog>
  )
}
