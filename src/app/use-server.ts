import { useSyncExternalStore } from 'react'
import type { NodeServerInfo, ServerKind } from '@/protocol/node-server-api.ts'
import { readNodeServerInfo, serverChoice } from './server-choice.ts'

const node = typeof document === 'undefined' ? undefined : readNodeServerInfo()

/**
 * The server the flows run against — the learner's choice, when the Node server that served this
 * page can honour it — and how to choose another.
 */
export function useServer(): {
  readonly kind: ServerKind
  readonly node: NodeServerInfo | undefined
  readonly choose: (kind: ServerKind) => void
} {
  const choice = useSyncExternalStore(serverChoice.subscribe, serverChoice.get)
  return {
    kind: choice === 'node' && node !== undefined ? 'node' : 'in-page',
    node,
    choose: serverChoice.set,
  }
}
