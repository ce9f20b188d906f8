import { randomFillSync } from 'node:crypto'

/**
 * Random bytes from `node:crypto`'s CSPRNG, drawn `poolSize` bytes at a time: each call gets fresh
 * bytes no other call got, copied out of the pool. WebCrypto's `getRandomValues` paid its argument
 * checks and a call into the CSPRNG for every 16- or 32-byte id, a few per cent of a token request.
 */
export function pooledRandom(poolSize = 4096): (n: number) => Uint8Array {
  const pool = new Uint8Array(poolSize)
  let used = poolSize
  return (n) => {
    if (n > poolSize) return randomFillSync(new Uint8Array(n))
    if (used + n > poolSize) {
      randomFillSync(pool)
      used = 0
    }
    const bytes = pool.slice(used, used + n)
    used += n
    return bytes
  }
}
