import { decodeJwt } from 'jose'
import { beforeEach, describe, expect, it } from 'vitest'
import type { DemoClient } from '../demo-world.ts'
import { basicAuthorization } from '../http/basic-credentials.ts'
import {
  bearerGet,
  createTestServer,
  entriesOf,
  json,
  outcomeOf,
  postForm,
  redeemSpaCode,
  spaCode,
  testIssuer,
  testOrigin,
  type TestServer,
} from '../test-utils.ts'

let t: TestServer
beforeEach(async () => {
  t = await createTestServer()
})

const asService: Record<string, string> = { authorization: basicAuthorization('service', 'service-secret') }

const clientCredentials = (extra: Record<string, string> = {}, headers = asService, s = t) =>
  postForm(s.server, '/as/token', { grant_type: 'client_credentials', ...extra }, headers)

async function expectError(
  traced: Awaited<ReturnType<typeof postForm>>,
  status: number,
  error: string,
  description: string,
  check: string,
) {
  expect(traced.response.status).toBe(status)
  expect(traced.response.headers.get('cache-control')).toBe('no-store')
  expect(await json(traced)).toEqual({ error, error_description: description })
  expect(outcomeOf(traced, check)).toBe('fail')
}

async function appToken(): Promise<string> {
  return String((await json(await clientCredentials()))['access_token'])
}

describe('client credentials grant (RFC 6749 §4.4)', () => {
  it('client_secret_basic, scope omitted → the registered default; a token for the client itself', async () => {
    const traced = await clientCredentials()
    expect(traced.response.status).toBe(200)
    expect(traced.response.headers.get('cache-control')).toBe('no-store')
    const body = await json(traced)
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'scope', 'token_type'])
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'movies.read' })
    const claims = decodeJwt(String(body['access_token']))
    expect(claims).toMatchObject({
      iss: testIssuer,
      sub: 'service',
      client_id: 'service',
      aud: `${testOrigin}/rs`,
      scope: 'movies.read',
    })
    expect(claims).not.toHaveProperty('auth_time')
    expect(entriesOf(traced, 'check-scope')[0]).toMatchObject({
      outcome: 'info',
      summary: 'scope omitted: service gets its registered default scope, movies.read',
    })
    expect(outcomeOf(traced, 'check-scope-without-user')).toBe('pass')
    expect(entriesOf(traced, 'client-credentials')[0]?.refs).toContain('rfc6749-4.4.3')
  })

  it('client_secret_post with an explicit scope', async () => {
    const traced = await clientCredentials(
      { client_id: 'service', client_secret: 'service-secret', scope: 'movies.read' },
      {},
    )
    expect(traced.response.status).toBe(200)
    expect(entriesOf(traced, 'check-client-authentication')[0]?.summary).toContain('client_secret_post')
    expect(outcomeOf(traced, 'check-scope')).toBe('pass')
  })

  it('openid → invalid_scope: no user in this grant', async () => {
    await expectError(
      await clientCredentials({ scope: 'openid movies.read' }),
      400,
      'invalid_scope',
      'scope openid needs a user, but in the client credentials grant the client acts on its own behalf',
      'check-scope-without-user',
    )
  })

  it('several user scopes are all named', async () => {
    const traced = await clientCredentials({ scope: 'offline_access profile friends.read' })
    await expectError(
      traced,
      400,
      'invalid_scope',
      'scope offline_access profile friends.read needs a user, but in the client credentials grant the client acts on its own behalf',
      'check-scope-without-user',
    )
  })

  it('an unknown scope → invalid_scope', async () => {
    await expectError(
      await clientCredentials({ scope: 'movies.write' }),
      400,
      'invalid_scope',
      'unknown scope: movies.write',
      'check-scope',
    )
  })

  it('a client without a registered scope must send one', async () => {
    const bare: DemoClient = {
      client_id: 'batch',
      client_name: 'Batch job',
      client_secret: 'batch-secret',
      token_endpoint_auth_methods: ['client_secret_basic'],
      grant_types: ['client_credentials'],
      redirect_paths: [],
      description: 'test',
    }
    const s = await createTestServer({}, [bare])
    const headers = { authorization: basicAuthorization('batch', 'batch-secret') }
    await expectError(
      await clientCredentials({}, headers, s),
      400,
      'invalid_scope',
      'scope is missing, and client batch has no default scope',
      'check-scope',
    )
    expect((await clientCredentials({ scope: 'movies.read' }, headers, s)).response.status).toBe(200)
  })

  it.each([
    ['web-app', { authorization: basicAuthorization('web-app', 'web-app-secret') }],
    ['tv', {}],
  ])('%s is not registered for it → unauthorized_client', async (clientId, headers) => {
    const extra: Record<string, string> = clientId === 'tv' ? { client_id: 'tv' } : {}
    await expectError(
      await clientCredentials(extra, headers),
      400,
      'unauthorized_client',
      `client ${clientId} is not allowed to use the client_credentials grant`,
      'check-client-grant',
    )
  })

  it('a wrong secret → 401 invalid_client', async () => {
    await expectError(
      await clientCredentials({}, { authorization: basicAuthorization('service', 'nope') }),
      401,
      'invalid_client',
      'Wrong client secret for service',
      'check-client-authentication',
    )
  })
})

describe('app-only tokens at the resource server', () => {
  it.each(['/rs/me', '/rs/me/friends', '/rs/me/friends/movies', '/as/userinfo'])(
    'a user endpoint (%s) refuses them: 403 insufficient_scope, before the scope is looked at',
    async (path) => {
      const traced = await bearerGet(t.server, path, await appToken())
      const description =
        "This endpoint reads a user's data, but the token was issued to a client acting on its own behalf (client credentials)"
      expect(traced.response.status).toBe(403)
      expect((await json(traced))['error_description']).toBe(description)
      const challenge = traced.response.headers.get('www-authenticate') ?? ''
      expect(challenge).toMatch(/^Bearer realm="[^"]+", error="insufficient_scope"/)
      expect(challenge).toContain(`error_description="${description}"`)
      expect(outcomeOf(traced, 'check-token-user')).toBe('fail')
      expect(entriesOf(traced, 'check-token-user')[0]?.summary).toContain(
        'its sub is service, the client itself',
      )
      expect(outcomeOf(traced, 'check-token-scope')).toBeUndefined()
    },
  )

  it('/rs/movies serves the public catalogue to them', async () => {
    const traced = await bearerGet(t.server, '/rs/movies', await appToken())
    expect(traced.response.status).toBe(200)
    const { movies } = (await json(traced)) as { movies: { title: string; year: number; likes: number }[] }
    expect(movies[0]).toEqual({ title: 'Spirited Away', year: 2001, likes: 2 })
    expect(movies).toHaveLength(17)
    expect(new Set(movies.map((m) => m.title)).size).toBe(17)
    expect(movies.filter((m) => m.likes === 1)).toHaveLength(16)
    expect(outcomeOf(traced, 'check-token-scope')).toBe('pass')
    expect(outcomeOf(traced, 'check-token-user')).toBeUndefined()
  })

  it('/rs/movies serves user tokens too, and still needs movies.read', async () => {
    const withScope = await json(await redeemSpaCode(t.server, await spaCode(t.server)))
    expect((await bearerGet(t.server, '/rs/movies', String(withScope['access_token']))).response.status).toBe(
      200,
    )
    const without = await json(
      await redeemSpaCode(t.server, await spaCode(t.server, { scope: 'openid profile' })),
    )
    const traced = await bearerGet(t.server, '/rs/movies', String(without['access_token']))
    expect(traced.response.status).toBe(403)
    expect(traced.response.headers.get('www-authenticate')).toContain('scope="movies.read"')
    expect(outcomeOf(traced, 'check-token-scope')).toBe('fail')
  })
})
