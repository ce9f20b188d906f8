import { corsHeaders, jsonResponse } from '../http/responses.ts'
import type { RequestContext } from '../server-context.ts'

/**
 * GET `/as/jwks`: the public signing key with `kid`, `alg` and `use` — never private members.
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-5
 */
export async function jwksEndpoint(ctx: RequestContext): Promise<Response> {
  const key = await ctx.server.signingKey()
  ctx.trace.pass('serve-jwks', `Published the public RS256 key ${key.kid} (no private members)`, [
    'rfc7517-5',
    'oidc-10.1',
  ])
  return jsonResponse({ keys: [key.publicJwk] }, 200, { ...corsHeaders, 'Cache-Control': 'max-age=60' })
}
