import type { ServerRequest } from './server-request.ts'

/**
 * The text a request or response was built from, remembered beside it, so a reader in the same
 * process gets it back without pulling it through the message's stream (on the Node server the
 * stream's promises and buffers were a fifth of a token request). Only a message's builder records
 * it, and the body it built from that text can never change, so the two are always the same.
 */
const known = new WeakMap<ServerRequest | Response, string>()

/** Returns `message`, its body `text` remembered. */
export function withKnownBody<T extends Request | Response>(message: T, text: string): T {
  known.set(message, text)
  return message
}

/** The body as its builder gave it, if recorded; undefined means: read the stream. */
export function knownBody(message: Request | Response): string | undefined {
  return known.get(message)
}

/** The body as text: the recorded one, or read as `text()` would. */
export async function bodyText(message: ServerRequest | Response): Promise<string> {
  return known.get(message) ?? (await message.text())
}
