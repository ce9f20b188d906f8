/**
 * How `{origin}/callback` hands an authorization response to the run that waits for it: over a
 * BroadcastChannel to a run whose popup it is (same origin only, by construction — and checked), or
 * through sessionStorage to a run parked before a full-page redirect. Either way only the run that
 * sent this exact `state` takes it (RFC 9700 §4.17: never a wildcard, always the state).
 */
export const handoffChannelName = 'grantscope-authorization-response'

export type HandoffMessage =
  | { readonly type: 'authorization-response'; readonly url: string }
  | { readonly type: 'claimed'; readonly state: string }

/** The parts of BroadcastChannel the hand-off uses (a fake in unit tests). */
export interface HandoffChannel {
  postMessage(message: HandoffMessage): void
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void
  removeEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void
  close(): void
}

export function isHandoffMessage(data: unknown): data is HandoffMessage {
  if (typeof data !== 'object' || data === null) return false
  const m = data as Record<string, unknown>
  return (
    (m['type'] === 'authorization-response' && typeof m['url'] === 'string') ||
    (m['type'] === 'claimed' && typeof m['state'] === 'string')
  )
}

/** The `state` of an authorization response (query, or fragment for the implicit grant). */
export function stateOf(url: string): string | undefined {
  try {
    const parsed = new URL(url)
    return (
      parsed.searchParams.get('state') ?? new URLSearchParams(parsed.hash.slice(1)).get('state') ?? undefined
    )
  } catch {
    return undefined
  }
}

/**
 * The callback page's side: offers the response to running flows and waits briefly for the one
 * whose state it is. Resolves true when a flow took it.
 */
export function offerToRunningFlow(
  channel: HandoffChannel,
  url: string,
  origin: string,
  timeoutMs = 1200,
): Promise<boolean> {
  const state = stateOf(url)
  if (state === undefined) return Promise.resolve(false)
  return new Promise((resolve) => {
    const done = (claimed: boolean) => {
      clearTimeout(timer)
      channel.removeEventListener('message', onMessage)
      resolve(claimed)
    }
    const onMessage = (event: MessageEvent<unknown>) => {
      if (event.origin !== '' && event.origin !== origin) return
      if (isHandoffMessage(event.data) && event.data.type === 'claimed' && event.data.state === state)
        done(true)
    }
    const timer = setTimeout(() => done(false), timeoutMs)
    channel.addEventListener('message', onMessage)
    channel.postMessage({ type: 'authorization-response', url })
  })
}

/** A run saved in sessionStorage while this tab visits the provider (popups were blocked or not wanted). */
export interface ParkedRun {
  /** The state of the authorization request the run waits for. */
  readonly state: string
  /** `FlowRun.persist()`, without the client secret. */
  readonly snapshot: unknown
  /** The run's input (the client's configuration), without the client secret. */
  readonly input: unknown
  /** The page to come back to. */
  readonly appUrl: string
  readonly parkedAt: number
  /** The response, once the callback page delivered it. */
  readonly callbackUrl?: string
}

const parkedKey = 'grantscope.provider.parked-run'
/** A parked run older than this is dropped: the code would have expired anyway. */
const parkedLifetimeMs = 15 * 60 * 1000

export function parkRun(storage: Storage, run: Omit<ParkedRun, 'callbackUrl'>): void {
  storage.setItem(parkedKey, JSON.stringify(run))
}

function readParked(storage: Storage, now: number): ParkedRun | undefined {
  const saved = storage.getItem(parkedKey)
  if (saved === null) return undefined
  try {
    const run = JSON.parse(saved) as ParkedRun
    if (typeof run.state === 'string' && now - run.parkedAt < parkedLifetimeMs) return run
  } catch {
    // Unreadable: dropped below.
  }
  storage.removeItem(parkedKey)
  return undefined
}

/**
 * The callback page's side of a full-page redirect: when a parked run waits for this state, the
 * response is stored for it and the run is returned (the page then goes back to `appUrl`).
 */
export function deliverToParkedRun(
  storage: Storage,
  callbackUrl: string,
  now: number,
): ParkedRun | undefined {
  const run = readParked(storage, now)
  if (run === undefined || run.state !== stateOf(callbackUrl)) return undefined
  const delivered = { ...run, callbackUrl }
  storage.setItem(parkedKey, JSON.stringify(delivered))
  return delivered
}

/** The app's side: the parked run with its response, taken once (state, nonce and verifier leave storage). */
export function takeResumedRun(storage: Storage, now: number): ParkedRun | undefined {
  const run = readParked(storage, now)
  if (run?.callbackUrl === undefined) return undefined
  storage.removeItem(parkedKey)
  return run
}

/** A copy without any `clientSecret`, for storage. */
export function withoutSecrets(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'clientSecret' ? undefined : v)))
}

/** Puts the secret back into every client configuration of a restored snapshot. */
export function withSecret(value: unknown, secret: string): unknown {
  if (Array.isArray(value)) return value.map((v) => withSecret(v, secret))
  if (typeof value !== 'object' || value === null) return value
  const record = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withSecret(v, secret)]))
  const isClientConfig = typeof record['clientId'] === 'string' && typeof record['redirectUri'] === 'string'
  return isClientConfig && record['authMethod'] !== 'none' ? { ...record, clientSecret: secret } : record
}
