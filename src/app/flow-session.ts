import type {
  Clock,
  EditableRequest,
  FlowDefinition,
  FlowEvent,
  FlowInput,
  FlowRun,
  FlowState,
  UserAgent,
} from '@/flows/flow-contract.ts'
import { SimulatedUserAgent } from '@/flows/user-agent.ts'
import { autofill } from '@/protocol/html-form.ts'
import { exchange, toRequest, type HttpExchange, type Transport } from '@/protocol/http-exchange.ts'

/** The demo user who answers a login page or form when Next (or autoplay) is pressed. */
export const demoUser = { username: 'alice', password: 'wonderland' } as const

export interface SessionView {
  readonly state: FlowState
  /** Which step the user is looking at: -1 is the introduction, before the first step. */
  readonly cursor: number
  readonly busy: boolean
  readonly autoplay: boolean
  /** Fast-forwarding to a deep-linked step: the steps on the way are not places the user visited. */
  readonly seeking: boolean
  /** Requests of recorded steps sent again ("Replay"), by step index: each a real exchange. */
  readonly replays: Readonly<Record<number, readonly HttpExchange[]>>
}

export interface SessionOptions {
  readonly definition: FlowDefinition
  /** The client's registration and the variant. */
  readonly input: FlowInput
  readonly transport: Transport
  readonly clock: Clock
  /** Forgets the server's codes, tokens and sessions, for Restart (the bundled server only). */
  readonly resetServer?: () => void
  /** A fresh browser for each run; the simulated browser on the transport by default. */
  readonly userAgent?: () => UserAgent
  /** A run saved with `persist()` before the page went away (a full-page redirect), to continue. */
  readonly restore?: unknown
  /** The client's random octets (a demo seed's stream); the platform's CSPRNG when absent. */
  readonly random?: (length: number) => Uint8Array
}

/**
 * One run of a flow plus the user's position in it. Next moves through steps already taken before
 * it asks the flow for a new one, so Back never re-sends a request (a replayed code would rightly
 * fail), and Restart starts a fresh run — a new browser, a reset server.
 */
export class FlowSession {
  readonly plan: FlowDefinition['plan']
  private run: FlowRun
  private view: SessionView
  private readonly listeners = new Set<() => void>()
  private autoplayTimer: ReturnType<typeof setTimeout> | undefined
  private autoplayDelay = 1500
  /** Bumped by Restart and dispose, so work started for an older run (fast-forward) stops. */
  private generation = 0

  constructor(private readonly options: SessionOptions) {
    this.plan = options.definition.plan
    this.run = this.create(options.restore)
    const state = this.run.getState()
    this.view = {
      state,
      cursor: state.steps.length - 1,
      busy: isBusy(state),
      autoplay: false,
      seeking: false,
      replays: {},
    }
  }

  private create(snapshot?: unknown): FlowRun {
    const { definition, input, transport, clock, userAgent, random } = this.options
    const ports = {
      transport,
      clock,
      userAgent: userAgent?.() ?? new SimulatedUserAgent(transport),
      ...(random === undefined ? {} : { random }),
    }
    const run = definition.start(input, ports, snapshot)
    run.subscribe(() => {
      if (run !== this.run) return
      const state = run.getState()
      const before = this.view.state.steps.length
      const after = state.steps.length
      // Follow a new step only if the user was looking at the latest one; Back while a request is
      // in flight keeps the user where they went.
      const follow = after > before && this.view.cursor === before - 1
      this.update({
        state,
        busy: isBusy(state),
        ...(follow ? { cursor: after - 1 } : {}),
      })
      if (after > before) this.scheduleAutoplay()
    })
    return run
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
    return this.view.state.steps
  }

  get canGoBack(): boolean {
    return this.view.cursor > -1
  }

  get canGoNext(): boolean {
    const { state, cursor, busy } = this.view
    if (cursor < this.steps.length - 1) return true
    return !busy && state.status === 'active'
  }

  /** Next, pressed by the user: shows the next step; autoplay, if on, restarts its wait from here. */
  next = (): void => {
    clearTimeout(this.autoplayTimer)
    this.advance()
  }

  /** Shows the next step: one already taken (`moved`), or a new one from the flow (`requested`). */
  private advance(): 'moved' | 'requested' | 'nothing' {
    const { state, cursor } = this.view
    if (cursor < this.steps.length - 1) {
      this.update({ cursor: cursor + 1 })
      this.scheduleAutoplay()
      return 'moved'
    }
    if (!this.canGoNext) return 'nothing'
    if (state.waiting === 'user') {
      const answer = demoAnswer(state)
      if (answer === undefined) return 'nothing'
      this.send(answer)
      return 'requested'
    }
    this.send({ type: 'step.next' })
    return 'requested'
  }

  private send(event: FlowEvent): void {
    this.update({ busy: true, cursor: this.steps.length - 1 })
    this.run.send(event)
  }

  /** The request Next would send from the latest step, for "Edit"; undefined when there is none. */
  preview = (): Promise<EditableRequest | undefined> => {
    const { cursor, state, busy } = this.view
    if (busy || cursor !== this.steps.length - 1 || state.waiting !== 'next')
      return Promise.resolve(undefined)
    return this.run.preview()
  }

  /** "Send": takes the next step with the edited request instead of the one it would send. */
  sendEdited = (original: EditableRequest, request: EditableRequest): void => {
    if (!this.canGoNext || this.view.state.waiting !== 'next') return
    this.stopAutoplay()
    this.send({ type: 'step.next', edit: { original, request } })
  }

  /**
   * "Replay": sends the recorded request of step `index` again, exactly as it was — the same code
   * twice, a refresh token again — and keeps the answer beside the step. The flow itself does not move.
   */
  replay = async (index: number): Promise<void> => {
    const recorded = this.steps[index]?.exchange
    if (recorded?.response === undefined) return
    const generation = this.generation
    const result = await exchange(this.options.transport, toRequest(recorded.request))
    if (generation !== this.generation) return
    const replays = { ...this.view.replays, [index]: [...(this.view.replays[index] ?? []), result.exchange] }
    this.update({ replays })
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

  /** The user answered the page or the form that waits for them. */
  answer = (event: Extract<FlowEvent, { type: 'browser.submit' | 'form.submit' }>): void => {
    if (this.view.state.waiting !== 'user' || this.view.busy) return
    this.send(event)
  }

  restart = (): void => {
    this.generation++
    this.stopAutoplay()
    this.run.stop()
    this.options.resetServer?.()
    this.run = this.create()
    this.update({ state: this.run.getState(), cursor: -1, busy: false, seeking: false, replays: {} })
  }

  /** Advances until `count` steps exist (deep links), without waiting between steps. */
  async fastForward(count: number): Promise<void> {
    const generation = this.generation
    const current = () => generation === this.generation
    this.update({ seeking: true })
    while (current() && this.steps.length < count) {
      if (this.view.cursor < this.steps.length - 1) this.update({ cursor: this.steps.length - 1 })
      const before = this.steps.length
      if (this.advance() !== 'requested') break
      await this.waitFor(
        () => !current() || this.steps.length > before || this.view.state.status !== 'active',
      )
    }
    if (current()) this.update({ cursor: Math.min(count, this.steps.length) - 1, seeking: false })
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

  /** The run as JSON, for `restore` after a reload. */
  persist(): unknown {
    return this.run.persist()
  }

  dispose(): void {
    this.generation++
    clearTimeout(this.autoplayTimer)
    this.run.stop()
    this.listeners.clear()
  }
}

/** A request is in flight: the run is active and waits neither for Next nor for the user. */
const isBusy = (state: FlowState) => state.status === 'active' && state.waiting === undefined

/** What the demo user does with the page or form in front of them: sign in, allow, continue. */
function demoAnswer(state: FlowState): FlowEvent | undefined {
  const prompt = state.prompt
  if (prompt === undefined) return undefined
  if (prompt.kind === 'form')
    return {
      type: 'form.submit',
      values: Object.fromEntries(prompt.fields.map((f) => [f.name, f.demoValue])),
    }
  const doc = new DOMParser().parseFromString(prompt.page.html, 'text/html')
  const navigation = autofill(doc, prompt.page.url, demoUser)
  return navigation === undefined ? undefined : { type: 'browser.submit', navigation }
}
