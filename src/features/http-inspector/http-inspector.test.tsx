// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { HttpExchange } from '@/protocol/http-exchange.ts'
import { HttpInspector } from './http-inspector.tsx'

afterEach(cleanup)

const tokenRequest: HttpExchange = {
  request: {
    method: 'POST',
    url: 'http://localhost/as/token',
    headers: [
      ['authorization', `Basic ${btoa('web%2Dapp:s%3Acret%2B')}`],
      ['content-type', 'application/x-www-form-urlencoded'],
    ],
    body: 'grant_type=authorization_code&code=abc&x_custom=1',
  },
  response: {
    status: 400,
    statusText: 'Bad Request',
    headers: [
      ['content-type', 'application/json'],
      ['cache-control', 'no-store'],
    ],
    body: '{"error":"invalid_grant","error_description":"<script>alert(1)</script>"}',
  },
  trace: [],
  durationMs: 1,
}

describe('HttpInspector', () => {
  it('explains each form parameter and says when one is not OAuth', () => {
    render(<HttpInspector exchange={tokenRequest} />)
    const form = screen.getByRole('table', { name: 'Form parameters (body)' })
    expect(within(form).getByRole('rowheader', { name: 'grant_type' }).closest('tr')?.textContent).toContain(
      'Which grant the client is using',
    )
    expect(within(form).getByRole('rowheader', { name: 'x_custom' }).closest('tr')?.textContent).toContain(
      'Not an OAuth parameter.',
    )
  })

  it('decodes HTTP Basic client authentication, form-decoding each part', () => {
    render(<HttpInspector exchange={tokenRequest} />)
    expect(screen.getByText('web-app')).toBeTruthy()
    expect(screen.getByText('s:cret+')).toBeTruthy()
  })

  it('pretty-prints JSON and renders provider text as text, never as HTML', () => {
    const { container } = render(<HttpInspector exchange={tokenRequest} />)
    expect(container.querySelector('script')).toBeNull()
    expect(container.textContent).toContain('"error_description": "<script>alert(1)</script>"')
  })

  it('lists headers with the meaning of those that matter to OAuth', () => {
    render(<HttpInspector exchange={tokenRequest} />)
    expect(screen.getByText('Response headers (2)')).toBeTruthy()
    expect(screen.getByText(/no-store: responses with tokens or secrets must never be cached/)).toBeTruthy()
  })

  it('shows the raw wire format on its tab', () => {
    render(<HttpInspector exchange={tokenRequest} />)
    fireEvent.click(screen.getByRole('tab', { name: 'Raw' }))
    expect(screen.getByLabelText('Raw request').textContent).toContain(
      'POST /as/token HTTP/1.1\nhost: localhost',
    )
    expect(screen.getByLabelText('Raw response').textContent).toContain('HTTP/1.1 400 Bad Request')
  })
})
