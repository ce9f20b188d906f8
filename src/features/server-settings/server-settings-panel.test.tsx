// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import {
  defaultPolicies,
  PolicyError,
  validatePolicies,
  type ServerAdmin,
  type ServerPolicies,
} from '@/protocol/server-policies.ts'
import { ServerSettingsPanel, type SettingsServers } from './server-settings-panel.tsx'

afterEach(cleanup)

const input = (element: HTMLElement) => element as HTMLInputElement

/** An admin over plain values, validated like the server does, recording every change. */
function fakeAdmin(
  label = 'the test server',
  start: Partial<ServerPolicies> = {},
): ServerAdmin & { changes: Partial<ServerPolicies>[] } {
  let values: ServerPolicies = { ...defaultPolicies, ...start }
  const changes: Partial<ServerPolicies>[] = []
  const snapshot = () => Promise.resolve({ values: { ...values }, defaults: defaultPolicies })
  return {
    label,
    changes,
    getPolicies: snapshot,
    setPolicies: (partial) => {
      changes.push(partial)
      const checked = validatePolicies(partial)
      if (!checked.ok) return Promise.reject(new PolicyError(checked.problems))
      values = { ...values, ...checked.value }
      return snapshot()
    },
    resetPolicies: () => {
      values = { ...defaultPolicies }
      return snapshot()
    },
    listClients: () => Promise.resolve([]),
    deleteClient: () => Promise.resolve(),
  }
}

const inPage = (admin: ServerAdmin): SettingsServers => [
  { kind: 'in-page', issuer: 'http://localhost:8080/as', admin },
]

describe('ServerSettingsPanel', () => {
  it('shows every setting with its default, its rationale and what real servers do', async () => {
    render(<ServerSettingsPanel servers={inPage(fakeAdmin())} />)
    expect(input(await screen.findByRole('checkbox', { name: 'Allow PKCE plain' })).checked).toBe(false)
    expect(input(screen.getByRole('combobox', { name: 'Refresh token rotation' })).value).toBe(
      'public-clients',
    )
    expect(input(screen.getByRole('spinbutton', { name: 'Authorization code lifetime' })).value).toBe('60')
    screen.getByText(/Currently, S256 is the only such method/)
    expect(screen.getAllByRole('row', { name: /node-oidc-provider/ }).length).toBeGreaterThan(10)
    screen.getByRole('heading', { name: /Misbehave — insecure on purpose/ })
    screen.getByText('All at their defaults.', { exact: false })
  })

  it('applies a change at once, marks it changed, and resets', async () => {
    const admin = fakeAdmin()
    render(<ServerSettingsPanel servers={inPage(admin)} />)
    fireEvent.change(await screen.findByRole('combobox', { name: 'Access token format' }), {
      target: { value: 'opaque' },
    })
    await waitFor(() => expect(admin.changes).toEqual([{ accessTokenFormat: 'opaque' }]))
    await screen.findByText('changed — default JWT (RFC 9068)')
    fireEvent.click(screen.getByRole('button', { name: 'Reset to defaults' }))
    await waitFor(() =>
      expect(input(screen.getByRole('combobox', { name: 'Access token format' })).value).toBe('jwt'),
    )
  })

  it('marks an insecure setting, and says why the server refused a value', async () => {
    render(<ServerSettingsPanel servers={inPage(fakeAdmin())} />)
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Let public clients skip PKCE' }))
    const row = (await screen.findByRole('checkbox', { name: 'Let public clients skip PKCE' })).closest('li')
    await waitFor(() => within(row as HTMLElement).getByText('insecure'))
    const lifetime = screen.getByRole('spinbutton', { name: 'Authorization code lifetime' })
    fireEvent.change(lifetime, { target: { value: '9999' } })
    fireEvent.blur(lifetime)
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Not changed: codeTtlSeconds must be between 1 and 600 seconds',
    )
  })

  it('with a Node server too: the flows’ server first, the Node server one click away, each changed alone', async () => {
    const page = fakeAdmin('the server running in this page')
    const node = fakeAdmin('the Node server', { accessTokenFormat: 'opaque' })
    render(
      <ServerSettingsPanel
        servers={[
          { kind: 'in-page', issuer: 'http://localhost:8080/as', admin: page },
          { kind: 'node', issuer: 'http://localhost:8080/as', admin: node },
        ]}
      />,
    )
    const choice = within(await screen.findByRole('group', { name: 'Settings of' }))
    expect(input(choice.getByRole('radio', { name: 'The server in this page' })).checked).toBe(true)
    await screen.findByText(/^Settings of the server running in this page\./)
    expect(input(screen.getByRole('combobox', { name: 'Access token format' })).value).toBe('jwt')

    fireEvent.click(choice.getByRole('radio', { name: /Node server \(npm start\)/ }))
    await screen.findByText(/^Settings of the Node server\./)
    expect(input(screen.getByRole('combobox', { name: 'Access token format' })).value).toBe('opaque')
    fireEvent.change(screen.getByRole('combobox', { name: 'Refresh token rotation' }), {
      target: { value: 'never' },
    })
    await waitFor(() => expect(node.changes).toEqual([{ refreshRotation: 'never' }]))
    expect(page.changes).toEqual([])
  })
})
