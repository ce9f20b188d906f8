import { KeyObject, sign } from 'node:crypto'
import type { JwsSigner } from '../server/tokens/sign-jwt.ts'

const keyObjects = new WeakMap<CryptoKey, KeyObject>()

/**
 * The Node server's JWT signer: `crypto.sign` on the server's own thread, with the key's
 * `KeyObject` taken once. WebCrypto's `subtle.sign` hands every signature to the libuv thread pool
 * and back through a promise (and jose wraps it again): on a server pinned to one core that is pure
 * overhead, larger than an ES256 signature itself. Same keys, same signatures (`R || S` for ES256).
 */
export const nodeJwsSigner: JwsSigner = (key, signingInput) => {
  let keyObject = keyObjects.get(key.privateKey)
  if (keyObject === undefined) {
    keyObject = KeyObject.from(key.privateKey)
    keyObjects.set(key.privateKey, keyObject)
  }
  const digest = key.alg === 'EdDSA' ? null : 'sha256'
  return sign(digest, signingInput, { key: keyObject, dsaEncoding: 'ieee-p1363' })
}
