// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { SimulatedBrowser } from './simulated-browser.tsx'

afterEach(cleanup)

const page =
  '<form method="post" action="/as/login"><label for="u">Username</label><input id="u" name="username"></form>'

describe('SimulatedBrowser', () => {
  it('renders the server’s page in a sandbox that can never run scripts', () => {
    render(
      <SimulatedBrowser url="http://localhost/as/authorize" html={page} interactive onSubmit={() => {}} />,
    )
    const frame = screen.getByTitle('Simulated browser')
    const sandbox = (frame.getAttribute('sandbox') ?? '').split(/\s+/)
    expect(sandbox).not.toContain('allow-scripts')
    expect(sandbox).toContain('allow-forms')
    expect(frame.hasAttribute('inert')).toBe(false)
    expect(screen.getByLabelText('Address')).toHaveProperty('value', 'http://localhost/as/authorize')
  })

  it('makes a past page inert, so it can be looked at but not used', () => {
    render(
      <SimulatedBrowser
        url="http://localhost/as/authorize"
        html={page}
        interactive={false}
        onSubmit={() => {}}
      />,
    )
    expect(screen.getByTitle('Simulated browser').hasAttribute('inert')).toBe(true)
    expect(screen.getByText('Recorded page, read-only.')).toBeTruthy()
  })

  it('says nothing about a record while the page is live', () => {
    render(
      <SimulatedBrowser url="http://localhost/as/authorize" html={page} interactive onSubmit={() => {}} />,
    )
    expect(screen.queryByText('Recorded page, read-only.')).toBeNull()
  })

  it('shows a note instead of a page when the browser is between pages', () => {
    render(
      <SimulatedBrowser
        url="http://localhost/callback?code=x"
        html={undefined}
        interactive={false}
        onSubmit={() => {}}
        note="Back at the client"
      />,
    )
    expect(screen.queryByTitle('Simulated browser')).toBeNull()
    expect(screen.getByText('Back at the client')).toBeTruthy()
  })
})
