import { beforeEach, describe, expect, it } from 'vitest'
import { basicAuthorization } from '../http/basic-credentials.ts'
import {
  bearerGet,
  createTestServer,
  json,
  outcomeOf,
  postForm,
  testIssuer,
  type TestServer,
} from '../test-utils.ts'

let t: TestServer
let client: Record<string, unknown>
beforeEach(async () => {
  t = await createTestServer()
  client = await json(
    await t.server.handle(
      new Request(`${testIssuer}/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          client_name: 'Nightly job',
          grant_types: ['client_credentials'],
          scope: 'movies.read',
        }),
      }),
    ),
  )
})

const configuration = (
  method: string,
  token?: string,
  body?: unknown,
  clientId = String(client['client_id']),
) =>
  t.server.handle(
    new Request(`${testIssuer}/register/${encodeURIComponent(clientId)}`, {
      method,
      headers: {
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  )

const token = () => String(client['registration_access_token'])

describe('client configuration endpoint (RFC 7592)', () => {
  it('reads the registration with its access token', async () => {
    const traced = await configuration('GET', token())
    expect(traced.response.status).toBe(200)
    expect(await json(traced)).toEqual(client)
    expect(outcomeOf(traced, 'check-registration-access-token')).toBe('pass')
  })

  it('without a token: 401 with a bare Bearer challenge', async () => {
    const traced = await configuration('GET')
    expect(traced.response.status).toBe(401)
    expect(traced.response.headers.get('www-authenticate')).toBe('Bearer realm="client registration"')
  })

  it.each([
    ['a wrong token', () => 'x'.repeat(43), undefined],
    ['another client’s id', token, 'nobody'],
    ['a demo client', token, 'web-app'],
  ])('with %s: 401 invalid_token', async (_label, pick, clientId) => {
    const traced = await configuration('GET', pick(), undefined, clientId)
    expect(traced.response.status).toBe(401)
    expect(await json(traced)).toEqual({
      error: 'invalid_token',
      error_description: 'The registration access token is not valid for this client',
    })
    expect(outcomeOf(traced, 'check-registration-access-token')).toBe('fail')
  })

  it('updates the registration, keeping client_id, secret and token', async () => {
    const {
      registration_access_token: _t,
      registration_client_uri: _u,
      client_secret_expires_at: _e,
      client_id_issued_at: _i,
      ...metadata
    } = client
    const traced = await configuration('PUT', token(), {
      ...metadata,
      client_name: 'Renamed job',
      scope: 'movies.read',
    })
    expect(traced.response.status).toBe(200)
    expect(await json(traced)).toMatchObject({
      client_id: client['client_id'],
      client_secret: client['client_secret'],
      client_name: 'Renamed job',
    })
    expect(t.server.listClients().find((c) => c.client_id === client['client_id'])?.client_name).toBe(
      'Renamed job',
    )
  })

  it.each([
    [{ client_id: 'other' }, 'client_id must be the client_id of this registration'],
    [{ registration_access_token: 'x' }, 'registration_access_token must not be sent in an update'],
    [{ client_secret: 'guess' }, 'client_secret is not the current secret of this client'],
  ])('refuses an update with %j', async (extra, description) => {
    const traced = await configuration('PUT', token(), {
      client_id: client['client_id'],
      grant_types: ['client_credentials'],
      ...extra,
    })
    expect(traced.response.status).toBe(400)
    expect(await json(traced)).toEqual({ error: 'invalid_request', error_description: description })
  })

  it('validates updated metadata like a registration', async () => {
    const traced = await configuration('PUT', token(), {
      client_id: client['client_id'],
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'none',
    })
    expect(await json(traced)).toMatchObject({ error: 'invalid_client_metadata' })
  })

  it('deletes the client: 204, its tokens die, its registration token too', async () => {
    const auth = {
      authorization: basicAuthorization(String(client['client_id']), String(client['client_secret'])),
    }
    const tokens = await json(
      await postForm(t.server, '/as/token', { grant_type: 'client_credentials' }, auth),
    )
    const accessToken = String(tokens['access_token'])
    expect((await bearerGet(t.server, '/rs/movies', accessToken)).response.status).toBe(200)
    const deleted = await configuration('DELETE', token())
    expect(deleted.response.status).toBe(204)
    expect(outcomeOf(deleted, 'delete-client')).toBe('pass')
    expect((await bearerGet(t.server, '/rs/movies', accessToken)).response.status).toBe(401)
    expect(
      (await postForm(t.server, '/as/token', { grant_type: 'client_credentials' }, auth)).response.status,
    ).toBe(401)
    expect((await configuration('GET', token())).response.status).toBe(401)
  })

  it('a token of a client the server no longer knows is refused, revoked or not', async () => {
    const id = String(client['client_id'])
    const auth = { authorization: basicAuthorization(id, String(client['client_secret'])) }
    const tokens = await json(
      await postForm(t.server, '/as/token', { grant_type: 'client_credentials' }, auth),
    )
    t.server.context.clients.delete(id)
    const refused = await bearerGet(t.server, '/rs/movies', String(tokens['access_token']))
    expect(await json(refused)).toMatchObject({
      error: 'invalid_token',
      error_description: 'The access token was issued to a client that no longer exists',
    })
  })

  it('405 for other methods, with Allow', async () => {
    const traced = await configuration('POST', token())
    expect(traced.response.status).toBe(405)
    expect(traced.response.headers.get('allow')).toBe('GET, PUT, DELETE, OPTIONS')
  })
})
