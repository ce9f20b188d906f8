// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { TracedResponse } from '@/protocol/http-exchange.ts'
import { defaultPolicies, type ClientSummary, type ServerAdmin } from '@/protocol/server-policies.ts'
import { ClientsEditorPanel } from './clients-editor-panel.tsx'

afterEach(cleanup)

const demo: ClientSummary = {
  client_id: 'spa',
  client_name: 'MovieMatch (single-page app)',
  origin: 'demo',
  application_type: 'web',
  token_endpoint_auth_method: 'none',
  grant_types: ['authorization_code', 'refresh_token'],
  redirect_uris: ['http://localhost/callback'],
}

function setup(answer: (body: Record<string, unknown>) => Response) {
  const clients: ClientSummary[] = [demo]
  const deleted: string[] = []
  const sent: Request[] = []
  const admin: ServerAdmin = {
    label: 'the test server',
    getPolicies: () => Promise.resolve({ values: defaultPolicies, defaults: defaultPolicies }),
    setPolicies: () => Promise.reject(new Error('unused')),
    resetPolicies: () => Promise.reject(new Error('unused')),
    listClients: () => Promise.resolve([...clients]),
    deleteClient: (id) => {
      deleted.push(id)
      clients.splice(
        clients.findIndex((c) => c.client_id === id),
        1,
      )
      return Promise.resolve()
    },
  }
  const transport = async (request: Request): Promise<TracedResponse> => {
    sent.push(request)
    const body = (await request.clone().json()) as Record<string, unknown>
    const response = answer(body)
    if (response.status === 201)
      clients.push({
        ...demo,
        client_id: 'new-id',
        client_name: String(body['client_name']),
        origin: 'registered',
      })
    return { response, trace: [] }
  }
  render(<ClientsEditorPanel admin={admin} transport={transport} issuer="http://localhost/as" />)
  return { sent, deleted }
}

describe('ClientsEditorPanel', () => {
  it('registers an app at the registration endpoint and shows the client_id to copy', async () => {
    const { sent } = setup(
      (body) => new Response(JSON.stringify({ client_id: 'new-id', ...body }), { status: 201 }),
    )
    await screen.findByText('MovieMatch (single-page app)')
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'My SPA' } })
    fireEvent.click(screen.getByRole('radio', { name: /Native app/ }))
    fireEvent.click(screen.getByRole('button', { name: 'Register' }))
    expect((await screen.findByRole('status')).textContent).toContain('Registered new-id')
    expect(sent[0]?.url).toBe('http://localhost/as/register')
    expect(await sent[0]?.json()).toEqual({
      client_name: 'My SPA',
      redirect_uris: ['http://localhost:5173/callback'],
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
    })
    screen.getByRole('button', { name: 'Copy' })
    await screen.findByRole('button', { name: 'Delete new-id' })
  })

  it('shows the error the server gave, naming the bad value', async () => {
    setup(
      () =>
        new Response(
          JSON.stringify({
            error: 'invalid_redirect_uri',
            error_description: 'redirect_uri x has a fragment',
          }),
          { status: 400 },
        ),
    )
    fireEvent.click(await screen.findByRole('button', { name: 'Register' }))
    expect((await screen.findByRole('alert')).textContent).toBe(
      'invalid_redirect_uri: redirect_uri x has a fragment',
    )
  })

  it('deletes a registered client, never a demo one', async () => {
    const { deleted } = setup(
      (body) => new Response(JSON.stringify({ client_id: 'new-id', ...body }), { status: 201 }),
    )
    fireEvent.click(await screen.findByRole('button', { name: 'Register' }))
    fireEvent.click(await screen.findByRole('button', { name: 'Delete new-id' }))
    await waitFor(() => expect(deleted).toEqual(['new-id']))
    expect(screen.queryByRole('button', { name: 'Delete spa' })).toBeNull()
  })
})
