import type { Diagnosis } from '@/flows/provider/diagnoses.ts'
import { SpecLinks } from '@/components/spec-link.tsx'

const actionLabel = {
  'use-relay': 'Use the relay of npm start and run again',
  'use-direct': 'Connect directly from this browser and run again',
} as const

/**
 * A diagnosis, announced as an alert: what the provider returned, the most likely cause in plain
 * language, the fix, and where to make it at this provider. Provider text is shown as text only.
 */
export function DiagnosisAlert({
  diagnosis,
  onAction,
  relayAvailable,
}: {
  diagnosis: Diagnosis
  onAction?: ((action: NonNullable<Diagnosis['action']>) => void) | undefined
  relayAvailable: boolean
}) {
  const action = diagnosis.action
  const actionPossible = action !== undefined && (action !== 'use-relay' || relayAvailable)
  return (
    <div
      role="alert"
      aria-labelledby={`diagnosis-${diagnosis.id}`}
      className="space-y-2 rounded-lg border-2 border-red-300 bg-red-50 p-4 text-sm text-red-950"
    >
      <p className="text-xs font-semibold tracking-wide text-red-800 uppercase">Diagnosis</p>
      <h3 id={`diagnosis-${diagnosis.id}`} className="text-base font-semibold">
        {diagnosis.title}
      </h3>
      {diagnosis.evidence !== '' && (
        <p className="break-words text-red-900">
          <span className="font-semibold">What came back:</span> {diagnosis.evidence}
        </p>
      )}
      <p>
        <span className="font-semibold">Most likely:</span> {diagnosis.cause}
      </p>
      <p>
        <span className="font-semibold">Fix:</span> {diagnosis.fix}
      </p>
      {diagnosis.hint && (
        <p className="rounded border border-red-200 bg-white p-2 break-words">
          <span className="font-semibold">Where:</span> {diagnosis.hint}
        </p>
      )}
      {action === 'use-relay' && !relayAvailable && (
        <p className="text-red-900">
          The relay comes with <code>npm start</code> (it runs on your machine, on loopback only); this page
          was not served by it.
        </p>
      )}
      <div className="flex flex-wrap items-center gap-3">
        {actionPossible && onAction && (
          <button
            type="button"
            onClick={() => onAction(action)}
            className="rounded bg-red-800 px-3 py-1.5 text-sm font-semibold text-white hover:bg-red-900"
          >
            {actionLabel[action]}
          </button>
        )}
        <SpecLinks ids={diagnosis.refs} />
      </div>
    </div>
  )
}
