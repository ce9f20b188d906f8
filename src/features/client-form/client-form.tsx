import { useId, useState, type FormEvent } from 'react'
import type { FormField } from '@/flows/step.ts'

interface Props {
  readonly title: string
  readonly note: string
  readonly fields: readonly FormField[]
  readonly submitLabel: string
  /** Whether the form is live; a recorded form is shown read-only. */
  readonly interactive: boolean
  readonly onSubmit: (values: Record<string, string>) => void
}

/**
 * A form the client draws in its own UI — not the authorization server's page. In the password
 * grant this is the whole point: the user types their password into the client.
 */
export function ClientForm({ title, note, fields, submitLabel, interactive, onSubmit }: Props) {
  const id = useId()
  const [values, setValues] = useState<Record<string, string>>({})
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (interactive) onSubmit(Object.fromEntries(fields.map((f) => [f.name, values[f.name] ?? ''])))
  }
  return (
    <section
      aria-label="The client’s own form"
      className="overflow-hidden rounded-lg border-2 border-[var(--color-lane-client)] bg-white shadow-sm"
    >
      <p className="bg-[var(--color-lane-client)] px-3 py-1.5 text-xs font-semibold text-white">
        MovieMatch’s own page — not the authorization server’s
      </p>
      <form onSubmit={submit} className="space-y-3 p-4" aria-describedby={`${id}-note`}>
        <h2 className="text-lg font-semibold">{title}</h2>
        {fields.map((field) => (
          <label key={field.name} className="block text-sm font-medium">
            {field.label}
            <input
              name={field.name}
              type={field.type}
              autoComplete="off"
              disabled={!interactive}
              value={values[field.name] ?? ''}
              onChange={(e) => setValues({ ...values, [field.name]: e.target.value })}
              className="mt-1 block w-full rounded border border-slate-300 px-2 py-1.5 font-normal disabled:bg-slate-100"
            />
          </label>
        ))}
        <button
          type="submit"
          disabled={!interactive}
          className="rounded bg-[var(--color-lane-client)] px-4 py-1.5 text-sm font-semibold text-white disabled:opacity-50"
        >
          {submitLabel}
        </button>
      </form>
      <p
        id={`${id}-note`}
        className="border-t border-slate-200 bg-amber-50 px-3 py-1.5 text-xs text-amber-900"
      >
        {note}
      </p>
    </section>
  )
}
