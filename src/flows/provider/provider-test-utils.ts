/**
 * A stand-in for the real browser in unit tests: a "popup" that signs in at the bundled server
 * through the simulated browser, and a BroadcastChannel bus between it and the run. Only tests
 * import this file.
 */
import { Window } from 'happy-dom'
import { autofill } from '@/protocol/html-form.ts'
import type { Transport } from '@/protocol/http-exchange.ts'
import { isRedirectUri } from '../browser-steps.ts'
import type { Navigation } from '../flow-contract.ts'
import { SimulatedUserAgent } from '../user-agent.ts'
import { offerToRunningFlow, type HandoffChannel, type HandoffMessage } from './callback-handoff.ts'
import type { WindowLike } from './popup-user-agent.ts'

const parser = new new Window().DOMParser()

/** Signs in as alice at the bundled server and returns where it redirects the browser back to. */
export async function signInAt(transport: Transport, url: string, redirectUri: string): Promise<string> {
  const browser = new SimulatedUserAgent(transport)
  let navigation: Navigation = { method: 'GET', url }
  for (let hop = 0; hop < 10; hop++) {
    const { outcome } = await browser.navigate(navigation)
    if (outcome.kind === 'redirect') {
      if (isRedirectUri(outcome.location, redirectUri)) return outcome.location
      navigation = { method: 'GET', url: outcome.location }
      continue
    }
    const doc = parser.parseFromString(outcome.page.html, 'text/html') as unknown as Document
    const next = autofill(doc, outcome.page.url, { username: 'alice', password: 'wonderland' })
    if (next === undefined)
      throw new Error(`Nothing to answer on ${outcome.page.url} (${outcome.page.status})`)
    navigation = next
  }
  throw new Error('The sign-in did not come back')
}

/** Same-origin BroadcastChannels in one process: a message reaches every other channel of the bus. */
export class FakeBus {
  private readonly channels = new Set<FakeChannel>()
  channel = (): FakeChannel => {
    const channel = new FakeChannel(this)
    this.channels.add(channel)
    return channel
  }
  /** Delivers a message to every channel but `from`, as if sent from `origin`. */
  emit(data: unknown, origin = '', from?: FakeChannel): void {
    for (const channel of this.channels)
      if (channel !== from) channel.receive({ data, origin } as MessageEvent)
  }
  drop(channel: FakeChannel): void {
    this.channels.delete(channel)
  }
}

class FakeChannel implements HandoffChannel {
  private readonly listeners = new Set<(event: MessageEvent<unknown>) => void>()
  constructor(private readonly bus: FakeBus) {}
  postMessage(message: HandoffMessage): void {
    queueMicrotask(() => this.bus.emit(message, '', this))
  }
  receive(event: MessageEvent): void {
    for (const listener of this.listeners) listener(event)
  }
  addEventListener(_type: 'message', listener: (event: MessageEvent<unknown>) => void): void {
    this.listeners.add(listener)
  }
  removeEventListener(_type: 'message', listener: (event: MessageEvent<unknown>) => void): void {
    this.listeners.delete(listener)
  }
  close(): void {
    this.bus.drop(this)
  }
}

/** A popup that signs in at the bundled server, then lands on the callback page, which hands the response over. */
export function fakePopup(bus: FakeBus, transport: Transport, redirectUri: string) {
  return (url: string): WindowLike => {
    const window = { closed: false, focus: () => undefined, close: () => void (window.closed = true) }
    void signInAt(transport, url, redirectUri).then((location) =>
      offerToRunningFlow(bus.channel(), location, 'http://localhost:4000').then(() => window.close()),
    )
    return window
  }
}

/** sessionStorage in memory, with what it holds as one string for assertions. */
export function memoryStorage(): Storage & { readonly contents: () => string } {
  const map = new Map<string, string>()
  return {
    get length() {
      return map.size
    },
    clear: () => map.clear(),
    getItem: (key: string) => map.get(key) ?? null,
    key: (index: number) => [...map.keys()][index] ?? null,
    removeItem: (key: string) => void map.delete(key),
    setItem: (key: string, value: string) => void map.set(key, String(value)),
    contents: () => JSON.stringify([...map]),
  }
}
