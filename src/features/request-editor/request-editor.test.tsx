// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { RecordedRequest } from '@/protocol/http-exchange.ts'
import { RequestEditor } from './request-editor.tsx'

afterEach(cleanup)

const tokenRequest: RecordedRequest = {
  method: 'POST',
  url: 'http://localhost/as/token?debug=1',
  headers: [
    ['content-type', 'application/x-www-form-urlencoded'],
    ['authorization', 'Basic d2ViLWFwcDpzZWNyZXQ='],
    ['content-length', '42'],
  ],
  body: 'grant_type=authorization_code&code=abc&code_verifier=v1',
}

function edit(request: RecordedRequest) {
  const onSend = vi.fn<(edited: RecordedRequest) => void>()
  render(<RequestEditor request={request} onSend={onSend} onCancel={() => {}} />)
  return onSend
}

describe('RequestEditor', () => {
  it('labels each parameter and header with its name, and sends the request unchanged when nothing changed', () => {
    const onSend = edit(tokenRequest)
    for (const name of ['debug', 'content-type', 'authorization', 'grant_type', 'code', 'code_verifier'])
      expect(screen.getByRole('textbox', { name })).toBeTruthy()
    expect(screen.queryByRole('textbox', { name: 'content-length' })).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Send' }))
    expect(onSend).toHaveBeenCalledWith({
      method: 'POST',
      url: 'http://localhost/as/token?debug=1',
      headers: [
        ['content-type', 'application/x-www-form-urlencoded'],
        ['authorization', 'Basic d2ViLWFwcDpzZWNyZXQ='],
      ],
      body: 'grant_type=authorization_code&code=abc&code_verifier=v1',
    })
  })

  it('sends a changed value, drops a removed parameter, adds a new one, and counts the changes', () => {
    const onSend = edit(tokenRequest)
    fireEvent.change(screen.getByRole('textbox', { name: 'code' }), { target: { value: 'stolen' } })
    fireEvent.click(screen.getByRole('button', { name: 'Remove code_verifier' }))
    fireEvent.click(screen.getAllByRole('button', { name: 'Add a parameter' }).at(-1)!)
    fireEvent.change(screen.getByRole('textbox', { name: 'New parameter name' }), {
      target: { value: 'scope' },
    })
    fireEvent.change(screen.getByRole('textbox', { name: 'Value' }), { target: { value: 'openid' } })
    expect(screen.getByRole('status').textContent).toBe('3 changes.')
    fireEvent.click(screen.getByRole('button', { name: 'Send' }))
    expect(onSend.mock.calls[0]![0].body).toBe('grant_type=authorization_code&code=stolen&scope=openid')
  })

  it('edits a query string on a GET without inventing a body', () => {
    const onSend = edit({ method: 'GET', url: 'http://localhost/callback?code=c&state=s', headers: [] })
    fireEvent.change(screen.getByRole('textbox', { name: 'state' }), { target: { value: 'forged' } })
    fireEvent.click(screen.getByRole('button', { name: 'Send' }))
    expect(onSend).toHaveBeenCalledWith({
      method: 'GET',
      url: 'http://localhost/callback?code=c&state=forged',
      headers: [],
    })
  })
})
