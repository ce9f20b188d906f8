// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import { defaultSettings, shareQuery, type ProviderSettings } from '@/flows/provider/provider-settings.ts'
import { ProviderSettingsPanel } from './provider-settings.tsx'

afterEach(cleanup)

function Harness({ relay = true, onStart = () => undefined }: { relay?: boolean; onStart?: () => void }) {
  const [settings, setSettings] = useState<ProviderSettings>(defaultSettings)
  return (
    <ProviderSettingsPanel
      settings={settings}
      onChange={setSettings}
      onDiscover={() => undefined}
      onStart={onStart}
      discovering={false}
      redirectUri="http://localhost:8080/callback"
      origin="http://localhost:8080"
      relayAvailable={relay}
      shareLink={`http://localhost:8080/${shareQuery(settings)}`}
    />
  )
}

describe('ProviderSettingsPanel', () => {
  it('has the contract’s fields and buttons, and the exact redirect URI to register', () => {
    render(<Harness />)
    for (const label of ['Issuer URL', 'Client ID', 'Client secret'])
      expect(screen.getByLabelText(label)).toBeTruthy()
    for (const name of ['Discover', 'Start']) expect(screen.getByRole('button', { name })).toBeTruthy()
    expect(screen.getByText('http://localhost:8080/callback')).toBeTruthy()
  })

  it('makes a client confidential when a secret is typed, and keeps the secret out of the share link', () => {
    render(<Harness />)
    fireEvent.change(screen.getByLabelText('Client ID'), { target: { value: 'web' } })
    fireEvent.change(screen.getByLabelText('Client secret'), { target: { value: 'p@ss:word' } })
    expect(screen.getByLabelText<HTMLSelectElement>('Client authentication').value).toBe(
      'client_secret_basic',
    )
    expect(screen.getByText(/form-encodes before Base64/)).toBeTruthy()
    const share = screen.getByLabelText<HTMLInputElement>('Share link').value
    expect(share).toContain('client_id=web')
    expect(share).not.toContain('p%40ss')
  })

  it('explains that the static build has no relay for a confidential client', () => {
    render(<Harness relay={false} />)
    fireEvent.change(screen.getByLabelText('Client secret'), { target: { value: 's' } })
    expect(screen.getByText(/A confidential client needs/)).toBeTruthy()
    expect(screen.getByLabelText<HTMLInputElement>(/Through the relay of npm start/).disabled).toBe(true)
  })
})
