/**
 * User codes as RFC 8628 §6.1 suggests: 8 characters from a base-20 alphabet of consonants — no
 * vowels, so no words; no digits, so nothing to confuse with letters — case-insensitive, shown as
 * `XXXX-XXXX`. 20^8 ≈ 2^34.6 codes, enough with the attempt rate limit (§5.1).
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-6.1
 */
export const userCodeAlphabet = 'BCDFGHJKLMNPQRSTVWXZ'
const length = 8

/** A random user code, normalised (no dash). Rejection sampling keeps every letter equally likely. */
export function generateUserCode(random: (n: number) => Uint8Array): string {
  let code = ''
  while (code.length < length) {
    for (const byte of random(length)) {
      // 240 = 12 × 20: bytes from 240 up would make the first 16 letters likelier.
      if (byte < 240 && code.length < length) code += userCodeAlphabet[byte % 20] ?? ''
    }
  }
  return code
}

/**
 * What the user typed, normalised: upper case, and everything that is not a letter of the
 * alphabet dropped — dashes, spaces, and characters the code cannot contain.
 */
export function normaliseUserCode(input: string): string {
  return [...input.toUpperCase()].filter((c) => userCodeAlphabet.includes(c)).join('')
}

/** `BCDFGHJK` → `BCDF-GHJK`, as the device and the verification page show it. */
export function formatUserCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`
}
