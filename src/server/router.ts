import type { Reply } from './http/reply.ts'
import type { SpecRefId } from '../protocol/spec-refs.ts'
import { authorizeEndpoint } from './endpoints/authorize.ts'
import {
  clientConfigurationPrefix,
  deleteClientEndpoint,
  readClientEndpoint,
  updateClientEndpoint,
} from './endpoints/client-configuration.ts'
import { consentEndpoint } from './endpoints/consent.ts'
import { deviceAuthorizationEndpoint } from './endpoints/device-authorization.ts'
import { deviceCodeEntryEndpoint, deviceCodePageEndpoint } from './endpoints/device-verification.ts'
import { discoveryEndpoint } from './endpoints/discovery.ts'
import { introspectionEndpoint } from './endpoints/introspection.ts'
import { jwksEndpoint } from './endpoints/jwks.ts'
import { loginEndpoint } from './endpoints/login.ts'
import { registrationEndpoint } from './endpoints/registration.ts'
import { resourceServerEndpoint, resources } from './endpoints/resource-server.ts'
import { revocationEndpoint } from './endpoints/revocation.ts'
import { tokenEndpoint } from './endpoints/token.ts'
import { userinfoEndpoint } from './endpoints/userinfo.ts'
import { tokenErrorResponse } from './http/back-channel.ts'
import { frontChannelError } from './http/front-channel.ts'
import { corsHeaders, jsonResponse, preflightResponse } from './http/responses.ts'
import type { RequestContext } from './server-context.ts'

type Handler = (ctx: RequestContext) => Reply | Promise<Reply>

const methods = ['GET', 'POST', 'PUT', 'DELETE'] as const
type Method = (typeof methods)[number]
const isMethod = (method: string): method is Method => (methods as readonly string[]).includes(method)

interface Route {
  readonly name: string
  readonly methods: Readonly<Partial<Record<Method, Handler>>>
  /** Whether browsers on other origins may call it. Never for /authorize (RFC 9700 §2.6). */
  readonly cors: boolean
  readonly refs: readonly SpecRefId[]
  /** Front-channel routes answer the browser with HTML pages, even for unexpected errors. */
  readonly page?: boolean
}

const both = (handler: Handler) => ({ GET: handler, POST: handler })

const routes: Readonly<Record<string, Route>> = {
  '/as/.well-known/openid-configuration': {
    name: 'OpenID provider configuration',
    methods: { GET: discoveryEndpoint },
    cors: true,
    refs: ['oidc-discovery-4'],
  },
  '/.well-known/oauth-authorization-server/as': {
    name: 'authorization server metadata',
    methods: { GET: discoveryEndpoint },
    cors: true,
    refs: ['rfc8414-3'],
  },
  '/as/jwks': { name: 'JWK set', methods: { GET: jwksEndpoint }, cors: true, refs: ['rfc7517-5'] },
  '/as/authorize': {
    name: 'authorization endpoint',
    methods: both(authorizeEndpoint),
    cors: false,
    page: true,
    refs: ['rfc6749-3.1'],
  },
  '/as/login': {
    name: 'login form',
    methods: { POST: loginEndpoint },
    cors: false,
    page: true,
    refs: ['oidc-3.1.2.4'],
  },
  '/as/consent': {
    name: 'consent form',
    methods: { POST: consentEndpoint },
    cors: false,
    page: true,
    refs: ['rfc6749-4.1.2'],
  },
  '/as/token': {
    name: 'token endpoint',
    methods: { POST: tokenEndpoint },
    cors: true,
    refs: ['rfc6749-3.2'],
  },
  '/as/revoke': {
    name: 'revocation endpoint',
    methods: { POST: revocationEndpoint },
    cors: true,
    refs: ['rfc7009-2'],
  },
  '/as/introspect': {
    name: 'introspection endpoint',
    methods: { POST: introspectionEndpoint },
    cors: true,
    refs: ['rfc7662-2.1'],
  },
  '/as/device_authorization': {
    name: 'device authorization endpoint',
    methods: { POST: deviceAuthorizationEndpoint },
    cors: true,
    refs: ['rfc8628-3.1'],
  },
  '/as/device': {
    name: 'device verification page',
    methods: { GET: deviceCodePageEndpoint, POST: deviceCodeEntryEndpoint },
    cors: false,
    page: true,
    refs: ['rfc8628-3.3'],
  },
  '/as/register': {
    name: 'client registration endpoint',
    methods: { POST: registrationEndpoint },
    cors: true,
    refs: ['rfc7591-3'],
  },
  '/as/userinfo': {
    name: 'UserInfo endpoint',
    methods: both(userinfoEndpoint),
    cors: true,
    refs: ['oidc-5.3'],
  },
  ...Object.fromEntries(
    Object.entries(resources).map(([path, resource]) => [
      path,
      {
        name: 'social network API',
        methods: { GET: resourceServerEndpoint(resource) },
        cors: true,
        refs: ['rfc6750-2.1'],
      } satisfies Route,
    ]),
  ),
}

/** Each registered client's configuration endpoint (RFC 7592), under one prefix. */
const clientConfiguration: Route = {
  name: 'client configuration endpoint',
  methods: { GET: readClientEndpoint, PUT: updateClientEndpoint, DELETE: deleteClientEndpoint },
  cors: true,
  refs: ['rfc7592-2'],
}

function findRoute(pathname: string): Route | undefined {
  if (Object.hasOwn(routes, pathname)) return routes[pathname]
  if (pathname.startsWith(clientConfigurationPrefix) && pathname.length > clientConfigurationPrefix.length)
    return clientConfiguration
  return undefined
}

/** Dispatches by path and method; unknown paths are 404 and wrong methods 405 with `Allow`. */
export async function route(ctx: RequestContext): Promise<Reply> {
  const { pathname } = ctx.url
  const entry = findRoute(pathname)
  if (entry === undefined) {
    ctx.trace.fail('route', `Nothing lives at ${pathname} on this server`, [])
    return jsonResponse(
      { error: 'not_found', error_description: `No endpoint at ${pathname}` },
      404,
      corsHeaders,
    )
  }
  const method = ctx.request.method.toUpperCase()
  const handler = isMethod(method) ? entry.methods[method] : undefined
  if (handler === undefined) return refuseMethod(ctx, entry, method)
  ctx.trace.info('route', `${method} ${pathname}: the ${entry.name}`, entry.refs)
  try {
    return await handler(ctx)
  } catch (error) {
    return entry.page === true ? frontChannelError(ctx, error, {}) : tokenErrorResponse(ctx, error)
  }
}

/** A method the endpoint does not serve: a CORS preflight where it allows one, otherwise 405 with `Allow`. */
function refuseMethod(ctx: RequestContext, entry: Route, method: string): Reply {
  const allowed = Object.keys(entry.methods)
  if (method === 'OPTIONS' && entry.cors) {
    ctx.trace.info(
      'route',
      `CORS preflight for the ${entry.name}: any origin may call it, without credentials`,
      ['rfc9700-2.6'],
    )
    return preflightResponse([...allowed, 'OPTIONS'])
  }
  const allow = [...allowed, ...(entry.cors ? ['OPTIONS'] : [])].join(', ')
  ctx.trace.fail('route', `${method} is not allowed at the ${entry.name} (allowed: ${allow})`, [
    'rfc9110-15.5.6',
  ])
  return jsonResponse(
    {
      error: 'invalid_request',
      error_description: `${method} is not allowed here; use ${allowed.join(' or ')}`,
    },
    405,
    { Allow: allow, 'Cache-Control': 'no-store', ...(entry.cors ? corsHeaders : {}) },
  )
}
