import { describe, expect, it } from 'vitest'
import { hidden, maskExchange, type RawExchange } from './console-masking.ts'

const jwt = (claims: Record<string, unknown>) =>
  [
    Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url'),
    Buffer.from(JSON.stringify(claims)).toString('base64url'),
    'c2lnbmF0dXJlLXRoYXQtbXVzdC1uZXZlci1iZS1zaG93bg',
  ].join('.')

const exchange = (overrides: Partial<RawExchange>): RawExchange => ({
  request: { method: 'POST', url: 'http://localhost:8080/as/token', headers: [] },
  response: { status: 200, statusText: 'OK', headers: [], body: '' },
  trace: [],
  at: 0,
  durationMs: 1,
  via: 'http',
  ...overrides,
})

const form = [['content-type', 'application/x-www-form-urlencoded']] as const
const json = [['content-type', 'application/json']] as const

describe('the console masks secrets', () => {
  it('hides passwords, client secrets and the PKCE verifier entirely; shows six characters of a code', () => {
    const entry = maskExchange(
      exchange({
        request: {
          method: 'POST',
          url: 'http://localhost:8080/as/token',
          headers: form,
          body: 'grant_type=authorization_code&code=SplxlOBeZQQYbYS6WxSbIA&code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk&client_id=web-app&client_secret=web-app-secret&password=wonderland',
        },
      }),
      1,
    )
    const body = entry.request.body!
    expect(body).toContain(`client_secret=${hidden}`)
    expect(body).toContain(`password=${hidden}`)
    expect(body).toContain(`code_verifier=${hidden}`)
    expect(body).toContain('code=SplxlO… (22 chars)')
    expect(body).toContain('client_id=web-app')
    for (const secret of ['web-app-secret', 'wonderland', 'dBjftJeZ4CVP', 'SplxlOBeZQQYbYS6WxSbIA'])
      expect(JSON.stringify(entry)).not.toContain(secret)
  })

  it('shows the client_id of HTTP Basic and hides its secret; decodes a Bearer JWT without its signature', () => {
    const token = jwt({ sub: 'alice', scope: 'movies.read' })
    const entry = maskExchange(
      exchange({
        request: {
          method: 'GET',
          url: 'http://localhost:8080/rs/movies',
          headers: [
            ['authorization', `Basic ${Buffer.from('service:service-secret').toString('base64')}`],
            ['x-other', `Bearer ${token}`],
          ],
        },
      }),
      1,
    )
    expect(entry.request.headers[0]?.[1]).toBe(`Basic ${hidden} (client_id "service", secret hidden)`)
    const bearer = maskExchange(
      exchange({
        request: { method: 'GET', url: 'http://x/rs', headers: [['Authorization', `Bearer ${token}`]] },
      }),
      2,
    )
    expect(bearer.tokens).toEqual([
      {
        where: 'Authorization header',
        header: { alg: 'RS256', typ: 'JWT' },
        claims: { sub: 'alice', scope: 'movies.read' },
      },
    ])
    expect(JSON.stringify(bearer)).not.toContain('c2lnbmF0dXJl')
  })

  it('masks tokens in a token response and in a redirect’s query and fragment, and session cookies', () => {
    const idToken = jwt({ sub: 'alice', nonce: 'n' })
    const entry = maskExchange(
      exchange({
        request: {
          method: 'POST',
          url: 'http://localhost:8080/as/consent',
          headers: [['cookie', 'gs_session=abcdefghijklmnopqrstuvwxyz']],
        },
        response: {
          status: 302,
          statusText: 'Found',
          headers: [
            [
              'location',
              `http://localhost:8080/callback#access_token=opaqueaccesstoken123&id_token=${idToken}&state=xyz`,
            ],
            ['set-cookie', 'gs_session=zyxwvutsrqponmlkjihgfedcba; Path=/as; HttpOnly'],
          ],
          body: '',
        },
      }),
      1,
    )
    const location = entry.response!.headers[0]![1]
    expect(location).toContain('access_token=opaque… (20 chars)')
    expect(location).toContain('state=xyz')
    expect(entry.tokens.map((t) => t.where)).toEqual(['Location fragment id_token'])
    expect(entry.request.headers[0]![1]).toBe('gs_session=abcd… (26 chars)')
    expect(entry.response!.headers[1]![1]).toBe('gs_session=zyxw… (26 chars); Path=/as; HttpOnly')

    const tokens = maskExchange(
      exchange({
        response: {
          status: 200,
          statusText: 'OK',
          headers: json,
          body: JSON.stringify({
            access_token: jwt({ sub: 'a' }),
            refresh_token: 'refreshrefreshrefresh',
            token_type: 'Bearer',
          }),
        },
      }),
      2,
    )
    expect(tokens.response!.body).toContain('"refresh_token": "refres… (21 chars)"')
    expect(tokens.response!.body).toContain('"token_type": "Bearer"')
    expect(tokens.tokens[0]).toMatchObject({ where: 'response access_token', claims: { sub: 'a' } })
    expect(tokens.response!.body).not.toContain('refreshrefreshrefresh')
  })

  it('masks what a registration hands out: the client secret and the registration access token', () => {
    const entry = maskExchange(
      exchange({
        request: {
          method: 'POST',
          url: 'http://localhost:8080/as/register',
          headers: json,
          body: JSON.stringify({ client_name: 'My app', redirect_uris: ['http://localhost:5173/cb'] }),
        },
        response: {
          status: 201,
          statusText: 'Created',
          headers: json,
          body: JSON.stringify({
            client_id: 'abcdefghijklmnopqrstuv',
            client_secret: 'the-registered-secret-value',
            registration_access_token: 'registration-access-token-value',
            registration_client_uri: 'http://localhost:8080/as/register/abcdefghijklmnopqrstuv',
            client_name: 'My app',
          }),
        },
      }),
      3,
    )
    const body = entry.response!.body
    expect(body).toContain(`"client_secret": "${hidden}"`)
    expect(body).toContain('"registration_access_token": "regist… (31 chars)"')
    expect(body).toContain('"client_id": "abcdefghijklmnopqrstuv"')
    expect(body).not.toContain('the-registered-secret-value')
    expect(body).not.toContain('registration-access-token-value')
    expect(entry.request.body).toContain('"client_name": "My app"')
  })

  it('scrubs a secret from the trace wherever the server mentioned it', () => {
    const entry = maskExchange(
      exchange({
        request: {
          method: 'POST',
          url: 'http://x/as/token',
          headers: form,
          body: 'code_verifier=plain-verifier-value',
        },
        trace: [
          {
            check: 'check-pkce-verifier',
            outcome: 'fail',
            summary: 'plain-verifier-value is not the challenge',
            refs: [],
          },
        ],
      }),
      1,
    )
    expect(entry.trace[0]?.summary).toBe(`${hidden} is not the challenge`)
  })

  it('does not show HTML pages or bodies of unknown types', () => {
    const entry = maskExchange(
      exchange({
        request: {
          method: 'POST',
          url: 'http://x/as/token',
          headers: [['content-type', 'text/xml']],
          body: '<secret/>',
        },
        response: {
          status: 200,
          statusText: 'OK',
          headers: [['content-type', 'text/html']],
          body: '<form><input name="interaction" value="s3cr3t-interaction"></form>',
        },
      }),
      1,
    )
    expect(entry.request.body).toBe('[9 bytes of text/xml, not shown]')
    expect(entry.response!.body).toMatch(/^\[HTML page, \d+ bytes/)
  })
})
