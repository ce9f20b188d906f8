import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { readClientsFile } from './clients-file.ts'
import { startServer } from './start-server.ts'

export { startServer, type RunningServer } from './start-server.ts'

const defaultPort = 8080

/**
 * The project folder: the nearest one above this module with a package.json — the same whether
 * this runs as src/node/main.ts or compiled as dist-server/main.js.
 */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error('No package.json above the server: set DIST_DIR')
    dir = parent
  }
  return dir
}

/** `npm start`: serve dist/ and the mock server on http://localhost:$PORT. */
async function main(): Promise<void> {
  const port = Number(process.env['PORT'] ?? defaultPort)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, not ${process.env['PORT']}`)
  const host = process.env['HOST'] ?? '127.0.0.1'
  const distDir = process.env['DIST_DIR'] ?? join(packageRoot(), 'dist')
  const clientsFile = process.env['GRANTSCOPE_CLIENTS']
  const clients = clientsFile === undefined ? undefined : readClientsFile(clientsFile)
  const running = await startServer({ port, host, distDir, ...(clients && { mock: { clients } }) })
  console.log(`Grantscope is running at ${running.url}`)
  console.log(`Mock authorization server (issuer): ${running.issuer}`)
  console.log(`Try: curl ${running.issuer}/.well-known/openid-configuration`)
  if (clients !== undefined)
    console.log(`Clients from ${clientsFile}: ${clients.map((c) => c.client_id).join(', ')}`)
  if (running.relayToken !== undefined)
    console.log(
      `Debug your own provider: ${running.url}/?provider (relay at POST ${running.url}/relay, loopback only)`,
    )
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
    console.warn(
      `Warning: listening on ${host}, not only on loopback — anyone who can reach it can use the demo server.`,
    )
  }
  const stop = (signal: string) => {
    console.log(`\n${signal}: shutting down`)
    void running.close().then(() => process.exit(0))
    setTimeout(() => process.exit(0), 3000).unref()
  }
  process.once('SIGINT', () => stop('SIGINT'))
  process.once('SIGTERM', () => stop('SIGTERM'))
}

const entry = process.argv[1]
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  })
}
