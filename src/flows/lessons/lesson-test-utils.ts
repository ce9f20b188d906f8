/**
 * Runs an attack lesson as the playground does — its variant's client config and server settings,
 * Next and the demo user's answers — and returns the final state with the lesson's verdict.
 * Only tests import this file.
 */
import type { Transport } from '@/protocol/http-exchange.ts'
import type { MockServerOptions } from '@/server/index.ts'
import type { ClientConfig } from '../client-config.ts'
import type { FlowState } from '../flow-contract.ts'
import { harness, runFlow, testOrigin, type Harness } from '../flow-test-utils.ts'
import type { AttackVerdict } from '../step.ts'
import { lessons } from './lessons.ts'

export interface LessonRun {
  readonly state: FlowState
  readonly verdict: AttackVerdict | undefined
  readonly harness: Harness
}

export async function runLesson(
  id: string,
  variant: 'vulnerable' | 'hardened',
  options: {
    readonly tamper?: (transport: Transport) => Transport
    readonly server?: Partial<MockServerOptions>
    /** Changes the variant's client settings (a third run beside the lesson's two). */
    readonly config?: (config: ClientConfig) => ClientConfig
  } = {},
): Promise<LessonRun> {
  const lesson = lessons.find((l) => l.id === id)
  if (lesson === undefined) throw new Error(`No lesson ${id}`)
  const chosen = lesson.variants.find((v) => v.id === variant)
  if (chosen === undefined) throw new Error(`${id} has no variant ${variant}`)
  const h = await harness({
    ...(options.tamper === undefined ? {} : { tamper: options.tamper }),
    ...(options.server === undefined ? {} : { server: options.server }),
  })
  if (chosen.policies !== undefined) h.server.setPolicies(chosen.policies)
  const definition = await lesson.load()
  const config = chosen.config(testOrigin)
  const state = await runFlow(definition, options.config?.(config) ?? config, variant, h)
  return { state, verdict: state.steps.findLast((s) => s.verdict !== undefined)?.verdict, harness: h }
}
