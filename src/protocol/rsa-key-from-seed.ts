import { base64urlEncode } from './base64url.ts'

/** An RSA private key as a JWK (RFC 7518 §6.3.2), every member base64url. */
export interface RsaPrivateJwk {
  readonly kty: 'RSA'
  readonly n: string
  readonly e: string
  readonly d: string
  readonly p: string
  readonly q: string
  readonly dp: string
  readonly dq: string
  readonly qi: string
}

const E = 65537n

function toBigInt(bytes: Uint8Array): bigint {
  let value = 0n
  for (const byte of bytes) value = (value << 8n) | BigInt(byte)
  return value
}

function toBytes(value: bigint): Uint8Array {
  const hex = value.toString(16)
  const even = hex.length % 2 === 0 ? hex : `0${hex}`
  return Uint8Array.from(even.match(/../g) ?? [], (h) => Number.parseInt(h, 16))
}

const b64 = (value: bigint) => base64urlEncode(toBytes(value))

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n
  let b = base % modulus
  let e = exponent
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus
    b = (b * b) % modulus
    e >>= 1n
  }
  return result
}

function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [a % m, m]
  let [oldS, s] = [1n, 0n]
  while (r !== 0n) {
    const q = oldR / r
    ;[oldR, r] = [r, oldR - q * r]
    ;[oldS, s] = [s, oldS - q * s]
  }
  if (oldR !== 1n) throw new RangeError('not invertible')
  return ((oldS % m) + m) % m
}

const smallPrimes: readonly number[] = (() => {
  const limit = 3000
  const composite = new Uint8Array(limit)
  const primes: number[] = []
  for (let i = 3; i < limit; i += 2) {
    if (composite[i]) continue
    primes.push(i)
    for (let j = i * i; j < limit; j += 2 * i) composite[j] = 1
  }
  return primes
})()

/** Miller–Rabin with fixed bases: deterministic, and for random candidates of this size, sound. */
function isProbablePrime(n: bigint): boolean {
  let d = n - 1n
  let s = 0
  while ((d & 1n) === 0n) {
    d >>= 1n
    s++
  }
  witnesses: for (const a of [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n]) {
    let x = modPow(a, d, n)
    if (x === 1n || x === n - 1n) continue
    for (let i = 1; i < s; i++) {
      x = (x * x) % n
      if (x === n - 1n) continue witnesses
    }
    return false
  }
  return true
}

/**
 * The first probable prime from a random odd start with its top two bits set (so that the product of
 * two of them has exactly 2 × `bits` bits), searching upwards with a small-prime sieve.
 */
function primeFrom(random: (n: number) => Uint8Array, bits: number): bigint {
  for (;;) {
    const bytes = random(bits / 8)
    bytes[0] = (bytes[0] ?? 0) | 0xc0
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) | 1
    const start = toBigInt(bytes)
    const residues = smallPrimes.map((p) => Number(start % BigInt(p)))
    for (let delta = 0; delta < 1 << 16; delta += 2) {
      if (residues.some((r, i) => (r + delta) % smallPrimes[i]! === 0)) continue
      const candidate = start + BigInt(delta)
      if ((candidate - 1n) % E === 0n) continue
      if (isProbablePrime(candidate)) return candidate
    }
  }
}

/**
 * A 2048-bit RSA key computed from a byte source: with a seeded source, the same key on every run
 * (the demo seed's signing key). Anyone who knows the seed can compute the private key too — never
 * use such a key for anything but a demo.
 * @see https://www.rfc-editor.org/rfc/rfc8017#section-3.2
 */
export function rsaKeyFromRandom(random: (n: number) => Uint8Array, bits = 2048): RsaPrivateJwk {
  const half = bits / 2
  const a = primeFrom(random, half)
  let b = primeFrom(random, half)
  while (b === a) b = primeFrom(random, half)
  const [p, q] = a > b ? [a, b] : [b, a]
  const n = p * q
  const d = modInverse(E, (p - 1n) * (q - 1n))
  return {
    kty: 'RSA',
    n: b64(n),
    e: b64(E),
    d: b64(d),
    p: b64(p),
    q: b64(q),
    dp: b64(d % (p - 1n)),
    dq: b64(d % (q - 1n)),
    qi: b64(modInverse(q, p)),
  }
}
