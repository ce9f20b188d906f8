import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { checkLoopbackHost, isLoopbackAddress } from './loopback-guard.ts'

const request = (localAddress: string | undefined, host: string | undefined) =>
  ({ socket: { localAddress }, headers: host === undefined ? {} : { host } }) as unknown as IncomingMessage

describe('the loopback guard', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['::FFFF:127.0.0.1', true],
    ['10.0.0.5', false],
    ['192.168.1.20', false],
    ['::ffff:10.0.0.5', false],
    ['fe80::1', false],
    ['127.example', false],
    [undefined, false],
  ])('%s is loopback: %s', (address, loopback) => {
    expect(isLoopbackAddress(address)).toBe(loopback)
  })

  it('refuses a connection that arrived on another interface with 403, whatever its Host says', () => {
    expect(checkLoopbackHost(request('192.168.1.20', 'localhost:8080'), 8080)).toEqual({
      status: 403,
      message: 'Only served on the loopback interface (open it on this machine)',
    })
  })

  it('refuses a Host that is not this machine and port with 421 (DNS rebinding), and accepts one that is', () => {
    expect(checkLoopbackHost(request('127.0.0.1', 'attacker.example:8080'), 8080)?.status).toBe(421)
    expect(checkLoopbackHost(request('127.0.0.1', 'localhost:9999'), 8080)?.status).toBe(421)
    expect(checkLoopbackHost(request('127.0.0.1', undefined), 8080)?.status).toBe(421)
    expect(checkLoopbackHost(request('::1', '[::1]:8080'), 8080)).toBeUndefined()
    expect(checkLoopbackHost(request('::ffff:127.0.0.1', 'LOCALHOST:8080'), 8080)).toBeUndefined()
  })
})
