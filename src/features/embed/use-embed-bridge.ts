import { useEffect, useRef } from 'react'
import { parseEmbedCommand, type EmbedCommand, type StepMessage } from './embed-messages.ts'

/**
 * Connects an embedded playground to the page that frames it: obeys its commands and tells it the
 * position after every move.
 *
 * Only messages whose `source` is the parent window count — another frame or a popup cannot drive
 * the embed — and malformed ones are ignored. Any parent origin may drive it: the commands only do
 * what the Next, Back and Restart buttons do for whoever sees the frame.
 *
 * The position goes to the parent's origin when it is known (`location.ancestorOrigins`, or the
 * origin of the last command); before that to `'*'`. That is safe only because the message holds
 * nothing but the flow, variant and step — the same public values as the iframe's own `src`, which
 * the parent wrote. Nothing else (no code, token or value of a run) is ever posted.
 */
export function useEmbedBridge(
  enabled: boolean,
  position: Omit<StepMessage, 'type'>,
  onCommand: (command: EmbedCommand) => void,
): void {
  const handler = useRef(onCommand)
  const parentOrigin = useRef<string | undefined>(undefined)
  useEffect(() => {
    handler.current = onCommand
  })
  const framed = enabled && typeof window !== 'undefined' && window.parent !== window

  useEffect(() => {
    if (!framed) return
    parentOrigin.current ??= window.location.ancestorOrigins?.[0]
    const onMessage = (event: MessageEvent) => {
      if (event.source !== window.parent) return
      const command = parseEmbedCommand(event.data)
      if (command === undefined) return
      if (event.origin !== 'null') parentOrigin.current = event.origin
      handler.current(command)
    }
    window.addEventListener('message', onMessage)
    return () => window.removeEventListener('message', onMessage)
  }, [framed])

  const { flow, variant, step } = position
  useEffect(() => {
    if (!framed) return
    const message: StepMessage = { type: 'step', flow, variant, step }
    const origin = parentOrigin.current
    window.parent.postMessage(message, origin === undefined || origin === 'null' ? '*' : origin)
  }, [framed, flow, variant, step])
}
