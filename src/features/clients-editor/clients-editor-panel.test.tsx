// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { TracedResponse } from '@/protocol/http-exchange.ts'
import type { ServerKind } from '@/protocol/node-server-api.ts'
import { defaultPolicies, type ClientSummary, type ServerAdmin } from '@/protocol/server-policies.ts'
import { ClientsEditorPanel } from './clients-editor-panel.tsx'
import type { ClientsServer, ClientsServers } from './clients-server.ts'

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

const created = (body: Record<string, unknown>) =>
  new Response(JSON.stringify({ client_id: 'new-id', ...body }), { status: 201 })

/** A server as the dialog sees it, which records what it was sent and keeps what it registered. */
function fakeServer(
  kind: ServerKind,
  label: string,
  answer: (body: Record<string, unknown>) => Response = created,
) {
  const clients: ClientSummary[] = [demo]
  const deleted: string[] = []
  const sent: Request[] = []
  const admin: ServerAdmin = {
    label,
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
  const server: ClientsServer = { kind, admin, transport, issuer: 'http://localhost:8080/as' }
  return { server, sent, deleted }
}

const render1 = (servers: ClientsServers) => render(<ClientsEditorPanel servers={servers} />)

function setup(answer?: (body: Record<string, unknown>) => Response) {
  const inPage = fakeServer('in-page', 'the test server', answer)
  render1([inPage.server])
  return inPage
}

describe('ClientsEditorPanel', () => {
  it('registers an app at the registration endpoint and shows the client_id to copy', async () => {
    const { sent } = setup()
    await screen.findByText('MovieMatch (single-page app)')
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'My SPA' } })
    fireEvent.click(screen.getByRole('radio', { name: /Native app/ }))
    fireEvent.click(screen.getByRole('button', { name: 'Register' }))
    expect((await screen.findByRole('status')).textContent).toContain('Registered new-id')
    expect(sent[0]?.url).toBe('http://localhost:8080/as/register')
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
    const { deleted } = setup()
    fireEvent.click(await screen.findByRole('button', { name: 'Register' }))
    fireEvent.click(await screen.findByRole('button', { name: 'Delete new-id' }))
    await waitFor(() => expect(deleted).toEqual(['new-id']))
    expect(screen.queryByRole('button', { name: 'Delete spa' })).toBeNull()
  })
})

describe('ClientsEditorPanel: which server it registers with', () => {
  it('with a Node server, registers there by default — where the developer’s own app signs in', async () => {
    const node = fakeServer('node', 'the Node server at http://localhost:8080')
    const inPage = fakeServer('in-page', 'the server running in this page')
    render1([node.server, inPage.server])
    const choice = screen.getByRole('group', { name: 'Register with' })
    const nodeChoice = within(choice).getByRole('radio', { name: /Node server \(npm start\)/ })
    expect(nodeChoice).toHaveProperty('checked', true)
    expect(nodeChoice.getAttribute('aria-describedby')).toBeTruthy()
    expect(document.getElementById(nodeChoice.getAttribute('aria-describedby') ?? '')?.textContent).toContain(
      'Your own app, curl and the Server console use it.',
    )
    await screen.findByRole('heading', { name: 'Clients of the Node server at http://localhost:8080' })

    fireEvent.click(screen.getByRole('button', { name: 'Register' }))
    const status = await screen.findByRole('status')
    expect(status.textContent).toContain(
      'Registered new-id with the Node server (npm start) at http://localhost:8080/as',
    )
    expect(status.textContent).toContain('Your own app can sign in with it there now.')
    expect(node.sent).toHaveLength(1)
    expect(inPage.sent).toHaveLength(0)
    await screen.findByRole('button', { name: 'Delete new-id' })
  })

  it('the server in this page is one click away, and then its clients are listed and registered', async () => {
    const node = fakeServer('node', 'the Node server at http://localhost:8080')
    const inPage = fakeServer('in-page', 'the server running in this page')
    render1([node.server, inPage.server])
    fireEvent.click(screen.getByRole('button', { name: 'Register' }))
    await screen.findByRole('status')

    fireEvent.click(screen.getByRole('radio', { name: /The server in this page/ }))
    await screen.findByRole('heading', { name: 'Clients of the server running in this page' })
    // The answer and the list were the Node server's: neither is shown as this one's.
    expect(screen.queryByRole('status')).toBeNull()
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Delete new-id' })).toBeNull())

    fireEvent.click(screen.getByRole('button', { name: 'Register' }))
    const status = await screen.findByRole('status')
    expect(status.textContent).toContain('with the server in this page')
    expect(status.textContent).toContain('your own app would be told the client_id is unknown')
    expect(inPage.sent).toHaveLength(1)
    expect(node.sent).toHaveLength(1)
  })

  it('opens at the top, where it says which server; only an answer scrolls into view', async () => {
    const scrolled = vi.spyOn(HTMLElement.prototype, 'scrollIntoView').mockImplementation(() => undefined)
    try {
      const node = fakeServer('node', 'the Node server at http://localhost:8080')
      render1([node.server, fakeServer('in-page', 'the server running in this page').server])
      await screen.findByText('MovieMatch (single-page app)')
      expect(scrolled).not.toHaveBeenCalled()
      fireEvent.click(screen.getByRole('button', { name: 'Register' }))
      await screen.findByRole('status')
      expect(scrolled).toHaveBeenCalledWith({ block: 'nearest' })
    } finally {
      scrolled.mockRestore()
    }
  })

  it('without a Node server (a static build), says the clients live in this page and why', async () => {
    const inPage = fakeServer('in-page', 'the server running in this page')
    render1([inPage.server])
    expect(screen.queryByRole('group', { name: 'Register with' })).toBeNull()
    expect(screen.getByTestId('clients-server').textContent).toBe(
      'Registers with the server in this page at http://localhost:8080/as. Only this page’s flows can use its clients, until the page reloads. This page was not served by npm start on this machine, so it has no server your own app can reach: run npm start and open the page it prints to register your app there.',
    )
    await screen.findByRole('heading', { name: 'Clients of the server running in this page' })
  })

  it('when the flows run on the Node server, there is one server, and it says everyone uses it', async () => {
    const node = fakeServer('node', 'the Node server at http://localhost:8080')
    render1([node.server])
    expect(screen.queryByRole('radio', { name: /this page/ })).toBeNull()
    expect(screen.getByTestId('clients-server').textContent).toContain(
      'Registers with the Node server (npm start) at http://localhost:8080/as. Your own app, curl, the Server console and this playground’s flows all use it.',
    )
    await screen.findByText('MovieMatch (single-page app)')
  })
})
