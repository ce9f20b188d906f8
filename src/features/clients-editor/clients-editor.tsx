import { lazy } from 'react'
import type { Transport } from '@/protocol/http-exchange.ts'
import type { ServerAdmin } from '@/protocol/server-policies.ts'
import { LazyDialogButton } from '@/components/lazy-dialog-button.tsx'

const ClientsEditorPanel = lazy(() =>
  import('./clients-editor-panel.tsx').then((m) => ({ default: m.ClientsEditorPanel })),
)

/** "Clients": the demo clients and registered apps, and "Register your app" (loaded on first open). */
export function ClientsEditor(props: { admin: ServerAdmin; transport: Transport; issuer: string }) {
  return (
    <LazyDialogButton label="Clients" title="Clients">
      <ClientsEditorPanel {...props} />
    </LazyDialogButton>
  )
}
