import { describe, expect, it } from 'vitest'
import { reply, toResponse } from '../server/http/reply.ts'
import type { Reply } from '../server/index.ts'
import { toServed } from './recording-server.ts'

/** How the Node server served a Web Response before replies: Headers' order, Set-Cookie last, the stream's bytes. */
async function servedFromResponse(response: Response) {
  const headers: [string, string][] = []
  for (const [name, value] of response.headers) if (name !== 'set-cookie') headers.push([name, value])
  for (const cookie of response.headers.getSetCookie()) headers.push(['set-cookie', cookie])
  return { status: response.status, headers, body: Buffer.from(await response.arrayBuffer()) }
}

const replies: Reply[] = [
  reply(
    200,
    { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', Pragma: 'no-cache' },
    '{"a":1}',
  ),
  reply(200, { 'Content-Type': 'application/json' }, '{"name":"Zoë 🔑"}'),
  reply(200, { 'Content-Type': 'application/json' }, `{"odd":"\ud800"}`),
  reply(302, { Location: 'https://a.example/cb?code=x&iss=y', 'Referrer-Policy': 'no-referrer' }, null),
  reply(204, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Max-Age': '600' }, null),
  reply(
    200,
    { 'Set-Cookie': 'gs_session=abc; Path=/as', 'X-Frame-Options': 'DENY', 'content-type': 'text/html' },
    '<p/>',
  ),
  reply(401, { 'X-Twice': 'one', 'x-twice': 'two', 'WWW-Authenticate': 'Basic realm="x"' }, '{}'),
]

/** The same replies from frozen header sets (constants), which are checked and listed once and reused. */
const fromConstants: Reply[] = replies.map((made) =>
  reply(made.status, Object.freeze({ ...made.headers }), made.body),
)

describe('served replies', () => {
  it('go out exactly as the Web Response made of them would: status, headers in order, bytes', async () => {
    for (const made of [...replies, ...fromConstants, ...fromConstants]) {
      const served = toServed(made, [])
      const reference = await servedFromResponse(toResponse(made))
      expect({ status: served.status, headers: served.headers }).toEqual({
        status: reference.status,
        headers: reference.headers,
      })
      expect(Buffer.from(served.body, 'utf8').equals(reference.body)).toBe(true)
    }
  })
})
