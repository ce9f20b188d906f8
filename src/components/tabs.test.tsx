// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { Tabs } from './tabs.tsx'

afterEach(cleanup)

const tabs = [
  { id: 'http', label: 'HTTP', content: <p>the wire</p> },
  { id: 'trace', label: 'Server reasoning', content: <p>the checks</p> },
  { id: 'tokens', label: 'Tokens', content: <p>the tokens</p> },
]

const selected = () => screen.getAllByRole('tab').find((t) => t.getAttribute('aria-selected') === 'true')

describe('Tabs', () => {
  it('moves with the arrow keys, wrapping around, and to the ends with Home and End', () => {
    render(<Tabs label="Inspector" tabs={tabs} />)
    const first = screen.getByRole('tab', { name: 'HTTP' })
    first.focus()
    fireEvent.keyDown(first, { key: 'End' })
    expect(selected()?.textContent).toBe('Tokens')
    expect(document.activeElement?.textContent).toBe('Tokens')
    expect(screen.getByRole('tabpanel').textContent).toBe('the tokens')
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' })
    expect(selected()?.textContent).toBe('HTTP')
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowLeft' })
    expect(selected()?.textContent).toBe('Tokens')
    fireEvent.keyDown(document.activeElement!, { key: 'Home' })
    expect(selected()?.textContent).toBe('HTTP')
    expect(document.activeElement?.textContent).toBe('HTTP')
  })

  it('keeps only the selected tab in the Tab order', () => {
    render(<Tabs label="Inspector" tabs={tabs} initial="trace" />)
    expect(screen.getAllByRole('tab').map((t) => t.tabIndex)).toEqual([-1, 0, -1])
  })
})
