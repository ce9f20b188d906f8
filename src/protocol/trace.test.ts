import { describe, expect, it } from 'vitest'
import { Trace, traceEntry } from './trace.ts'

describe('trace entries', () => {
  it('carry detail and policy only when there is one: no key holds undefined', () => {
    const trace = new Trace()
    trace.pass('check-scope', 'Every requested scope is known', ['rfc6749-3.3'])
    trace.fail('check-grant-type', 'grant_type is missing', [], 'invalid_request: grant_type is missing')
    trace.info('route', 'POST /as/token')
    trace.policy('check-pkce', { name: 'pkcePlain', value: false }, 'plain is refused', ['rfc9700-2.1.1'])
    trace.policy(
      'check-pkce',
      { name: 'pkcePlain', value: false },
      'plain is refused',
      ['rfc9700-2.1.1'],
      'fail',
      'invalid_request: plain is not allowed',
    )
    expect(trace.entries.map((e) => Object.keys(e))).toEqual([
      ['check', 'outcome', 'summary', 'refs'],
      ['check', 'outcome', 'summary', 'refs', 'detail'],
      ['check', 'outcome', 'summary', 'refs'],
      ['check', 'outcome', 'summary', 'refs', 'policy'],
      ['check', 'outcome', 'summary', 'refs', 'detail', 'policy'],
    ])
    expect(trace.entries[1]).toEqual({
      check: 'check-grant-type',
      outcome: 'fail',
      summary: 'grant_type is missing',
      refs: [],
      detail: 'invalid_request: grant_type is missing',
    })
    expect(trace.entries[4]).toEqual({
      check: 'check-pkce',
      outcome: 'fail',
      summary: 'policy pkcePlain=false: plain is refused',
      refs: ['rfc9700-2.1.1'],
      detail: 'invalid_request: plain is not allowed',
      policy: 'pkcePlain',
    })
    expect(trace.entries[2]!.refs).toEqual([])
  })

  it('an entry that cites nothing shares one list that cannot be added to', () => {
    const a = traceEntry('info', 'route', 'GET /as/jwks')
    const b = traceEntry('info', 'route', 'GET /as/userinfo')
    expect(a.refs).toBe(b.refs)
    expect(() => (a.refs as string[]).push('rfc6749-3.2')).toThrow(TypeError)
  })
})
