import { beforeEach, describe, expect, it } from 'vitest'
import {
  bearerGet,
  createTestServer,
  json,
  outcomeOf,
  redeemSpaCode,
  spaCode,
  testOrigin,
  type TestServer,
} from '../test-utils.ts'

let t: TestServer
beforeEach(async () => {
  t = await createTestServer()
})

async function accessToken(scope = 'openid profile email friends.read movies.read'): Promise<string> {
  const body = await json(await redeemSpaCode(t.server, await spaCode(t.server, { scope })))
  return String(body['access_token'])
}

describe('UserInfo', () => {
  it('returns sub and the claims of the granted scopes', async () => {
    const traced = await bearerGet(t.server, '/as/userinfo', await accessToken())
    expect(traced.response.status).toBe(200)
    expect(await json(traced)).toEqual({
      sub: 'alice-1865',
      name: 'Alice Liddell',
      given_name: 'Alice',
      family_name: 'Liddell',
      preferred_username: 'alice',
      email: 'alice@wonderland.example',
      email_verified: true,
    })
    expect(traced.response.headers.get('cache-control')).toBe('no-store')
  })

  it('releases only what was granted', async () => {
    const traced = await bearerGet(t.server, '/as/userinfo', await accessToken('openid email'))
    expect(await json(traced)).toEqual({
      sub: 'alice-1865',
      email: 'alice@wonderland.example',
      email_verified: true,
    })
  })

  it('no token → 401 with a bare Bearer challenge, no error code', async () => {
    const traced = await bearerGet(t.server, '/as/userinfo')
    expect(traced.response.status).toBe(401)
    expect(traced.response.headers.get('www-authenticate')).toBe('Bearer realm="Friendly Social"')
    expect(outcomeOf(traced, 'check-bearer-token')).toBe('fail')
  })

  it('without openid → 403 insufficient_scope', async () => {
    const traced = await bearerGet(t.server, '/as/userinfo', await accessToken('profile'))
    expect(traced.response.status).toBe(403)
    expect(traced.response.headers.get('www-authenticate')).toContain('error="insufficient_scope"')
    expect(outcomeOf(traced, 'check-token-scope')).toBe('fail')
  })

  it('expired token → 401 invalid_token', async () => {
    const token = await accessToken()
    t.clock.advance(3601)
    const traced = await bearerGet(t.server, '/as/userinfo', token)
    expect(traced.response.status).toBe(401)
    expect(traced.response.headers.get('www-authenticate')).toContain('error="invalid_token"')
    expect(traced.trace.find((e) => e.check === 'check-access-token')?.summary).toContain('expired')
  })
})

describe('resource server (the social network API)', () => {
  it('happy path: friends with the movies they like', async () => {
    const traced = await bearerGet(t.server, '/rs/me/friends/movies', await accessToken())
    expect(traced.response.status).toBe(200)
    const body = (await json(traced)) as {
      friends: { id: string; likes: { title: string; year: number }[] }[]
    }
    expect(body.friends.map((f) => f.id)).toEqual(['bob', 'carol', 'dave'])
    expect(body.friends[0]?.likes).toContainEqual({ title: 'The Matrix', year: 1999 })
    expect(traced.response.headers.get('access-control-allow-origin')).toBe('*')
    for (const check of ['check-bearer-token', 'check-access-token', 'check-token-scope'])
      expect(outcomeOf(traced, check)).toBe('pass')
  })

  it('no token → 401 without an error code', async () => {
    const traced = await bearerGet(t.server, '/rs/me/friends')
    expect(traced.response.status).toBe(401)
    expect(traced.response.headers.get('www-authenticate')).toBe('Bearer realm="Friendly Social API"')
  })

  it('bad token → 401 invalid_token', async () => {
    const traced = await bearerGet(t.server, '/rs/me', 'not.a.jwt')
    expect(traced.response.status).toBe(401)
    expect((await json(traced))['error']).toBe('invalid_token')
    expect(traced.response.headers.get('www-authenticate')).toMatch(
      /^Bearer realm="Friendly Social API", error="invalid_token"/,
    )
    expect(outcomeOf(traced, 'check-access-token')).toBe('fail')
  })

  it('a token signed by another key → 401 invalid_token', async () => {
    const other = await createTestServer({ signingKey: 'generate' })
    const foreign = String(
      (await json(await redeemSpaCode(other.server, await spaCode(other.server))))['access_token'],
    )
    const traced = await bearerGet(t.server, '/rs/me', foreign)
    expect(traced.response.status).toBe(401)
    expect(outcomeOf(traced, 'check-access-token')).toBe('fail')
  })

  it('insufficient scope → 403 with the needed scope in the challenge', async () => {
    const traced = await bearerGet(
      t.server,
      '/rs/me/friends/movies',
      await accessToken('openid friends.read'),
    )
    expect(traced.response.status).toBe(403)
    expect((await json(traced))['error']).toBe('insufficient_scope')
    expect(traced.response.headers.get('www-authenticate')).toContain('scope="friends.read movies.read"')
    expect(outcomeOf(traced, 'check-token-scope')).toBe('fail')
  })

  it('tokens are forgotten after reset()', async () => {
    const token = await accessToken()
    t.server.reset()
    const traced = await bearerGet(t.server, '/rs/me', token)
    expect(traced.response.status).toBe(401)
  })

  it('unknown path → 404 JSON; wrong method → 405 with Allow', async () => {
    const missing = await t.server.handle(new Request(`${testOrigin}/rs/nope`))
    expect(missing.response.status).toBe(404)
    expect((await json(missing))['error']).toBe('not_found')
    expect(outcomeOf(missing, 'route')).toBe('fail')
    const wrong = await t.server.handle(new Request(`${testOrigin}/rs/me`, { method: 'DELETE' }))
    expect(wrong.response.status).toBe(405)
    expect(wrong.response.headers.get('allow')).toBe('GET, OPTIONS')
  })
})
