import { asciiText, base64urlEncode, base64urlEncodeInto, base64urlLength } from '../../protocol/base64url.ts'
import type { SigningAlgorithm } from '../../protocol/server-policies.ts'
import type { SigningKey } from '../signing-keys.ts'

/**
 * Signs a JWS signing input (`BASE64URL(header) '.' BASE64URL(payload)`, RFC 7515 §5.1) and returns
 * the raw signature — for ES256 the 64-octet `R || S` (RFC 7518 §3.4). A port: the page uses
 * WebCrypto, the Node server injects a synchronous `node:crypto` signer (the token is the same).
 */
export type JwsSigner = (
  key: SigningKey,
  signingInput: Uint8Array<ArrayBuffer>,
) => Uint8Array | Promise<Uint8Array>

const webCryptoAlgorithms: Readonly<Record<SigningAlgorithm, AlgorithmIdentifier | EcdsaParams>> = {
  RS256: { name: 'RSASSA-PKCS1-v1_5' },
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
  EdDSA: { name: 'Ed25519' },
}

/** The default signer: WebCrypto, available in the page, a Service Worker and Node alike. */
export const webCryptoSigner: JwsSigner = async (key, signingInput) =>
  new Uint8Array(await crypto.subtle.sign(webCryptoAlgorithms[key.alg], key.privateKey, signingInput))

const encoder = new TextEncoder()
const dot = 0x2e

/** `BASE64URL(UTF8(JWS Protected Header))` per key and `typ`, as ASCII octets: it never changes. */
const encodedHeaders = new WeakMap<SigningKey, Partial<Record<'JWT' | 'at+jwt', Uint8Array>>>()

function encodedHeader(key: SigningKey, typ: 'JWT' | 'at+jwt'): Uint8Array {
  let byTyp = encodedHeaders.get(key)
  if (byTyp === undefined) encodedHeaders.set(key, (byTyp = {}))
  let header = byTyp[typ]
  if (header === undefined) {
    const json = encoder.encode(JSON.stringify({ alg: key.alg, kid: key.kid, typ }))
    header = new Uint8Array(base64urlLength(json.length))
    base64urlEncodeInto(json, header, 0)
    byTyp[typ] = header
  }
  return header
}

/**
 * A JWS Compact Serialization of `claims` (RFC 7515 §7.1), the header naming the key's `alg` and
 * `kid`. Claims appear in the order given, so a token is byte-for-byte reproducible from its inputs.
 * The signing input is written once, as the octets that are signed, and read as text once.
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-7.1
 */
export async function signJwt(
  key: SigningKey,
  typ: 'JWT' | 'at+jwt',
  claims: Readonly<Record<string, unknown>>,
  signer: JwsSigner,
): Promise<string> {
  const header = encodedHeader(key, typ)
  const payload = encoder.encode(JSON.stringify(claims))
  const signingInput = new Uint8Array(header.length + 1 + base64urlLength(payload.length))
  signingInput.set(header)
  signingInput[header.length] = dot
  base64urlEncodeInto(payload, signingInput, header.length + 1)
  // The Node server's signer answers at once: no turn of the event loop to wait for.
  const signed = signer(key, signingInput)
  const signature = signed instanceof Uint8Array ? signed : await signed
  return `${asciiText(signingInput)}.${base64urlEncode(signature)}`
}
