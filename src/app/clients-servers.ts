import type { NodeServerInfo } from '@/protocol/node-server-api.ts'
import type { ClientsServer, ClientsServers } from '@/features/clients-editor/clients-server.ts'
import { nodeServerAccess } from './node-runtime.ts'
import type { Runtime } from './runtime.ts'

/**
 * The servers the Clients dialog registers with, the default first. When `npm start` served the
 * page, that is its Node server even while the flows run in the page: a developer registers there
 * for their own app, which can only ever reach the Node server. The server in the page stays one
 * click away (a learner may want a client for this page's flows); a static build has only it.
 */
export function clientsServers(
  runtime: Pick<Runtime, 'server' | 'origin'> & Pick<ClientsServer, 'admin' | 'transport'>,
  node: NodeServerInfo | undefined,
  access: typeof nodeServerAccess = nodeServerAccess,
): ClientsServers {
  const running: ClientsServer = {
    kind: runtime.server,
    admin: runtime.admin,
    transport: runtime.transport,
    issuer: `${runtime.origin}/as`,
  }
  if (runtime.server === 'node' || node === undefined) return [running]
  return [{ kind: 'node', issuer: `${node.origin}/as`, ...access(node) }, running]
}
