import { lazy } from 'react'
import { LazyDialogButton } from '@/components/lazy-dialog-button.tsx'
import type { ClientsServers } from './clients-server.ts'

const ClientsEditorPanel = lazy(() =>
  import('./clients-editor-panel.tsx').then((m) => ({ default: m.ClientsEditorPanel })),
)

/** "Clients": the demo clients and registered apps, and "Register your app" (loaded on first open). */
export function ClientsEditor(props: { servers: ClientsServers }) {
  return (
    <LazyDialogButton label="Clients" title="Clients">
      <ClientsEditorPanel {...props} />
    </LazyDialogButton>
  )
}
