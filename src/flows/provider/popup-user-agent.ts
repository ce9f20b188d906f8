import type { Navigation, UserAgent, Visit } from '../flow-contract.ts'
import { isHandoffMessage, stateOf, type HandoffChannel } from './callback-handoff.ts'

/** What the real browser is doing, for the page to show while the run waits. */
export interface SignInStatus {
  readonly phase: 'idle' | 'waiting' | 'leaving'
  /** The authorization URL the popup (or this tab) went to. */
  readonly url?: string
  readonly since?: number
  /** The popup reports closed — or the provider cut the link to it (COOP); the answer may still come. */
  readonly popupClosed?: boolean
  /** The browser blocked the popup, so this tab goes to the provider itself. */
  readonly blocked?: boolean
}

/** Why the wait ended without an answer, as the user reported it. */
export type SignInGiveUp = 'error-page' | 'closed'

export class SignInAbandoned extends Error {
  constructor(readonly reason: SignInGiveUp) {
    super(
      reason === 'error-page'
        ? 'You reported that the provider shows an error page in the sign-in window instead of redirecting back to Grantscope.'
        : 'The sign-in window was closed before the provider redirected back to Grantscope.',
    )
    this.name = 'SignInAbandoned'
  }
}

export interface PopupUserAgentOptions {
  /** The client's redirect URI: responses are handed over as this URL plus the response. */
  readonly redirectUri: string
  /** This page's origin: only messages from it count. */
  readonly origin: string
  readonly signIn: 'popup' | 'tab'
  /** Opens the sign-in popup; null when the browser blocked it. */
  readonly open: (url: string) => WindowLike | null
  readonly channel: () => HandoffChannel
  /** Saves the run and sends this tab to the provider (the full-page redirect). */
  readonly leave: (navigation: Navigation, state: string) => void
  /** A response delivered to this run before the page reloaded (after a full-page redirect). */
  readonly resumed?: string
  readonly now?: () => number
  readonly pollMs?: number
}

/** The parts of a popup window this user-agent uses. */
export interface WindowLike {
  readonly closed: boolean
  focus(): void
  close(): void
}

/**
 * The real browser as the flows' user-agent: the authorization request opens in a popup (or, when
 * popups are blocked, in this tab after the run is saved), the user signs in at the real provider,
 * and `/callback` hands the response back — only to the run that sent that state. The popup is
 * another origin, so nothing of it is recorded; the response URL is what comes back.
 */
export class PopupUserAgent implements UserAgent {
  private statusValue: SignInStatus = { phase: 'idle' }
  private readonly listeners = new Set<() => void>()
  private resumed: string | undefined
  private giveUp: ((reason: SignInGiveUp) => void) | undefined
  private popup: WindowLike | undefined
  /** Why the last sign-in ended without an answer, for the diagnosis. */
  lastGiveUp: SignInGiveUp | undefined

  constructor(private readonly options: PopupUserAgentOptions) {
    this.resumed = options.resumed
  }

  get status(): SignInStatus {
    return this.statusValue
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private setStatus(status: SignInStatus): void {
    this.statusValue = status
    for (const listener of this.listeners) listener()
  }

  /** Ends the wait: the user sees an error page in the popup, or closed it. */
  abandon(reason: SignInGiveUp): void {
    this.giveUp?.(reason)
  }

  focusPopup(): void {
    this.popup?.focus()
  }

  /**
   * The response URL as the redirect URI plus the response, whatever path a static host redirected
   * to; the exchange is the authorization request as the window sent it — its answers, the
   * provider's pages on another origin, cannot be read, and the step says so.
   */
  private asRedirect(url: string, nav: Navigation, where: string, started: number): Visit {
    const received = new URL(url)
    const location = `${this.options.redirectUri}${received.search}${received.hash}`
    const now = this.options.now ?? Date.now
    return {
      outcome: { kind: 'redirect', location },
      exchange: {
        request: { method: 'GET', url: nav.url, headers: [] },
        trace: [],
        durationMs: now() - started,
        note: `Loaded in ${where}. The provider’s pages (login, consent) are on its own origin, so this page cannot read them; what came back is the redirect to ${this.options.redirectUri} with the response.`,
      },
    }
  }

  navigate(nav: Navigation): Promise<Visit> {
    const state = stateOf(nav.url)
    if (nav.method !== 'GET' || state === undefined)
      return Promise.reject(
        new Error('Only an authorization request (a GET with state) can be sent to a real provider here.'),
      )
    const now = this.options.now ?? Date.now
    if (this.resumed !== undefined && stateOf(this.resumed) === state) {
      const resumed = this.resumed
      this.resumed = undefined
      return Promise.resolve(this.asRedirect(resumed, nav, 'this tab (a full-page redirect)', now()))
    }
    const leave = (blocked: boolean) => {
      this.setStatus({ phase: 'leaving', url: nav.url, since: now(), blocked })
      this.options.leave(nav, state)
      // The page unloads; this run continues after it comes back (restored from the saved run).
      return new Promise<Visit>(() => {})
    }
    if (this.options.signIn === 'tab') return leave(false)
    const popup = this.options.open(nav.url)
    if (popup === null) return leave(true)
    this.popup = popup
    this.lastGiveUp = undefined
    const started = now()
    this.setStatus({ phase: 'waiting', url: nav.url, since: started })
    return new Promise<Visit>((resolve, reject) => {
      const channel = this.options.channel()
      const poll = setInterval(() => {
        if (popup.closed && this.statusValue.popupClosed !== true)
          this.setStatus({ ...this.statusValue, popupClosed: true })
      }, this.options.pollMs ?? 500)
      const finish = () => {
        clearInterval(poll)
        channel.removeEventListener('message', onMessage)
        channel.close()
        this.giveUp = undefined
        this.popup = undefined
        this.setStatus({ phase: 'idle' })
      }
      const onMessage = (event: MessageEvent<unknown>) => {
        if (event.origin !== '' && event.origin !== this.options.origin) return
        if (!isHandoffMessage(event.data) || event.data.type !== 'authorization-response') return
        // Another run's response (an older popup, another tab) is not ours to take.
        if (stateOf(event.data.url) !== state) return
        channel.postMessage({ type: 'claimed', state })
        finish()
        resolve(this.asRedirect(event.data.url, nav, 'the sign-in popup', started))
      }
      this.giveUp = (reason) => {
        this.lastGiveUp = reason
        finish()
        if (reason === 'closed') popup.close()
        reject(new SignInAbandoned(reason))
      }
      channel.addEventListener('message', onMessage)
    })
  }
}
