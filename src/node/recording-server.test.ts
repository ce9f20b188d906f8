import type { ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import { reply, toResponse } from '../server/http/reply.ts'
import type { Reply } from '../server/index.ts'
import { batchedSender, toServed, writeServed } from './recording-server.ts'

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

describe('answers sent in batches', () => {
  /** A response that records when it was ended, in a log shared by all of them. */
  const recorder = () => {
    const ended: string[] = []
    const response = (name: string, fail = false) =>
      ({
        end: (body: string) => {
          if (fail) throw new Error('socket gone')
          ended.push(`${name}:${body}`)
        },
        destroy: () => ended.push(`${name}:destroyed`),
      }) as unknown as ServerResponse
    return { ended, response }
  }
  const turn = () => new Promise((done) => setImmediate(done))

  it('go out at the end of the turn, all of them, in the order they were made', async () => {
    const { ended, response } = recorder()
    const send = batchedSender()
    send(response('a'), '1')
    send(response('b'), '2')
    expect(ended).toEqual([])
    await turn()
    expect(ended).toEqual(['a:1', 'b:2'])
    send(response('c'), '3')
    await turn()
    expect(ended).toEqual(['a:1', 'b:2', 'c:3'])
  })

  it('go out at once when the batch is full, so none waits behind a long turn', () => {
    const { ended, response } = recorder()
    const send = batchedSender(3)
    send(response('a'), '1')
    send(response('b'), '2')
    expect(ended).toEqual([])
    send(response('c'), '3')
    expect(ended).toEqual(['a:1', 'b:2', 'c:3'])
  })

  it('go out at once when the first has waited long enough, so a turn of slow work delays none for long', () => {
    const { ended, response } = recorder()
    let clock = 0
    const send = batchedSender(16, 2, () => clock)
    send(response('a'), '1')
    clock = 1.9
    send(response('b'), '2')
    expect(ended).toEqual([])
    clock = 2
    send(response('c'), '3')
    expect(ended).toEqual(['a:1', 'b:2', 'c:3'])
  })

  it('a response that cannot be ended is dropped; the others still go, and nothing throws', async () => {
    const { ended, response } = recorder()
    const send = batchedSender()
    send(response('a', true), '1')
    send(response('b'), '2')
    await turn()
    expect(ended).toEqual(['a:destroyed', 'b:2'])
  })

  it('writeServed sets status and headers at once and hands the body to the sender', () => {
    const headers: [string, unknown][] = []
    const res = {
      setHeader: (name: string, value: unknown) => headers.push([name, value]),
      statusCode: 200,
    } as unknown as ServerResponse
    const bodies: string[] = []
    const served = toServed(
      reply(
        401,
        { 'WWW-Authenticate': 'Basic', 'Set-Cookie': 'a=1', 'Content-Type': 'application/json' },
        '{}',
      ),
      [],
    )
    writeServed(res, served, (_, body) => bodies.push(body))
    expect(res.statusCode).toBe(401)
    expect(headers).toEqual([
      ['content-type', 'application/json'],
      ['www-authenticate', 'Basic'],
      ['Set-Cookie', ['a=1']],
    ])
    expect(bodies).toEqual(['{}'])
  })
})
