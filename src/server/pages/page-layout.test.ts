import { describe, expect, it } from 'vitest'
import { renderLoginPage } from './login-page.ts'
import { escapeHtml, html } from './page-layout.ts'

describe('HTML escaping', () => {
  it('escapes the five special characters', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    )
  })

  it('escapes every interpolated value of the html template', () => {
    expect(html`<p>${'<b>'}</p>`.value).toBe('<p>&lt;b&gt;</p>')
  })

  it('keeps a hostile username inert on the login page', () => {
    const page = renderLoginPage({
      action: '/as/login',
      interactionId: 'i',
      clientName: 'c',
      username: '"><script>alert(1)</script>',
      error: 'Wrong username or password',
    })
    expect(page).not.toContain('<script>')
    expect(page).toContain('value="&quot;&gt;&lt;script&gt;')
  })
})
