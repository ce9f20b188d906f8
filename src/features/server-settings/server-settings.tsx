import { lazy } from 'react'
import { LazyDialogButton } from '@/components/lazy-dialog-button.tsx'
import type { SettingsServers } from './server-settings-panel.tsx'

const ServerSettingsPanel = lazy(() =>
  import('./server-settings-panel.tsx').then((m) => ({ default: m.ServerSettingsPanel })),
)

/** "Server settings": opens the panel for what real servers disagree on (loaded on first open). */
export function ServerSettings({ servers }: { servers: SettingsServers }) {
  return (
    <LazyDialogButton label="Server settings" title="Server settings">
      <ServerSettingsPanel servers={servers} />
    </LazyDialogButton>
  )
}
