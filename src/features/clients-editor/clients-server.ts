import type { Transport } from '@/protocol/http-exchange.ts'
import type { ServerKind } from '@/protocol/node-server-api.ts'
import type { ServerAdmin } from '@/protocol/server-policies.ts'

/** A server the Clients dialog can register with and list the clients of. */
export interface ClientsServer {
  /** The Node server of `npm start` (where a developer's own app signs in), or the one in this page. */
  readonly kind: ServerKind
  readonly admin: ServerAdmin
  /** Carries the registration request to this server. */
  readonly transport: Transport
  /** Its issuer: registration is at `${issuer}/register`. */
  readonly issuer: string
}

/**
 * The servers the dialog offers, the default first: the Node server whenever the page has one,
 * because that is the server a developer's own app, curl and the Server console reach.
 */
export type ClientsServers = readonly [ClientsServer, ...ClientsServer[]]
