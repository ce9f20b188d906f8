import type { NodeServerInfo } from '@/protocol/node-server-api.ts'
import type { ClientsServer, ClientsServers } from '@/features/clients-editor/clients-server.ts'
import { nodeServerAccess } from './node-runtime.ts'
import type { Runtime } from './runtime.ts'

type PageRuntime = Pick<Runtime, 'server' | 'origin'> & Pick<ClientsServer, 'admin' | 'transport'>

/** The server the flows run on, and the Node server of `npm start` when it is another one. */
function pageServers(
  runtime: PageRuntime,
  node: NodeServerInfo | undefined,
  access: typeof nodeServerAccess,
): { running: ClientsServer; node?: ClientsServer } {
  const running: ClientsServer = {
    kind: runtime.server,
    admin: runtime.admin,
    transport: runtime.transport,
    issuer: `${runtime.origin}/as`,
  }
  if (runtime.server === 'node' || node === undefined) return { running }
  return { running, node: { kind: 'node', issuer: `${node.origin}/as`, ...access(node) } }
}

/**
 * The servers the Clients dialog registers with, the default first. When `npm start` served the
 * page, that is its Node server even while the flows run in the page: a developer registers there
 * for their own app, which can only ever reach the Node server. The server in the page stays one
 * click away (a learner may want a client for this page's flows); a static build has only it.
 */
export function clientsServers(
  runtime: PageRuntime,
  node: NodeServerInfo | undefined,
  access: typeof nodeServerAccess = nodeServerAccess,
): ClientsServers {
  const servers = pageServers(runtime, node, access)
  return servers.node === undefined ? [servers.running] : [servers.node, servers.running]
}

/**
 * The servers Server settings changes, the default first: the one the flows run on, since a
 * learner changes a setting to see what it does to the next step. The Node server, which a
 * developer's own app meets, is one click away when it is another server.
 */
export function settingsServers(
  runtime: PageRuntime,
  node: NodeServerInfo | undefined,
  access: typeof nodeServerAccess = nodeServerAccess,
): ClientsServers {
  const servers = pageServers(runtime, node, access)
  return servers.node === undefined ? [servers.running] : [servers.running, servers.node]
}
