import {
  PolicyError,
  type ClientSummary,
  type PolicySnapshot,
  type ServerAdmin,
  type ServerPolicies,
} from './server-policies.ts'

/**
 * The settings panel's and clients editor's way to administer the Node server (`npm start`)
 * through its loopback-only admin endpoint, from a page it serves (same origin). A refused change
 * rejects with `PolicyError` listing the problems; anything else with an `Error` saying what
 * the endpoint answered.
 */
export function nodeServerAdmin(
  origin: string,
  fetchImpl: (url: string, init: RequestInit) => Promise<Response> = (url, init) => fetch(url, init),
): ServerAdmin {
  const call = async (method: string, path: string, body?: unknown): Promise<Response> => {
    const response = await fetchImpl(`${origin}/admin/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    if (response.ok) return response
    const error = (await response.json().catch(() => ({}))) as {
      error_description?: string
      problems?: string[]
    }
    if (response.status === 400 && Array.isArray(error.problems)) throw new PolicyError(error.problems)
    throw new Error(
      `The server's admin endpoint answered ${response.status}: ${error.error_description ?? ''}`,
    )
  }
  const policies = async (method: string, body?: unknown) =>
    (await (await call(method, 'settings', body)).json()) as PolicySnapshot
  return {
    label: `the Node server at ${origin}`,
    getPolicies: () => policies('GET'),
    setPolicies: (partial: Partial<ServerPolicies>) => policies('PATCH', partial),
    resetPolicies: () => policies('DELETE'),
    listClients: async () =>
      ((await (await call('GET', 'clients')).json()) as { clients: ClientSummary[] }).clients,
    deleteClient: async (clientId: string) => {
      await call('DELETE', `clients/${encodeURIComponent(clientId)}`)
    },
  }
}
