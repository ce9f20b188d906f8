import { describe, expect, it } from 'vitest'
import type { Transport } from '@/protocol/http-exchange.ts'
import type { NodeServerInfo } from '@/protocol/node-server-api.ts'
import type { ServerAdmin } from '@/protocol/server-policies.ts'
import { clientsServers, settingsServers } from './clients-servers.ts'

const admin = (label: string) => ({ label }) as ServerAdmin
const transport: Transport = () => Promise.reject(new Error('unused'))
const node: NodeServerInfo = { origin: 'http://localhost:8080', token: 't' }
const nodeAccess = { admin: admin('the Node server'), transport }
const inPage = {
  server: 'in-page',
  origin: 'http://127.0.0.1:8080',
  admin: admin('in page'),
  transport,
} as const

describe('clientsServers', () => {
  it('when npm start served the page, registers with its Node server first, even while the flows run in the page', () => {
    const seen: NodeServerInfo[] = []
    const servers = clientsServers(inPage, node, (info) => {
      seen.push(info)
      return nodeAccess
    })
    expect(servers.map((s) => [s.kind, s.issuer, s.admin.label])).toEqual([
      ['node', 'http://localhost:8080/as', 'the Node server'],
      ['in-page', 'http://127.0.0.1:8080/as', 'in page'],
    ])
    expect(seen).toEqual([node])
  })

  it('when the flows run on the Node server, that is the one server', () => {
    const onNode = { ...inPage, server: 'node', origin: node.origin } as const
    const servers = clientsServers(onNode, node, () => {
      throw new Error('the runtime already reaches the Node server')
    })
    expect(servers).toEqual([
      { kind: 'node', issuer: 'http://localhost:8080/as', admin: onNode.admin, transport },
    ])
  })

  it('a static build has the server in the page only', () => {
    expect(clientsServers(inPage, undefined).map((s) => s.kind)).toEqual(['in-page'])
  })
})

describe('settingsServers', () => {
  it('puts the server the flows run on first, and the Node server one click away', () => {
    expect(settingsServers(inPage, node, () => nodeAccess).map((s) => [s.kind, s.admin.label])).toEqual([
      ['in-page', 'in page'],
      ['node', 'the Node server'],
    ])
    const onNode = { ...inPage, server: 'node', origin: node.origin } as const
    expect(settingsServers(onNode, node).map((s) => s.kind)).toEqual(['node'])
    expect(settingsServers(inPage, undefined).map((s) => s.kind)).toEqual(['in-page'])
  })
})
