// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { LaneInfo } from '@/flows/catalogue.ts'
import type { Step } from '@/flows/step.ts'
import { SequenceDiagram } from './sequence-diagram.tsx'

afterEach(cleanup)

const lanes: LaneInfo[] = [
  { id: 'browser', title: 'User + browser', subtitle: 'Alice' },
  { id: 'client', title: 'Client', subtitle: 'MovieMatch' },
  { id: 'as', title: 'Authorization server', subtitle: 'Friendly Social' },
]

const step = (title: string, label: string, extra: Partial<Step> = {}): Step => ({
  key: title,
  meta: { title, from: 'browser', to: 'as', channel: 'front', explanation: '', refs: [] },
  label,
  checks: [],
  values: [],
  screens: [],
  ...extra,
})

const consent = step('The user decides', 'POST /as/consent', {
  exchange: {
    request: { method: 'POST', url: 'https://as.example/as/consent', headers: [] },
    response: {
      status: 302,
      statusText: 'Found',
      headers: [['location', 'https://app.example/callback?code=c&state=s']],
      body: '',
    },
    trace: [],
    durationMs: 1,
  },
})
const callback = step('The browser comes back', 'GET /callback?code=…', {
  meta: {
    title: 'The browser comes back',
    from: 'browser',
    to: 'client',
    channel: 'front',
    explanation: '',
    refs: [],
  },
})

describe('SequenceDiagram', () => {
  it('draws the response of a step inside that step: one button per step, numbered as before', () => {
    render(<SequenceDiagram lanes={lanes} steps={[consent, callback]} cursor={1} onSelect={() => {}} />)
    const buttons = screen.getAllByRole('button')
    expect(buttons).toHaveLength(2)
    expect(buttons[0]?.textContent).toContain('302 + code')
    // Nothing answered the callback over HTTP: no response arrow, no response label.
    expect(buttons[1]?.textContent).not.toMatch(/\d{3} /)
    expect(buttons[1]?.getAttribute('aria-current')).toBe('step')
  })

  it('names each step button by the text it shows, then its title (WCAG 2.5.3)', () => {
    render(<SequenceDiagram lanes={lanes} steps={[consent]} cursor={0} onSelect={() => {}} />)
    const button = screen.getByRole('button')
    expect(button.hasAttribute('aria-label')).toBe(false)
    expect(button.textContent?.replace(/\s+/g, ' ')).toMatch(
      /^1POST \/as\/consent302 \+ code — The user decides/,
    )
  })
})
