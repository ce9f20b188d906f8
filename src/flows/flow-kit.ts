import type { JSONWebKeySet } from 'jose'
import {
  assign,
  createActor,
  fromPromise,
  setup,
  transition,
  type DoneActorEvent,
  type ErrorActorEvent,
  type Snapshot,
  type StateMachine,
} from 'xstate'
import { recordRequest, toRequest, type HttpExchange, type Transport } from '@/protocol/http-exchange.ts'
import type { TraceEntry } from '@/protocol/trace.ts'
import {
  flowTags,
  type EditableRequest,
  type FlowContext,
  type FlowDefinition,
  type FlowEvent,
  type FlowInput,
  type FlowPorts,
  type FlowRun,
  type FlowState,
  type FlowStateMeta,
  type FlowTag,
  type UserAgent,
} from './flow-contract.ts'
import { FlowError } from './flow-error.ts'
import { planOf } from './plan.ts'
import type { AttackVerdict, FlowFailure, HeldToken, Screen, Step, StepMeta, StepValue } from './step.ts'

/** What an operation reports: the step as it happened and what it adds to the machine's context. */
export interface StepResult<Ctx> {
  readonly exchange?: HttpExchange | undefined
  readonly redirectTo?: string
  readonly checks?: readonly TraceEntry[]
  readonly values?: readonly StepValue[]
  readonly screens?: readonly Screen[]
  readonly tokens?: readonly HeldToken[]
  readonly jwks?: JSONWebKeySet
  /** Changes to the context: plain data only. */
  readonly patch?: Partial<Ctx>
  /** Metadata that depends on what happened (which page a browser hop loaded). */
  readonly meta?: StepMeta
  /** A failure that is still an ordinary recorded step (an error page): the flow then stops. */
  readonly failure?: FlowFailure
  /** Which way the step went, for the machine's guards. */
  readonly outcome?: string
  /** In an attack lesson: how the attack ended at this step. */
  readonly verdict?: AttackVerdict
}

/** The ports as an operation sees them: with the request a person edited, when they did. */
export interface StepPorts extends FlowPorts {
  readonly override?: EditableRequest | undefined
}

/** One protocol step of a grant: its metadata (the outline) and the work it does with the ports. */
export interface Operation<Ctx> {
  readonly meta: StepMeta
  /** The steps this operation may stand for in the outline, when it is more than one (browser hops). */
  readonly outline?: readonly StepMeta[]
  run(context: Ctx, ports: StepPorts): Promise<StepResult<Ctx>>
  /**
   * The request the step would send, for steps that send none through the ports (the browser
   * delivering the callback to an in-page client). Others are previewed by a dry run.
   */
  preview?(context: Ctx): EditableRequest | undefined
}

export type Operations<Ctx> = Readonly<Record<string, Operation<Ctx>>>

interface StepRequest<Ctx> {
  readonly key: string
  readonly context: Ctx
  /** A person's edit of the request this step sends: what it was, and what to send instead. */
  readonly edit?: { readonly original: EditableRequest; readonly request: EditableRequest } | undefined
}

interface StepOutput<Ctx> {
  readonly step: Step
  readonly patch: Partial<Ctx>
  readonly outcome?: string | undefined
}

/** A failed operation's step travels as this error, so it is shown like any other step. */
class StepFailed extends Error {
  constructor(readonly step: Step) {
    super(step.failure?.message)
  }
}

/**
 * The arrow's label, from what really happened: `POST /as/token`, `GET /callback?code=…`,
 * `redirect → /as/authorize` — right against any server, not only the bundled one.
 */
export function arrowLabel(meta: StepMeta, exchange?: HttpExchange, redirectTo?: string): string {
  if (exchange !== undefined) {
    const url = new URL(exchange.request.url)
    return `${exchange.request.method} ${url.pathname}${responseMarker(url)}`
  }
  if (redirectTo !== undefined) return `redirect → ${new URL(redirectTo).pathname}`
  return meta.label ?? meta.title
}

/** `?code=…`, `?error=…` or `#access_token=…`: what an authorization response carries. */
function responseMarker(url: URL): string {
  const fragment = new URLSearchParams(url.hash.slice(1))
  for (const [params, prefix] of [
    [url.searchParams, '?'],
    [fragment, '#'],
  ] as const) {
    for (const name of ['error', 'code', 'access_token', 'id_token'])
      if (params.has(name)) return `${prefix}${name}=…`
  }
  return ''
}

function buildStep(key: string, meta: StepMeta, result: StepResult<unknown>): Step {
  return {
    key,
    meta,
    label: arrowLabel(meta, result.exchange, result.redirectTo),
    checks: result.checks ?? [],
    values: result.values ?? [],
    screens: result.screens ?? [],
    ...(result.exchange === undefined ? {} : { exchange: result.exchange }),
    ...(result.redirectTo === undefined ? {} : { redirectTo: result.redirectTo }),
    ...(result.failure === undefined ? {} : { failure: result.failure }),
    ...(result.tokens === undefined ? {} : { tokens: result.tokens }),
    ...(result.jwks === undefined ? {} : { jwks: result.jwks }),
    ...(result.verdict === undefined ? {} : { verdict: result.verdict }),
  }
}

/** A bug rather than a protocol failure: still shown as a failed step, never swallowed. */
function unexpectedFailure(meta: StepMeta, error: unknown): FlowFailure {
  return {
    title: 'Something unexpected went wrong',
    message: error instanceof Error ? error.message : String(error),
    hint: 'This is a bug in Grantscope, not in the protocol. Press Restart to try again.',
    refs: meta.refs,
  }
}

async function runStep<Ctx>(
  operations: Operations<Ctx>,
  { key, context, edit }: StepRequest<Ctx>,
  ports: FlowPorts,
): Promise<StepOutput<Ctx>> {
  const operation = operations[key]
  if (operation === undefined) throw new Error(`The flow has no step "${key}"`)
  const stepPorts = edit === undefined ? ports : editedPorts(ports, edit.request)
  const edited = edit === undefined ? {} : { edited: { original: edit.original } }
  try {
    const result = await operation.run(context, stepPorts)
    return {
      step: { ...buildStep(key, result.meta ?? operation.meta, result), ...edited },
      patch: result.patch ?? {},
      outcome: result.outcome,
    }
  } catch (e) {
    const error = e instanceof FlowError ? e : undefined
    throw new StepFailed({
      ...buildStep(key, operation.meta, {
        failure: error?.failure ?? unexpectedFailure(operation.meta, e),
        exchange: error?.exchange,
        checks: error?.checks ?? [],
        screens: error?.screens ?? [],
      }),
      ...edited,
    })
  }
}

/** Ports that send the edited request in place of the first one the step sends. */
function editedPorts(ports: FlowPorts, edited: EditableRequest): StepPorts {
  let used = false
  const transport: Transport = (request) => {
    if (used) return ports.transport(request)
    used = true
    return ports.transport(toRequest(edited))
  }
  const userAgent: UserAgent = {
    navigate: (navigation) => {
      if (used) return ports.userAgent.navigate(navigation)
      used = true
      return ports.userAgent.navigate({
        method: edited.method === 'POST' ? 'POST' : 'GET',
        url: edited.url,
        ...(edited.body === undefined ? {} : { body: edited.body }),
      })
    },
  }
  return { ...ports, transport, userAgent, override: edited }
}

/** Marks the dry run's stop once the request is captured. */
class Captured extends Error {}

/**
 * The request an operation would send first, found by a dry run: its transport and user-agent
 * capture the request and stop; its clock moves only for itself. Nothing reaches any server.
 */
async function dryRun<Ctx>(
  operation: Operation<Ctx>,
  context: Ctx,
  ports: FlowPorts,
): Promise<EditableRequest | undefined> {
  if (operation.preview !== undefined) return operation.preview(context)
  let captured: EditableRequest | undefined
  let advanced = 0
  const dry: StepPorts = {
    transport: async (request) => {
      captured = await recordRequest(request)
      throw new Captured()
    },
    userAgent: {
      navigate: (navigation) => {
        captured = {
          method: navigation.method,
          url: navigation.url,
          headers:
            navigation.body === undefined ? [] : [['content-type', 'application/x-www-form-urlencoded']],
          ...(navigation.body === undefined ? {} : { body: navigation.body }),
        }
        return Promise.reject(new Captured())
      },
    },
    clock: { now: () => ports.clock.now() + advanced, advance: (ms) => void (advanced += ms) },
    ...(ports.random === undefined ? {} : { random: ports.random }),
  }
  try {
    await operation.run(context, dry)
  } catch {
    // The capture stops the step; any other error means it would send nothing we could show.
  }
  return captured
}

// Actor completion events are not part of the machine's own event union; these name the cast once.
const doneEvent = <Ctx>(event: unknown) => event as DoneActorEvent<StepOutput<Ctx>>
const errorEvent = (event: unknown) => event as ErrorActorEvent

/**
 * The building blocks every grant machine shares, typed for its context: `setup` (the machine's
 * types, the `step` actor and the common actions and guards), `step(key, target)` for a state that
 * takes one step, `gate(target)` for a state that waits for Next, and `define(machine)`, which
 * turns the machine into the shell's `FlowDefinition`.
 */
export function flowKit<Ctx extends FlowContext>(operations: Operations<Ctx>) {
  const machineSetup = setup({
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- XState's typing idiom, not a runtime cast
    types: {} as {
      context: Ctx
      events: FlowEvent
      input: FlowInput
      tags: FlowTag
      meta: FlowStateMeta
    },
    actors: {
      step: fromPromise<StepOutput<Ctx>, StepRequest<Ctx>>(() =>
        Promise.reject(new Error('This flow was started without its ports: start it with defineFlow')),
      ),
    },
    actions: {
      recordStep: assign(({ context, event }) => {
        const { step, patch } = doneEvent<Ctx>(event).output
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- Ctx is generic here
        return { ...patch, steps: [...context.steps, step] } as Partial<Ctx>
      }),
      recordFailure: assign(({ context, event }) => {
        const error = errorEvent(event).error
        const step =
          error instanceof StepFailed
            ? error.step
            : buildStep('error', context.steps.at(-1)?.meta ?? fallbackMeta, {
                failure: unexpectedFailure(fallbackMeta, error),
              })
        return { steps: [...context.steps, step], prompt: undefined } as unknown as Partial<Ctx>
      }),
      queueNavigation: assign(
        ({ event }) => (event.type === 'browser.submit' ? { pending: event.navigation } : {}) as Partial<Ctx>,
      ),
      queueForm: assign(
        ({ event }) => (event.type === 'form.submit' ? { formValues: event.values } : {}) as Partial<Ctx>,
      ),
    },
    guards: {
      stepFailed: ({ event }) => doneEvent<Ctx>(event).output.step.failure !== undefined,
      outcomeIs: ({ event }, params: { outcome: string }) =>
        doneEvent<Ctx>(event).output.outcome === params.outcome,
    },
  })

  /**
   * A state that takes step `key`, then moves to `target` — or, given targets by outcome, to the
   * one its outcome names (`otherwise` for the rest). A failed step moves to `failed`.
   */
  const step = (
    key: Extract<keyof typeof operations, string>,
    target: string | { readonly otherwise: string; readonly [outcome: string]: string },
  ) => {
    const operation = operations[key]!
    const byOutcome =
      typeof target === 'string'
        ? []
        : Object.entries(target)
            .filter(([outcome]) => outcome !== 'otherwise')
            .map(([outcome, to]) => ({
              guard: { type: 'outcomeIs', params: { outcome } } as const,
              target: to,
              actions: 'recordStep' as const,
            }))
    return {
      meta: {
        operation: key,
        ...(operation.outline === undefined ? { step: operation.meta } : { steps: operation.outline }),
      },
      invoke: {
        src: 'step',
        input: ({ context, event }: { context: Ctx; event: FlowEvent }) => ({
          key,
          context,
          edit: event.type === 'step.next' ? event.edit : undefined,
        }),
        onDone: [
          { guard: 'stepFailed', target: 'failed', actions: 'recordStep' } as const,
          ...byOutcome,
          { target: typeof target === 'string' ? target : target.otherwise, actions: 'recordStep' } as const,
        ],
        onError: { target: 'failed', actions: 'recordFailure' },
      },
    } as const
  }

  /** A state that waits for Next. */
  const gate = (target: string) => ({ tags: [flowTags.awaitingNext], on: { 'step.next': target } }) as const

  /** A state that waits for the user to answer a page (`browser.submit`) or the client's form (`form.submit`). */
  const awaitUser = (target: string) =>
    ({
      tags: [flowTags.awaitingUser],
      on: {
        'browser.submit': { target, actions: 'queueNavigation' },
        'form.submit': { target, actions: 'queueForm' },
      },
    }) as const

  /**
   * The states of a redirect-based front channel, shared by every grant that sends the user to the
   * authorization server: each browser hop is a step (`browse`), pages wait for the user, and the
   * browser's arrival back at the client leads to `after`.
   */
  const redirectStates = (after: string) =>
    ({
      redirecting: gate('browsing'),
      browsing: step('browse', {
        arrived: 'returning',
        redirect: 'redirecting',
        otherwise: 'awaitingUser',
      }),
      awaitingUser: awaitUser('browsing'),
      returning: gate(after),
    }) as const

  type Machine = StateMachine<
    Ctx,
    FlowEvent,
    // The machine's children, actions, guards and state values are its own business.
    /* eslint-disable @typescript-eslint/no-explicit-any */
    any,
    any,
    any,
    any,
    any,
    any,
    /* eslint-enable @typescript-eslint/no-explicit-any */
    FlowTag,
    FlowInput,
    unknown,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    any,
    FlowStateMeta,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    any
  >

  const define = (machine: Machine): FlowDefinition => ({
    plan: planOf(machine.root),
    start: (input, ports, snapshot) => {
      const bound = machine.provide({
        actors: {
          step: fromPromise<StepOutput<Ctx>, StepRequest<Ctx>>(({ input: request }) =>
            runStep(operations, request, ports),
          ),
        },
      })
      // A restored snapshot re-invokes the step that was in flight, with the input it had.
      const actor = createActor(
        bound,
        snapshot === undefined ? { input } : { input, snapshot: snapshot as Snapshot<unknown> },
      )
      const stateOf = (): FlowState => {
        const snapshot = actor.getSnapshot()
        const active = snapshot.status === 'active'
        return {
          steps: snapshot.context.steps,
          prompt: snapshot.context.prompt,
          waiting: !active
            ? undefined
            : snapshot.hasTag(flowTags.awaitingUser)
              ? 'user'
              : snapshot.hasTag(flowTags.awaitingNext)
                ? 'next'
                : undefined,
          status: active ? 'active' : 'done',
          failed: snapshot.status === 'error' || snapshot.hasTag(flowTags.failed),
        }
      }
      // One state object per snapshot, so React's useSyncExternalStore sees stable values.
      let state = stateOf()
      const listeners = new Set<() => void>()
      const publish = () => {
        state = stateOf()
        for (const listener of listeners) listener()
      }
      actor.subscribe({ next: publish, error: publish })
      actor.start()
      return {
        getState: () => state,
        subscribe: (listener) => {
          listeners.add(listener)
          return () => listeners.delete(listener)
        },
        send: (event) => actor.send(event),
        preview: async () => {
          const snapshot = actor.getSnapshot()
          if (snapshot.status !== 'active' || !snapshot.hasTag(flowTags.awaitingNext)) return undefined
          const [next] = transition(bound, snapshot, { type: 'step.next' })
          const key = Object.values(next.getMeta()).find((meta) => meta?.operation !== undefined)?.operation
          const operation = key === undefined ? undefined : operations[key]
          return operation === undefined ? undefined : dryRun(operation, snapshot.context, ports)
        },
        stop: () => {
          listeners.clear()
          actor.stop()
        },
        persist: () => actor.getPersistedSnapshot(),
      } satisfies FlowRun
    },
  })

  return { setup: machineSetup, step, gate, awaitUser, redirectStates, define }
}

const fallbackMeta: StepMeta = {
  title: 'Something unexpected went wrong',
  from: 'client',
  to: 'client',
  channel: 'internal',
  label: 'error',
  explanation:
    'The playground hit an error it did not expect. This is a bug in Grantscope, not in the protocol.',
  refs: [],
}
