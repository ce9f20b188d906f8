import { startTransition, StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from '@/app/app.tsx'
import { afterFirstPaint } from '@/app/first-screen.tsx'
import './index.css'

// Rendered as a transition, so React yields to the browser every few milliseconds instead of holding
// the main thread for the whole first render (a phone would not answer a tap meanwhile).
const root = createRoot(document.getElementById('root')!)
startTransition(() => {
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  )
})

// After the first visit the built app works offline (src/sw/service-worker.ts). Not in development:
// Vite serves unbundled modules there. A host that refuses it (no HTTPS, no sw.js) simply goes without.
// Registered once the first screen is painted: its install downloads every file of the build, which
// would otherwise share a slow connection with the first screen's own.
if (import.meta.env.PROD && 'serviceWorker' in navigator && window.isSecureContext) {
  afterFirstPaint(() => void navigator.serviceWorker.register('./sw.js').catch(() => undefined))
}
