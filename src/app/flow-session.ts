import { createActor, type Actor, type SnapshotFrom } from 'xstate'
import { flowTags, type FlowContext, type FlowMachine } from '@/flows/flow-contract.ts'
import { autofill } from '@/protocol/html-form.ts'
import type { Transport } from '@/protocol/http-exchange.ts'
import type { FlowDescriptor, FlowVariant } from '@/flows/catalogue.ts'
import { planOf } from '@/flows/plan.ts'
import type { Navigation } from '@/flows/user-agent.ts'

type Machine = FlowMachine
export type FlowSnapshot = SnapshotFrom<Machine>

/** The parts of a flow's context the runner reads (see flow-contract.ts). */
export const contextOf = (snapshot: FlowSnapshot): FlowContext => snapshot.context as FlowContext

/** The demo user who signs in when Next (or autoplay) is pressed on a login page. */
export const demoUser = { username: 'alice', password: 'wonderland' } as const

export interface SessionView {
  readonly snapshot: FlowSnapshot
  /** Which step the user is looking at: -1 is the introduction, before the first step. */
  readonly cursor: number
  readonly busy: boolean
  readonly autoplay: boolean
}

export interface SessionOptions {
  readonly machine: FlowMachine
  readonly flow: FlowDescriptor
  readonly variant: FlowVariant
  readonly transport: Transport
  readonly origin: string
  /** Forgets the server's codes, tokens and sessions, for Restart. */
  readonly resetServer: () => void
}

/**
 * One run of a flow: the machine's actor plus the user's position in it. Next moves through steps
 * already taken before it asks the machine for a new one, so Back never re-sends a request (a
 * replayed code would rightly fail), and Restart starts a fresh run against a reset server.
 */
export class FlowSession {
  readonly plan: ReturnType<typeof planOf>
  private actor: Actor<Machine>
  private view: SessionView
  private readonly listeners = new Set<() => void>()
  private autoplayTimer: ReturnType<typeof setTimeout> | undefined
  private autoplayDelay = 1500

  constructor(private readonly options: SessionOptions) {
    this.plan = planOf(options.machine)
    this.actor = this.create()
    this.view = { snapshot: this.actor.getSnapshot(), cursor: -1, busy: false, autoplay: false }
    this.actor.start()
  }

  /** A new actor, subscribed but not started: `view` must exist before the first snapshot arrives. */
  private create(): Actor<Machine> {
    const { machine, flow, variant, transport, origin } = this.options
    const actor = createActor(machine, {
      input: {
        ports: { transport },
        variant: variant.id,
        config: {
          issuer: `${origin}/as`,
          clientId: variant.clientId,
          ...(variant.clientSecret === undefined ? {} : { clientSecret: variant.clientSecret }),
          redirectUri: `${origin}/callback`,
          scope: flow.scope,
          usePkce: variant.usePkce,
          resourceUrl: `${origin}${flow.resourcePath}`,
        },
      },
    })
    actor.subscribe((snapshot) => {
      const grew = contextOf(snapshot).steps.length > contextOf(this.view.snapshot).steps.length
      this.update({
        snapshot,
        busy: snapshot.status === 'active' && !isGate(snapshot),
        ...(grew ? { cursor: contextOf(snapshot).steps.length - 1 } : {}),
      })
      if (grew) this.scheduleAutoplay()
    })
    return actor
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  getView = (): SessionView => this.view

  private update(patch: Partial<SessionView>): void {
    this.view = { ...this.view, ...patch }
    for (const listener of this.listeners) listener()
  }

  get canGoBack(): boolean {
    return this.view.cursor > -1
  }

  get canGoNext(): boolean {
    const { snapshot, cursor, busy } = this.view
    if (cursor < contextOf(snapshot).steps.length - 1) return true
    return !busy && snapshot.status === 'active'
  }

  /** Shows the next step: one already taken, or a new one from the machine. */
  next = (): void => {
    const { snapshot, cursor } = this.view
    if (cursor < contextOf(snapshot).steps.length - 1) {
      this.update({ cursor: cursor + 1 })
      this.scheduleAutoplay()
      return
    }
    if (!this.canGoNext) return
    if (snapshot.hasTag(flowTags.awaitingUser)) {
      const page = contextOf(snapshot).page
      const doc = page && new DOMParser().parseFromString(page.html, 'text/html')
      const submission = doc && autofill(doc, page.url, demoUser)
      if (submission) this.submit(submission)
      return
    }
    this.update({ busy: true })
    this.actor.send({ type: 'step.next' })
  }

  back = (): void => {
    this.stopAutoplay()
    if (this.canGoBack) this.update({ cursor: this.view.cursor - 1 })
  }

  /** Goes to a step already taken (the step list is clickable). */
  goTo = (index: number): void => {
    this.stopAutoplay()
    if (index >= -1 && index < contextOf(this.view.snapshot).steps.length) this.update({ cursor: index })
  }

  /** The simulated browser submitted a form on an authorization server page. */
  submit = (navigation: Navigation): void => {
    if (!this.view.snapshot.hasTag(flowTags.awaitingUser)) return
    this.update({ busy: true })
    this.actor.send({ type: 'browser.submit', navigation })
  }

  restart = (): void => {
    this.stopAutoplay()
    this.actor.stop()
    this.options.resetServer()
    this.actor = this.create()
    this.update({ snapshot: this.actor.getSnapshot(), cursor: -1, busy: false })
    this.actor.start()
  }

  /** Advances until `count` steps exist (deep links), without waiting between steps. */
  async fastForward(count: number): Promise<void> {
    while (contextOf(this.view.snapshot).steps.length < count && this.canGoNext) {
      const before = contextOf(this.view.snapshot).steps.length
      this.next()
      await this.waitFor(
        () => contextOf(this.view.snapshot).steps.length > before || this.view.snapshot.status !== 'active',
      )
    }
    this.update({ cursor: Math.min(count, contextOf(this.view.snapshot).steps.length) - 1 })
  }

  private waitFor(condition: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      if (condition()) return resolve()
      const off = this.subscribe(() => {
        if (condition()) {
          off()
          resolve()
        }
      })
    })
  }

  setAutoplay = (on: boolean, delayMs?: number): void => {
    if (delayMs !== undefined) this.autoplayDelay = delayMs
    this.update({ autoplay: on })
    if (on) this.scheduleAutoplay(0)
    else this.stopAutoplay()
  }

  private scheduleAutoplay(delay = this.autoplayDelay): void {
    clearTimeout(this.autoplayTimer)
    if (!this.view.autoplay) return
    this.autoplayTimer = setTimeout(() => {
      if (!this.canGoNext) return this.update({ autoplay: false })
      this.next()
    }, delay)
  }

  private stopAutoplay(): void {
    clearTimeout(this.autoplayTimer)
    if (this.view.autoplay) this.update({ autoplay: false })
  }

  dispose(): void {
    clearTimeout(this.autoplayTimer)
    this.actor.stop()
    this.listeners.clear()
  }
}

/** States that wait for the user (Next or a form) rather than for a request in flight. */
function isGate(snapshot: FlowSnapshot): boolean {
  const children = snapshot.children as Record<string, unknown> | undefined
  return children === undefined || Object.keys(children).length === 0
}
