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
  /** Bumped by Restart and dispose, so work started for an older run (fast-forward) stops. */
  private generation = 0

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
      if (actor !== this.actor) return
      const before = contextOf(this.view.snapshot).steps.length
      const after = contextOf(snapshot).steps.length
      // Follow a new step only if the user was looking at the latest one; Back while a request is
      // in flight keeps the user where they went.
      const follow = after > before && this.view.cursor === before - 1
      this.update({
        snapshot,
        busy: snapshot.status === 'active' && !isGate(snapshot),
        ...(follow ? { cursor: after - 1 } : {}),
      })
      if (after > before) this.scheduleAutoplay()
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

  private get steps() {
    return contextOf(this.view.snapshot).steps
  }

  get canGoBack(): boolean {
    return this.view.cursor > -1
  }

  get canGoNext(): boolean {
    const { snapshot, cursor, busy } = this.view
    if (cursor < this.steps.length - 1) return true
    return !busy && snapshot.status === 'active'
  }

  /** Next, pressed by the user: shows the next step; autoplay, if on, restarts its wait from here. */
  next = (): void => {
    clearTimeout(this.autoplayTimer)
    this.advance()
  }

  /** Shows the next step: one already taken (`moved`), or a new one from the machine (`requested`). */
  private advance(): 'moved' | 'requested' | 'nothing' {
    const { snapshot, cursor } = this.view
    if (cursor < this.steps.length - 1) {
      this.update({ cursor: cursor + 1 })
      this.scheduleAutoplay()
      return 'moved'
    }
    if (!this.canGoNext) return 'nothing'
    if (snapshot.hasTag(flowTags.awaitingUser)) {
      const page = contextOf(snapshot).page
      const doc = page && new DOMParser().parseFromString(page.html, 'text/html')
      const submission = doc && autofill(doc, page.url, demoUser)
      if (!submission) return 'nothing'
      this.submit(submission)
      return 'requested'
    }
    this.update({ busy: true })
    this.actor.send({ type: 'step.next' })
    return 'requested'
  }

  back = (): void => {
    this.stopAutoplay()
    if (this.canGoBack) this.update({ cursor: this.view.cursor - 1 })
  }

  /** Goes to a step already taken (the step list is clickable). */
  goTo = (index: number): void => {
    this.stopAutoplay()
    if (index >= -1 && index < this.steps.length) this.update({ cursor: index })
  }

  /** The simulated browser submitted a form on an authorization server page. */
  submit = (navigation: Navigation): void => {
    if (!this.view.snapshot.hasTag(flowTags.awaitingUser) || this.view.busy) return
    this.update({ busy: true, cursor: this.steps.length - 1 })
    this.actor.send({ type: 'browser.submit', navigation })
  }

  restart = (): void => {
    this.generation++
    this.stopAutoplay()
    this.actor.stop()
    this.options.resetServer()
    this.actor = this.create()
    this.update({ snapshot: this.actor.getSnapshot(), cursor: -1, busy: false })
    this.actor.start()
  }

  /** Advances until `count` steps exist (deep links), without waiting between steps. */
  async fastForward(count: number): Promise<void> {
    const generation = this.generation
    const current = () => generation === this.generation
    while (current() && this.steps.length < count) {
      if (this.view.cursor < this.steps.length - 1) this.update({ cursor: this.steps.length - 1 })
      const before = this.steps.length
      if (this.advance() !== 'requested') break
      await this.waitFor(
        () => !current() || this.steps.length > before || this.view.snapshot.status !== 'active',
      )
    }
    if (current()) this.update({ cursor: Math.min(count, this.steps.length) - 1 })
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

  setAutoplay = (on: boolean): void => {
    this.update({ autoplay: on })
    if (on) this.scheduleAutoplay(0)
    else this.stopAutoplay()
  }

  /** Changes the pause between autoplayed steps; takes effect from the next step. */
  setSpeed = (delayMs: number): void => {
    this.autoplayDelay = delayMs
  }

  private scheduleAutoplay(delay = this.autoplayDelay): void {
    clearTimeout(this.autoplayTimer)
    if (!this.view.autoplay) return
    this.autoplayTimer = setTimeout(() => {
      // A request in flight: its new step reschedules autoplay when it lands.
      if (this.view.busy) return
      if (this.advance() === 'nothing') this.stopAutoplay()
    }, delay)
  }

  private stopAutoplay(): void {
    clearTimeout(this.autoplayTimer)
    if (this.view.autoplay) this.update({ autoplay: false })
  }

  dispose(): void {
    this.generation++
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
