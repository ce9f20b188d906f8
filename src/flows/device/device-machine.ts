import { traceEntry } from '@/protocol/trace.ts'
import { browseOperation, type BrowsingContext } from '../browser-steps.ts'
import { deviceAuthorization, pollDeviceToken, type DeviceAuthorization } from '../client/device.ts'
import { requireValue } from '../client/recorder.ts'
import { heldTokens } from '../client/token.ts'
import {
  accessTokenOf,
  apiOperation,
  asOf,
  discoveryOperation,
  type DiscoveringContext,
} from '../common-steps.ts'
import { flowKit, type Operations } from '../flow-kit.ts'
import type { HeldToken, Screen } from '../step.ts'
import { deviceSteps as S } from './steps.ts'

export interface DeviceContext extends BrowsingContext, DiscoveringContext {
  readonly device?: DeviceAuthorization | undefined
  /** The TV's current polling interval in seconds (grows by 5 after slow_down). */
  readonly interval?: number | undefined
  /** Whether this TV still polls too fast (the slow-down variant, until it is told). */
  readonly tooFast?: boolean | undefined
  readonly phoneStarted?: boolean | undefined
  readonly held?: readonly HeldToken[] | undefined
}

type Ctx = DeviceContext

const deviceOf = (ctx: Ctx) => requireValue(ctx.device, 'The device authorization')

/** What the TV shows while the user has not finished. */
function tvScreen(ctx: Ctx, note: string): Screen {
  const device = deviceOf(ctx)
  return {
    kind: 'device',
    lane: 'client',
    title: 'Sign in to MovieMatch for TV',
    userCode: device.user_code,
    verificationUri: device.verification_uri,
    ...(device.verification_uri_complete === undefined
      ? {}
      : { verificationUriComplete: device.verification_uri_complete }),
    note,
  }
}

const operations = {
  discovery: discoveryOperation<Ctx>(S.discovery, ['device_authorization_endpoint', 'token_endpoint']),
  deviceAuthorization: {
    meta: S.deviceAuthorization,
    async run(ctx, ports) {
      const result = await deviceAuthorization(ports.transport, asOf(ctx), ctx.config)
      const { device } = result
      const screens: Screen[] = [
        tvScreen(
          { ...ctx, device },
          'The TV shows the code and a QR code of the link. Press Next: the TV starts polling.',
        ),
      ]
      return {
        exchange: result.exchange,
        checks: result.checks,
        screens,
        values: [
          {
            name: 'device_code',
            value: device.device_code,
            note: 'Kept by the TV; it polls with it. Never shown to the user.',
          },
          {
            name: 'user_code',
            value: device.user_code,
            note: 'Shown on the TV for the user to type or compare.',
          },
        ],
        patch: {
          device,
          interval: device.interval,
          tooFast: ctx.variant === 'slow-down',
          pending: { method: 'GET', url: device.verification_uri_complete ?? device.verification_uri },
        },
      }
    },
  },
  poll: {
    meta: S.poll,
    async run(ctx, ports) {
      const interval = requireValue(ctx.interval, 'The polling interval')
      const wait = ctx.tooFast === true ? 1 : interval
      ports.clock.advance(wait * 1000)
      const waited = traceEntry(
        'info',
        'wait',
        `The TV waited ${wait} s before this poll (its interval is ${interval} s)`,
        ['rfc8628-3.5'],
      )
      const now = ports.clock.now()
      const result = await pollDeviceToken(
        ports.transport,
        asOf(ctx),
        ctx.config,
        deviceOf(ctx).device_code,
        now,
      )
      if (result.kind === 'tokens') {
        const held = heldTokens(result.tokens, now)
        return {
          exchange: result.exchange,
          checks: [waited, ...result.checks],
          tokens: held,
          outcome: 'tokens',
          patch: { held },
        }
      }
      const slowDown = result.kind === 'slow_down'
      const next = slowDown ? interval + 5 : interval
      const answer = traceEntry(
        'info',
        slowDown ? 'slow-down' : 'pending',
        slowDown
          ? `slow_down: the TV polled too soon — it now waits ${next} s between polls (5 s more, for this and every later poll)`
          : 'authorization_pending: the user has not decided yet — keep polling',
        ['rfc8628-3.5'],
      )
      return {
        exchange: result.exchange,
        checks: [waited, answer],
        screens: [
          tvScreen(
            ctx,
            slowDown ? `Told to slow down: the TV now polls every ${next} s.` : 'Still waiting for the user…',
          ),
        ],
        outcome: result.kind,
        patch: { interval: next, tooFast: slowDown ? false : ctx.tooFast },
      }
    },
  },
  phone: browseOperation<Ctx>({
    outline: ['device', 'deviceCode', 'login', 'consent'],
    steps: { consent: S.consent },
    alongside: (ctx) => [
      tvScreen(ctx, 'The TV keeps polling in the background; it never sees what happens on the phone.'),
    ],
  }),
  resourceRequest: apiOperation<Ctx>(S.resourceRequest, {
    url: (ctx) => requireValue(ctx.config.resourceUrl, 'The resource URL'),
    token: (ctx) => accessTokenOf(ctx.held),
  }),
} satisfies Operations<Ctx>

const kit = flowKit<Ctx>(operations)

/** Leaving the first poll for the phone: the user scans the QR code. */
const phoneStarts = kit.setup.assign({ phoneStarted: true })

/**
 * The device authorization grant (RFC 8628): the TV shows a code, the user allows it on their phone
 * (a second browser), and the TV polls the token endpoint until the tokens come.
 */
export const deviceMachine = kit.setup.createMachine({
  id: 'device',
  context: ({ input }) => ({ ...input, steps: [] }),
  initial: 'ready',
  states: {
    ready: kit.gate('discovery'),
    discovery: kit.step('discovery', 'discovered'),
    discovered: kit.gate('deviceAuthorization'),
    deviceAuthorization: kit.step('deviceAuthorization', 'showingCode'),
    showingCode: kit.gate('poll'),
    poll: kit.step('poll', { tokens: 'haveTokens', otherwise: 'polled' }),
    polled: {
      tags: ['awaiting-next'],
      on: {
        'step.next': [
          {
            guard: ({ context }) => context.phoneStarted !== true && context.tooFast !== true,
            target: 'phone',
            actions: phoneStarts,
          },
          { target: 'poll' },
        ],
      },
    },
    phone: kit.step('phone', {
      finished: 'phoneDone',
      redirect: 'phoneRedirected',
      otherwise: 'awaitingUser',
    }),
    phoneRedirected: kit.gate('phone'),
    awaitingUser: kit.awaitUser('phone'),
    phoneDone: kit.gate('poll'),
    haveTokens: kit.gate('resourceRequest'),
    resourceRequest: kit.step('resourceRequest', 'complete'),
    complete: { type: 'final' },
    failed: { type: 'final', tags: ['failed'] },
  },
})

export const deviceFlow = kit.define(deviceMachine)
