import type { SpeakerNotes } from './speaker-notes.ts'

/**
 * The presenter window and its speaker-notes window talk over a BroadcastChannel (same origin only),
 * on an id the presenter window made up, so two presenting tabs never mix their notes.
 */
export const channelName = 'grantscope-presenter'

export type PresenterMessage =
  | { readonly kind: 'notes'; readonly id: string; readonly notes: SpeakerNotes }
  | { readonly kind: 'hello'; readonly id: string }
  | { readonly kind: 'command'; readonly id: string; readonly command: 'next' | 'back' }

/** A message for channel `id`, or undefined for anything else. */
export function parsePresenterMessage(data: unknown, id: string): PresenterMessage | undefined {
  if (typeof data !== 'object' || data === null) return undefined
  const message = data as Partial<Record<string, unknown>>
  if (message['id'] !== id) return undefined
  if (message['kind'] === 'hello') return { kind: 'hello', id }
  if (message['kind'] === 'command' && (message['command'] === 'next' || message['command'] === 'back'))
    return { kind: 'command', id, command: message['command'] }
  if (message['kind'] === 'notes' && typeof message['notes'] === 'object' && message['notes'] !== null)
    return { kind: 'notes', id, notes: message['notes'] as SpeakerNotes }
  return undefined
}

/** What a presentation clicker or keyboard key does in presenter mode. */
export function presenterKey(key: string): 'next' | 'back' | 'blank' | 'unblank' | undefined {
  switch (key) {
    case 'PageDown':
    case 'ArrowRight':
    case 'ArrowDown':
    case ' ':
      return 'next'
    case 'PageUp':
    case 'ArrowLeft':
    case 'ArrowUp':
      return 'back'
    case 'b':
    case 'B':
    case '.':
      return 'blank'
    case 'Escape':
      return 'unblank'
    default:
      return undefined
  }
}
