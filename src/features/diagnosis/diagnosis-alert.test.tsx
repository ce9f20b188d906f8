// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { diagnose } from '@/flows/provider/diagnoses.ts'
import { presetById } from '@/flows/provider/presets.ts'
import { DiagnosisAlert } from './diagnosis-alert.tsx'

afterEach(cleanup)
const context = { redirectUri: 'http://localhost:8080/callback', origin: 'http://localhost:8080' }

describe('DiagnosisAlert', () => {
  it('is announced as an alert, with the cause, the fix, where to fix it and the relay when it helps', () => {
    const actions: string[] = []
    const diagnosis = diagnose({ stage: 'token', network: 'cors' }, presetById('auth0'), context)
    render(<DiagnosisAlert diagnosis={diagnosis} relayAvailable onAction={(a) => actions.push(a)} />)
    const alert = screen.getByRole('alert')
    expect(alert.textContent).toContain('(CORS)')
    expect(alert.textContent).toContain('Allowed Web Origins')
    fireEvent.click(screen.getByRole('button', { name: 'Use the relay of npm start and run again' }))
    expect(actions).toEqual(['use-relay'])
  })

  it('says the relay needs npm start when the page has none', () => {
    const diagnosis = diagnose({ stage: 'token', network: 'cors' }, presetById('custom'), context)
    render(<DiagnosisAlert diagnosis={diagnosis} relayAvailable={false} onAction={() => undefined} />)
    expect(screen.queryByRole('button')).toBeNull()
    expect(screen.getByRole('alert').textContent).toContain('npm start')
  })

  it('shows a provider’s text as text, never as HTML', () => {
    const diagnosis = diagnose(
      { stage: 'callback', error: 'invalid_request', description: '<img src=x onerror=alert(1)>' },
      presetById('custom'),
      context,
    )
    const { container } = render(<DiagnosisAlert diagnosis={diagnosis} relayAvailable />)
    expect(container.querySelector('img')).toBeNull()
    expect(container.textContent).toContain('<img src=x onerror=alert(1)>')
  })
})
