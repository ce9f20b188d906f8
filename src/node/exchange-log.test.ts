import { describe, expect, it } from 'vitest'
import type { SpecRefId } from '../protocol/spec-refs.ts'
import type { TraceEntry, TraceOutcome } from '../protocol/trace.ts'
import type { RawExchange } from './console-masking.ts'
import { ExchangeLog, TraceInterner } from './exchange-log.ts'

const exchange = (trace: readonly TraceEntry[], url = 'http://localhost:8080/as/token'): RawExchange => ({
  request: { method: 'POST', url, headers: [] },
  response: { status: 200, statusText: 'OK', headers: [], body: '' },
  trace,
  at: 0,
  durationMs: 1,
  via: 'http',
})

const entry = (fields: Partial<TraceEntry> = {}): TraceEntry => ({
  check: 'check-scope',
  outcome: 'pass',
  summary: 'Every requested scope is known: movies.read',
  refs: ['rfc6749-3.3'],
  ...fields,
})

/** A fresh copy, as the next request's checks build it: equal, never the same objects. */
const copy = (e: TraceEntry): TraceEntry => JSON.parse(JSON.stringify(e)) as TraceEntry

describe('the exchange log', () => {
  it('keeps the latest `capacity` exchanges, numbered, and hands out those after a given id', () => {
    const log = new ExchangeLog(3)
    for (let i = 1; i <= 5; i++) log.record(exchange([], `http://localhost:8080/as/token?n=${i}`))
    expect(log.recent().map((e) => [e.id, e.request.url])).toEqual([
      [3, 'http://localhost:8080/as/token?n=3'],
      [4, 'http://localhost:8080/as/token?n=4'],
      [5, 'http://localhost:8080/as/token?n=5'],
    ])
    expect(log.recent(4).map((e) => e.id)).toEqual([5])
  })

  it('tells a watcher of each new exchange as it is recorded', () => {
    const log = new ExchangeLog()
    const seen: number[] = []
    const stop = log.subscribe((e) => seen.push(e.id))
    log.record(exchange([entry()]))
    stop()
    log.record(exchange([entry()]))
    expect(seen).toEqual([1])
    expect(log.watchers).toBe(0)
  })

  it('shares the trace entries of exchanges whose checks said the same, and shows each as it was', () => {
    const log = new ExchangeLog()
    const first = [entry({ check: 'route', outcome: 'info', summary: 'POST /as/token' }), entry()]
    log.record(exchange(first))
    log.record(exchange(first.map(copy)))
    const [a, b] = log.recent()
    expect(b!.trace).toEqual(a!.trace)
    expect(b!.trace.map((e) => e.summary)).toEqual(['POST /as/token', first[1]!.summary])
  })
})

describe('sharing trace entries', () => {
  it('returns the entry kept earlier for an equal one', () => {
    const interner = new TraceInterner()
    const kept = interner.intern([entry(), entry({ check: 'route', outcome: 'info' })])
    const again = interner.intern([copy(kept[0]!), copy(kept[1]!)])
    expect(again[0]).toBe(kept[0])
    expect(again[1]).toBe(kept[1])
  })

  // Each field on its own: an entry that differs in any one of them is never merged with another.
  const differences: readonly [string, Partial<TraceEntry>][] = [
    ['outcome', { outcome: 'info' }],
    ['summary', { summary: 'Every requested scope is known: movies.write' }],
    ['summary of the same length', { summary: 'Every requested scope is known: movies.reaD' }],
    ['detail', { detail: 'movies.read is a scope this server knows' }],
    ['another detail', { detail: 'asked for: movies.read' }],
    ['refs', { refs: ['rfc6749-3.3', 'rfc6749-4.4'] }],
    ['a ref', { refs: ['rfc6749-4.4'] }],
    ['policy', { policy: 'accessTokenFormat' }],
  ]
  for (const [field, change] of differences) {
    it(`keeps an entry that differs in its ${field} apart`, () => {
      const interner = new TraceInterner()
      const base = entry({ detail: 'asked for: movies.read ', policy: 'refreshRotation' })
      interner.intern([base])
      const other = { ...base, ...change }
      const [shared] = interner.intern([other])
      expect(shared).toEqual(other)
      expect(interner.intern([copy(base)])[0]).toBe(base)
    })
  }

  it('never changes what an entry says, over many random traces (model: the entries themselves)', () => {
    const interner = new TraceInterner()
    const outcomes: readonly TraceOutcome[] = ['pass', 'fail', 'info']
    const refs: readonly (readonly SpecRefId[])[] = [
      [],
      ['rfc6749-3.3'],
      ['rfc6749-5.2'],
      ['rfc6749-3.3', 'rfc6749-5.2'],
    ]
    let seed = 7
    const pick = <T>(list: readonly T[]): T => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return list[seed % list.length]!
    }
    for (let round = 0; round < 400; round++) {
      const trace = Array.from({ length: 6 }, () => {
        const detail = pick([undefined, 'a', 'b'])
        const policy = pick([undefined, 'pkcePlain'])
        return entry({
          check: pick(['route', 'check-scope', 'check-grant-type']),
          outcome: pick(outcomes),
          summary: pick(['x', 'y', 'yy', 'z', 'zz', 'zzz', 'w', 'v', 'u', 't']),
          refs: pick(refs),
          ...(detail === undefined ? {} : { detail }),
          ...(policy === undefined ? {} : { policy }),
        })
      })
      const shared = interner.intern(trace.map(copy))
      expect(shared).toEqual(trace)
    }
  })

  it('keeps a bounded number of entries per check: the least recently used one is dropped', () => {
    const interner = new TraceInterner()
    const variants = Array.from({ length: 9 }, (_, i) => entry({ summary: `variant ${i}` }))
    interner.intern(variants.slice(0, 8))
    expect(interner.intern([copy(variants[0]!)])[0]).toBe(variants[0])
    // The ninth pushes out the least recently used: variant 1, since variant 0 was just used.
    interner.intern([variants[8]!])
    expect(interner.intern([copy(variants[0]!)])[0]).toBe(variants[0])
    expect(interner.intern([copy(variants[1]!)])[0]).not.toBe(variants[1])
  })
})
