// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { NavigateContext } from './navigation.tsx'
import { TermText } from './term-text.tsx'

afterEach(cleanup)

describe('TermText', () => {
  it('links each glossary term to its entry, with the meaning as a card on focus', () => {
    const navigate = vi.fn()
    render(
      <NavigateContext value={navigate}>
        <p>
          <TermText text="The client sends the code_verifier to the authorization server." />
        </p>
      </NavigateContext>,
    )
    const links = screen.getAllByRole('link')
    expect(links.map((l) => [l.textContent, l.getAttribute('href')])).toEqual([
      ['client', '?glossary=client'],
      ['code_verifier', '?glossary=pkce'],
      ['authorization server', '?glossary=authorization-server'],
    ])
    const pkce = links[1]!
    const card = document.getElementById(pkce.getAttribute('aria-describedby')!)!
    expect(card.hidden).toBe(true)
    act(() => pkce.focus())
    expect(card.hidden).toBe(false)
    expect(card.textContent).toContain('Proof Key for Code Exchange')
    act(() => {
      fireEvent.keyDown(window, { key: 'Escape' })
    })
    expect(card.hidden).toBe(true)
    fireEvent.click(pkce)
    expect(navigate).toHaveBeenCalledWith('?glossary=pkce')
  })
})
