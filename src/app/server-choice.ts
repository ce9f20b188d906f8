import { nodeServerMetaName, type NodeServerInfo, type ServerKind } from '@/protocol/node-server-api.ts'

/**
 * The Node server that served this page, as `npm start` announces it in a meta tag — only to a page
 * opened on loopback. Undefined in the static build (and on any other host).
 */
export function readNodeServerInfo(doc: Document = document): NodeServerInfo | undefined {
  const content = doc.querySelector(`meta[name="${nodeServerMetaName}"]`)?.getAttribute('content')
  if (!content) return undefined
  try {
    const info = JSON.parse(content) as Partial<NodeServerInfo>
    return typeof info.origin === 'string' && typeof info.token === 'string'
      ? { origin: info.origin, token: info.token }
      : undefined
  } catch {
    return undefined
  }
}

const storageKey = 'grantscope.server'
const listeners = new Set<() => void>()
let current: ServerKind | undefined

function stored(): ServerKind {
  try {
    return localStorage.getItem(storageKey) === 'node' ? 'node' : 'in-page'
  } catch {
    return 'in-page'
  }
}

/** The learner's choice, kept across reloads (it names a server, nothing secret). In-page by default. */
export const serverChoice = {
  get: (): ServerKind => (current ??= stored()),
  set: (kind: ServerKind): void => {
    current = kind
    try {
      localStorage.setItem(storageKey, kind)
    } catch {
      // Storage refused (private mode): the choice lasts until the page reloads.
    }
    for (const listener of listeners) listener()
  },
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener)
    return () => listeners.delete(listener)
  },
}
