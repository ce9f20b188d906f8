import type { AuthorizationServer } from 'oauth4webapi'
import { authorizationCodeSteps } from '../authorization-code/steps.ts'
import { browserSteps } from '../browser-steps.ts'
import { jsonObject } from '../client/recorder.ts'
import type { FlowDefinition, FlowInput, FlowPorts, FlowRun, FlowState } from '../flow-contract.ts'
import type { HeldToken, Step, StepMeta } from '../step.ts'
import { lifecycleAvailable, lifecycleSteps, type LifecycleInput } from './token-lifecycle.ts'

/**
 * The same steps, told for a real provider: no MovieMatch or Alice, one sign-in step for the
 * popup (its pages are the provider's, on another origin), the API the user chose.
 */
export const providerStepText: Readonly<Record<string, Partial<StepMeta>>> = {
  discovery: {
    title: 'The client reads your provider’s configuration',
    explanation:
      'The client fetches the provider’s metadata and checks that its issuer is exactly the one you entered. Every endpoint it uses from here on comes from this document.',
  },
  authorizationRequest: {
    title: 'The client sends you to your provider',
    explanation:
      'The client builds the authorization request with a fresh state, a nonce when it asks for openid, and — with PKCE — a code_challenge whose verifier it keeps. The URL is shown exactly as the browser will load it.',
  },
  browse: {
    title: 'You sign in at your provider',
    refs: ['rfc6749-4.1.1', 'rfc9700-2.1', 'rfc6749-4.1.2'],
    explanation:
      'The provider’s own pages run in the sign-in window: login, maybe MFA and consent. They are on the provider’s origin, so this page cannot see them; it sees only where the provider sends the browser back — the redirect URI with the response.',
  },
  callback: {
    title: 'Your provider sends the browser back with the response',
    explanation:
      'The provider redirected the browser to the redirect URI; the callback page handed the response to this run (only to the run that sent this state). The client checks state and iss before it uses the code.',
  },
  tokenRequest: {
    title: 'The client redeems the code at your provider',
    explanation:
      'Back channel: the client sends the code with the same redirect_uri, the code_verifier with PKCE, and its secret if it is confidential. Shown exactly as sent — directly from this browser or through the relay.',
  },
  idTokenValidation: {
    title: 'The client verifies the ID token against your provider’s keys',
    explanation:
      'The client fetches the provider’s JWKS and verifies the ID token’s signature with the expected algorithm, then each claim: iss, aud, azp, exp, iat and nonce.',
  },
  userinfo: {
    title: 'The client asks your provider who signed in',
    explanation: 'UserInfo with the access token as a Bearer token; its sub must be the ID token’s sub.',
  },
  resourceRequest: {
    title: 'The client calls an API with the access token',
    explanation:
      'The access token at work: the API you set in the client settings, or the provider’s UserInfo endpoint when none is set.',
  },
}

const keyByTitle = new Map<string, string>([
  ...Object.entries(authorizationCodeSteps).map(([key, meta]) => [meta.title, key] as const),
  ...Object.values(browserSteps).map((meta) => [meta.title, 'browse'] as const),
  ...Object.entries(lifecycleSteps).map(([key, meta]) => [meta.title, key] as const),
])

const retell = (meta: StepMeta, key: string | undefined): StepMeta => {
  const text = key === undefined ? undefined : providerStepText[key]
  // Variant notes speak of the demo clients; a real provider's run has its own words.
  const { variantNotes: _notes, variantRefs: _refs, ...rest } = meta
  return text === undefined ? meta : { ...rest, ...text }
}

/** The outline with the provider's words, the three sign-in pages folded into one step. */
function providerPlan(plan: readonly StepMeta[]): StepMeta[] {
  const keys = plan.map((meta) => keyByTitle.get(meta.title))
  return plan
    .filter((_, i) => keys[i] !== 'browse' || keys[i - 1] !== 'browse')
    .map((meta) => retell(meta, keyByTitle.get(meta.title)))
}

const retold = (steps: readonly Step[]): Step[] =>
  steps.map((step) => {
    const meta = retell(step.meta, step.key)
    return meta === step.meta
      ? step
      : {
          ...step,
          meta,
          // A step with nothing on the wire (one that failed before sending) is labelled by its title.
          label:
            step.exchange === undefined && step.redirectTo === undefined
              ? (meta.label ?? meta.title)
              : step.label,
        }
  })

/** The metadata and tokens the sign-in ended with, read from its recorded steps. */
export function lifecycleInputOf(input: FlowInput, steps: readonly Step[]): LifecycleInput | undefined {
  const discovery = steps.find((s) => s.key === 'discovery')
  const as = jsonObject(discovery?.exchange?.response?.body) as AuthorizationServer | undefined
  const held: readonly HeldToken[] = steps.findLast((s) => s.tokens !== undefined)?.tokens ?? []
  if (as === undefined || typeof as.issuer !== 'string') return undefined
  return { ...input, as, held }
}

/**
 * The authorization code grant against a real provider, then what the provider offers for the
 * tokens (refresh, introspection, revocation) — one run, one step list, told in the provider's words.
 */
export function providerFlow(
  signIn: FlowDefinition,
  lifecycle: FlowDefinition,
  /** The provider's metadata, when known: the outline then leaves out what it does not offer. */
  metadata?: Readonly<Record<string, unknown>>,
): FlowDefinition {
  const offered = (meta: StepMeta) =>
    metadata === undefined ||
    ((meta.title !== lifecycleSteps.introspection.title ||
      typeof metadata['introspection_endpoint'] === 'string') &&
      (meta.title !== lifecycleSteps.revocation.title || typeof metadata['revocation_endpoint'] === 'string'))
  return {
    plan: [...providerPlan(signIn.plan), ...lifecycle.plan.filter(offered)],
    start(input: FlowInput, ports: FlowPorts, snapshot?: unknown): FlowRun {
      const first = signIn.start(input, ports, snapshot)
      let second: FlowRun | undefined
      let next: LifecycleInput | undefined
      const listeners = new Set<() => void>()
      const compute = (): FlowState => {
        const a = first.getState()
        if (second === undefined) {
          next = a.status === 'done' && !a.failed ? lifecycleInputOf(input, a.steps) : undefined
          const more = next !== undefined && lifecycleAvailable(next)
          return {
            ...a,
            steps: retold(a.steps),
            ...(more ? { status: 'active', waiting: 'next' } : {}),
          }
        }
        const b = second.getState()
        return { ...b, steps: [...retold(a.steps), ...b.steps] }
      }
      let state = compute()
      const publish = () => {
        state = compute()
        for (const listener of listeners) listener()
      }
      first.subscribe(publish)
      return {
        getState: () => state,
        subscribe: (listener) => {
          listeners.add(listener)
          return () => listeners.delete(listener)
        },
        send: (event) => {
          if (second !== undefined) return second.send(event)
          if (
            event.type === 'step.next' &&
            state.status === 'active' &&
            first.getState().status === 'done' &&
            next
          ) {
            // The lifecycle's first step starts at once: this Next asked for it.
            second = lifecycle.start(next, ports)
            second.subscribe(publish)
            publish()
            return
          }
          first.send(event)
        },
        preview: () => (second ?? first).preview(),
        stop: () => {
          listeners.clear()
          first.stop()
          second?.stop()
        },
        persist: () => first.persist(),
      }
    },
  }
}
