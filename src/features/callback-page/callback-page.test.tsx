// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { CallbackPage } from './callback-page.tsx'

afterEach(cleanup)

describe('CallbackPage, opened directly', () => {
  it('explains each parameter and offers a curl command for the code at npm start’s server', async () => {
    render(
      <CallbackPage
        url="http://localhost:8080/callback?code=c0de&state=st&iss=http%3A%2F%2Flocalhost%3A8080%2Fas&session_state=x"
        returning={false}
      />,
    )
    // No run answers on the channel: the page shows what arrived.
    await screen.findByRole('heading', { name: 'What arrived at the redirect URI' }, { timeout: 3000 })
    const params = screen.getByRole('region', { name: 'Response parameters' })
    expect(params.textContent).toContain('The authorization code')
    expect(params.textContent).toContain('Session Management')
    expect(screen.getByText(/-d code=c0de/).textContent).toContain(
      'curl -s -u web-app:web-app-secret http://localhost:8080/as/token',
    )
    expect(screen.getByText(/-d code=c0de/).textContent).toContain(
      '-d redirect_uri=http://localhost:8080/callback',
    )
  })

  it('points a real provider’s code at that provider, and explains an error as an alert', async () => {
    render(
      <CallbackPage
        url="http://localhost:8080/callback?error=invalid_scope&error_description=%3Cb%3Enope%3C%2Fb%3E&iss=https%3A%2F%2Fid.example"
        returning={false}
      />,
    )
    const alert = await screen.findByRole('alert', {}, { timeout: 3000 })
    expect(alert.textContent).toContain('A requested scope is not allowed')
    expect(document.querySelector('b')).toBeNull()
    expect(screen.getByText('<b>nope</b>')).toBeTruthy()
  })
})
