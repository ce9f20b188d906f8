import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { deliverToParkedRun } from '@/flows/provider/callback-handoff.ts'
import { CallbackPage } from '@/features/callback-page/callback-page.tsx'
import './index.css'

// Read once, then take the response out of the address bar, the history and any Referer
// (RFC 9700 §4.2.4): the page keeps it in memory only.
const arrived = window.location.href
window.history.replaceState(null, '', window.location.pathname)

// This tab's own run, parked before a full-page redirect, takes the response and continues.
const parked = deliverToParkedRun(sessionStorage, arrived, Date.now())
if (parked !== undefined) window.location.replace(parked.appUrl)

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <CallbackPage url={arrived} returning={parked !== undefined} />
  </StrictMode>,
)
