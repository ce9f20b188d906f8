/**
 * A deterministic byte source for a trainer's "demo seed": the same seed gives the same state,
 * nonce, PKCE verifier, codes, tokens and keys on every run, so slides and handouts match the room.
 *
 * It is NOT a cryptographic random generator: anyone who knows the seed can compute every value it
 * produces. That is the point for a demo and disqualifies it for anything else.
 */
export interface SeededRandom {
  (length: number): Uint8Array
  /** Starts the sequence over, as if freshly seeded (Restart). */
  reset(): void
}

/** 128 bits from a string (cyrb128): the seed and a stream label become sfc32's four words. */
function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703
  let h2 = 3144134277
  let h3 = 1013904242
  let h4 = 2773480762
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i)
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067)
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233)
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213)
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179)
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067)
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233)
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213)
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179)
  h1 ^= h2 ^ h3 ^ h4
  h2 ^= h1
  h3 ^= h1
  h4 ^= h1
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0]
}

/**
 * Bytes from `seed`, one independent sequence per `stream` ("server", "client", "signing-key"), so
 * the order in which the client and the server draw values does not shift each other's.
 */
export function seededRandom(seed: string, stream: string): SeededRandom {
  let a = 0
  let b = 0
  let c = 0
  let d = 0
  const reset = () => {
    ;[a, b, c, d] = hash128(`${stream}\u0000${seed}`)
    for (let i = 0; i < 15; i++) word() // let the state mix before the first output
  }
  // sfc32 (Chris Doty-Humphrey's Small Fast Counting generator), 32 bits per call.
  const word = (): number => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return t >>> 0
  }
  reset()
  const random = (length: number): Uint8Array => {
    const out = new Uint8Array(length)
    for (let i = 0; i < length; i += 4) {
      const w = word()
      for (let j = 0; j < 4 && i + j < length; j++) out[i + j] = (w >>> (8 * j)) & 0xff
    }
    return out
  }
  return Object.assign(random, { reset })
}
