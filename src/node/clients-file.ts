import { readFileSync } from 'node:fs'
import type { ConfiguredClient } from '../server/index.ts'

/**
 * Reads a clients file for `npm start` (`GRANTSCOPE_CLIENTS=clients.json`): a JSON array of RFC 7591
 * client metadata, each with the `client_id` (and for a confidential client the `client_secret`)
 * it must have, e.g.
 *
 *   [{ "client_id": "my-spa", "token_endpoint_auth_method": "none",
 *      "redirect_uris": ["http://localhost:5173/callback"] }]
 *
 * The server validates each like a registration and refuses to start on a bad one.
 */
export function readClientsFile(path: string): ConfiguredClient[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new Error(`GRANTSCOPE_CLIENTS: cannot read ${path} as JSON: ${(error as Error).message}`, {
      cause: error,
    })
  }
  if (
    !Array.isArray(parsed) ||
    !parsed.every((c) => typeof c === 'object' && c !== null && !Array.isArray(c))
  )
    throw new Error(`GRANTSCOPE_CLIENTS: ${path} must hold a JSON array of client metadata objects`)
  return parsed as ConfiguredClient[]
}
