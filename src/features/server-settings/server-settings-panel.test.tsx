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
import { ServerSettingsPanel } from './server-settings-panel.tsx'

afterEach(cleanup)

const input = (element: HTMLElement) => element as HTMLInputElement

/** An admin over plain values, validated like the server does, recording every change. */
function fakeAdmin(): ServerAdmin & { changes: Partial<ServerPolicies>[] } {
  let values: ServerPolicies = { ...defaultPolicies }
  const changes: Partial<ServerPolicies>[] = []
  const snapshot = () => Promise.resolve({ values: { ...values }, defaults: defaultPolicies })
  return {
    label: 'the test server',
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

describe('ServerSettingsPanel', () => {
  it('shows every setting with its default, its rationale and what real servers do', async () => {
    render(<ServerSettingsPanel admin={fakeAdmin()} />)
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
    render(<ServerSettingsPanel admin={admin} />)
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
    render(<ServerSettingsPanel admin={fakeAdmin()} />)
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
})
