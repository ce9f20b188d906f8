import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from '@/app/app.tsx'
import './index.css'

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)

// After the first visit the built app works offline (src/sw/service-worker.ts). Not in development:
// Vite serves unbundled modules there. A host that refuses it (no HTTPS, no sw.js) simply goes without.
if (import.meta.env.PROD && 'serviceWorker' in navigator && window.isSecureContext) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('./sw.js').catch(() => undefined)
  })
}
