import type { Reply } from '../http/reply.ts'
import { checkClientGrant } from '../checks/check-client-grant.ts'
import { checkClientId } from '../checks/check-client-id.ts'
import { checkClientResponseType } from '../checks/check-client-response-type.ts'
import { required, runChecks, type AuthorizeContext, type Check } from '../checks/pipeline.ts'
import { checkDuplicateParams } from '../checks/check-duplicate-params.ts'
import { checkIdTokenRequest } from '../checks/check-id-token-request.ts'
import { checkPkceChallenge } from '../checks/check-pkce-challenge.ts'
import { checkRedirectUri } from '../checks/check-redirect-uri.ts'
import { checkResponseMode } from '../checks/check-response-mode.ts'
import { checkResponseType } from '../checks/check-response-type.ts'
import { checkScope } from '../checks/check-scope.ts'
import { InvalidRequest } from '../errors.ts'
import { frontChannelError } from '../http/front-channel.ts'
import { isFormEncoded, Params, readForm } from '../http/params.ts'
import { lifetimes } from '../policies.ts'
import type { RequestContext } from '../server-context.ts'
import { newSecretValue, nowSeconds, timeOfDay } from '../server-context.ts'
import type { AuthorizationInteraction } from '../store.ts'
import { signInOrConsent } from './interaction-pages.ts'

/**
 * The authorization endpoint's checks, in order. client_id and redirect_uri come first: only
 * once both are trusted may an error be sent back by redirect (RFC 6749 §4.1.2.1) — in the query, or
 * in the fragment once the response type says the implicit grant (RFC 6749 §4.2.2.1).
 */
export const authorizeChecks: readonly Check<AuthorizeContext>[] = [
  checkClientId,
  checkRedirectUri,
  checkDuplicateParams,
  checkResponseType,
  checkResponseMode,
  checkClientGrant,
  checkClientResponseType,
  checkScope,
  checkIdTokenRequest,
  checkPkceChallenge,
]

/**
 * GET and POST `/as/authorize`: validates the authorization request, then shows the login page —
 * or the consent page when the browser is already signed in.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
 */
export async function authorizeEndpoint(ctx: RequestContext): Promise<Reply> {
  const search = await readAuthorizeParams(ctx)
  if (search === undefined) {
    ctx.trace.fail(
      'check-form-post',
      'A POSTed authorization request must be a form-encoded body under 64 KB',
      ['oidc-3.1.2.1'],
    )
    return frontChannelError(ctx, new InvalidRequest('The authorization request body must be a form'), {})
  }
  const actx: AuthorizeContext = { ...ctx, params: new Params(search) }
  try {
    await runChecks(actx, authorizeChecks)
  } catch (error) {
    return frontChannelError(actx, error, {
      redirectUri: actx.redirectUri,
      state: actx.params.get('state'),
      responseMode: actx.responseMode,
    })
  }
  const [id, interaction] = createInteraction(actx)
  return signInOrConsent(ctx, id, interaction)
}

async function readAuthorizeParams(ctx: RequestContext): Promise<URLSearchParams | undefined> {
  if (ctx.request.method === 'GET') return ctx.url.searchParams
  return isFormEncoded(ctx.request) ? readForm(ctx.request) : undefined
}

function createInteraction(ctx: AuthorizeContext): [string, AuthorizationInteraction] {
  const { params, server } = ctx
  const id = newSecretValue(server)
  const state = params.get('state')
  const nonce = params.get('nonce')
  const interaction: AuthorizationInteraction = {
    kind: 'authorization',
    id,
    responseType: required(ctx.responseType, 'response type'),
    responseMode: required(ctx.responseMode, 'response mode'),
    clientId: required(ctx.client, 'client').client_id,
    redirectUri: required(ctx.redirectUri, 'redirect URI'),
    redirectUriSent: ctx.redirectUriSent === true,
    scope: required(ctx.scope, 'scope'),
    evictAt: nowSeconds(server) + lifetimes.interactionSeconds,
    ...(state === undefined ? {} : { state }),
    ...(nonce === undefined ? {} : { nonce }),
    ...(ctx.codeChallenge === undefined ? {} : { codeChallenge: ctx.codeChallenge }),
    ...(ctx.codeChallengeMethod === undefined ? {} : { codeChallengeMethod: ctx.codeChallengeMethod }),
  }
  server.store.put('interactions', id, interaction)
  ctx.trace.info(
    'create-interaction',
    `The request is valid; it waits for the user as interaction ${id.slice(0, 8)}… until ${timeOfDay(interaction.evictAt)}`,
    ['rfc6749-4.1.1'],
  )
  return [id, interaction]
}
