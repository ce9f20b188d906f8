import { describe, expect, it } from 'vitest'
import { Store, storeCapacity } from './store.ts'

const session = (evictAt: number) => ({ userId: 'u', authTime: 0, evictAt })

describe('Store', () => {
  it('forgets expired records', () => {
    let now = 100
    const store = new Store(() => now)
    store.put('sessions', 'a', session(110))
    expect(store.get('sessions', 'a')).toBeDefined()
    now = 110
    expect(store.get('sessions', 'a')).toBeUndefined()
  })

  it('is bounded: the oldest record goes first', () => {
    const store = new Store(() => 0, 3)
    for (const key of ['a', 'b', 'c', 'd']) store.put('sessions', key, session(1000))
    expect(Object.keys(store.data.sessions)).toEqual(['b', 'c', 'd'])
  })

  it('never holds more than its cap, however many records are written', () => {
    let now = 0
    const store = new Store(() => now, 100)
    for (let i = 0; i < 5000; i++) {
      if (i % 700 === 0) now += 1
      store.put('accessTokens', `t${i}`, {
        ...session(10_000),
        grantId: 'g',
        clientId: 'c',
        scope: '',
        issuedAt: 0,
        expiresAt: 10_000,
        format: 'jwt',
        subject: 'u',
      })
      expect(Object.keys(store.data.accessTokens).length).toBeLessThanOrEqual(100)
    }
    expect(store.get('accessTokens', 't4999')).toBeDefined()
  })

  it('is plain serializable data', () => {
    const store = new Store(() => 0)
    store.put('sessions', 'a', session(5))
    expect(JSON.parse(JSON.stringify(store.data))).toEqual(store.data)
    store.reset()
    expect(store.data.sessions).toEqual({})
  })
})

describe('Store bounds', () => {
  it('caps every map, each at its own size', () => {
    const store = new Store(() => 0, { sessions: 2, failedAttempts: 3 })
    for (let i = 0; i < 10; i++) {
      store.put('sessions', `s${i}`, session(1000))
      store.put('failedAttempts', `f${i}`, { times: [0], evictAt: 1000 })
    }
    expect(store.sizes()).toMatchObject({ sessions: 2, failedAttempts: 3 })
    expect(Object.keys(store.data.failedAttempts)).toEqual(['f7', 'f8', 'f9'])
  })

  it('keeps exactly the newest records by last put, through re-puts, deletes and resets', () => {
    const cap = 7
    const store = new Store(() => 0, cap)
    let model: string[] = []
    let seed = 1
    const random = (n: number) => (seed = (seed * 48271) % 2147483647) % n
    for (let i = 0; i < 3000; i++) {
      const key = `k${random(40)}`
      const action = random(20)
      if (action === 0) {
        store.reset()
        model = []
      } else if (action < 4) {
        store.delete('sessions', key)
        model = model.filter((k) => k !== key)
      } else {
        store.put('sessions', key, session(1000))
        model = [...model.filter((k) => k !== key), key].slice(-cap)
      }
      expect(Object.keys(store.data.sessions)).toEqual(model)
    }
  })

  it('sweeps expired entries on a later put, without a read', () => {
    let now = 0
    const store = new Store(() => now)
    for (let i = 0; i < 5; i++) store.put('sessions', `s${i}`, session(10))
    now = 100
    store.put('sessions', 'fresh', session(1000))
    expect(store.sizes().sessions).toBe(1)
  })

  it('has a finite capacity for every map', () => {
    for (const cap of Object.values(storeCapacity)) expect(cap).toBeLessThanOrEqual(10_000)
  })
})
