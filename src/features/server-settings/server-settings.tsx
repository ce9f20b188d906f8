import { lazy } from 'react'
import type { ServerAdmin } from '@/protocol/server-policies.ts'
import { LazyDialogButton } from '@/components/lazy-dialog-button.tsx'

const ServerSettingsPanel = lazy(() =>
  import('./server-settings-panel.tsx').then((m) => ({ default: m.ServerSettingsPanel })),
)

/** "Server settings": opens the panel for what real servers disagree on (loaded on first open). */
export function ServerSettings({ admin }: { admin: ServerAdmin }) {
  return (
    <LazyDialogButton label="Server settings" title="Server settings">
      <ServerSettingsPanel admin={admin} />
    </LazyDialogButton>
  )
}
