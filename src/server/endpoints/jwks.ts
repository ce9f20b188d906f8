import type { Reply } from '../http/reply.ts'
import { notePolicy } from '../checks/pipeline.ts'
import { corsHeaders, JsonOnce, jsonTextResponse } from '../http/responses.ts'
import type { KeyRing } from '../signing-keys.ts'
import type { RequestContext } from '../server-context.ts'

/**
 * GET `/as/jwks`: the public signing keys with `kid`, `alg` and `use` — never private members.
 * The key of the current `signingAlgorithm` is made if it does not exist yet; keys of earlier
 * algorithms stay, so tokens they signed still verify.
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-5
 */
export async function jwksEndpoint(ctx: RequestContext): Promise<Reply> {
  const current = await ctx.server.keys.keyFor(ctx.server.policies.signingAlgorithm)
  const keys = ctx.server.keys.publicJwks()
  const others = keys.length - 1
  notePolicy(
    ctx,
    'serve-jwks',
    'signingAlgorithm',
    `Published the public ${current.alg} key ${current.kid}${others > 0 ? ` and ${others} key${others > 1 ? 's' : ''} of other algorithms this server signed with` : ''} (no private members)`,
    ['rfc7517-5', 'oidc-10.1'],
    'pass',
  )
  const text = jwksJson.text(ctx.server.keys, keys.length)
  return jsonTextResponse(text, 200, { ...corsHeaders, 'Cache-Control': 'max-age=60' })
}

/** The key ring only ever adds keys: the JWKS is serialised again when it has one more. */
const jwksJson = new JsonOnce((ring: KeyRing) => ({ keys: ring.publicJwks() }))
