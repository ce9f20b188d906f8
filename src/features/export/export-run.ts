import type { LaneInfo } from '@/flows/catalogue.ts'
import type { Lane, Step } from '@/flows/step.ts'
import { harLog, type Har } from '@/protocol/har.ts'
import { httpFile } from '@/protocol/http-file.ts'
import { masked, redactExchange, redactText, type Redaction } from '@/protocol/redact.ts'

/** A run as the exporters need it. */
export interface RunExport {
  readonly flow: { readonly id: string; readonly title: string }
  readonly variant: { readonly id: string; readonly title: string }
  readonly lanes: readonly LaneInfo[]
  readonly steps: readonly Step[]
  /** The origin the run's requests went to (the in-page server's). */
  readonly serverOrigin: string
  /** Where the same server answers over HTTP (`npm start`), for the `.http` file's `@origin`. */
  readonly httpOrigin: string
  /** Set when the run used a demo seed. */
  readonly seed?: string | undefined
}

/** What to leave out of an export, and what the export says about it. */
export interface Masking {
  readonly passwords: readonly string[]
  readonly clientSecrets: readonly string[]
  readonly includePasswords: boolean
  readonly includeClientSecrets: boolean
}

function redactionOf(masking: Masking): Redaction {
  return {
    values: [
      ...(masking.includePasswords ? [] : masking.passwords),
      ...(masking.includeClientSecrets ? [] : masking.clientSecrets),
    ],
  }
}

/** The sentences every export starts with: what it is, and what was masked. */
export function exportNotes(run: RunExport, masking: Masking): string[] {
  const left = [
    masking.includePasswords ? undefined : 'the demo users’ passwords',
    masking.includeClientSecrets ? undefined : 'client secrets',
  ].filter((x) => x !== undefined)
  return [
    `Grantscope run: ${run.flow.title} — ${run.variant.title}, ${run.steps.length} steps.`,
    left.length > 0
      ? `Masked as ${masked}: ${left.join(' and ')} (export again with “Include …” ticked to keep them).`
      : 'Nothing masked: this file contains the demo users’ passwords and client secrets as sent.',
    'Codes and tokens are the ones the server running inside the page issued; only that server accepts them.',
    ...(run.seed === undefined
      ? []
      : [
          `Demo seed “${run.seed}”: every value here, the signing key included, can be computed from the seed — fine for a demo, never for anything real.`,
        ]),
  ]
}

const stepTitle = (step: Step, index: number) => `${index + 1}. ${step.meta.title}`

/** Tells the `.http` reader which requests depend on the in-page server's memory. */
function tiedNote(step: Step): string | undefined {
  const request = step.exchange?.request
  if (request === undefined) return undefined
  const url = new URL(request.url)
  const values = [...url.searchParams.keys(), ...new URLSearchParams(request.body ?? '').keys()]
  const tied =
    values.some((name) =>
      ['code', 'refresh_token', 'device_code', 'interaction', 'user_code'].includes(name),
    ) || request.headers.some(([name, value]) => name.toLowerCase() === 'cookie' || /^bearer /i.test(value))
  return tied ? 'Carries a value the in-page server issued; another server will refuse it.' : undefined
}

export function toHttpFile(run: RunExport, masking: Masking): string {
  const redaction = redactionOf(masking)
  return httpFile(
    run.steps.flatMap((step, index) => {
      if (step.exchange === undefined) return []
      const note = tiedNote(step)
      return [
        {
          title: stepTitle(step, index),
          exchange: redactExchange(step.exchange, redaction),
          ...(note === undefined ? {} : { note }),
        },
      ]
    }),
    { serverOrigin: run.serverOrigin, origin: run.httpOrigin, comments: exportNotes(run, masking) },
  )
}

export function toHar(run: RunExport, masking: Masking, version: string): Har {
  const redaction = redactionOf(masking)
  return harLog(
    run.steps.flatMap((step, index) =>
      step.exchange === undefined
        ? []
        : [{ exchange: redactExchange(step.exchange, redaction), comment: stepTitle(step, index) }],
    ),
    { creatorVersion: version, comment: exportNotes(run, masking).join(' ') },
  )
}

/** Participant ids: lane ids, except that `as` is a Mermaid keyword. */
const participant = (lane: Lane) => (lane === 'as' ? 'authz' : lane)

/** Mermaid text: `;` ends a statement and `#` starts an entity code, so both (and `"`) are written as codes. */
const mermaidCodes: Readonly<Record<string, string>> = { '#': '#35;', ';': '#59;', '"': '#quot;' }
const mermaidText = (text: string) =>
  text
    .replace(/\s+/g, ' ')
    .replace(/[#;"]/g, (c) => mermaidCodes[c] ?? c)
    .trim()

const requestLine = (method: string, url: string) => {
  const parsed = new URL(url)
  return `${method} ${parsed.pathname}${parsed.search ? '?…' : ''}`
}

/**
 * The run as a Mermaid `sequenceDiagram`: a note per step with its number and title, then one
 * message per request and one per response (dashed), or the step's own arrow when nothing went
 * over HTTP.
 * @see https://mermaid.js.org/syntax/sequenceDiagram.html
 */
export function toMermaid(run: RunExport, masking: Masking): string {
  const redaction = redactionOf(masking)
  const lines = [
    'sequenceDiagram',
    `  title ${mermaidText(`${run.flow.title} — ${run.variant.title} (Grantscope)`)}`,
    ...run.lanes.map((lane) => `  participant ${participant(lane.id)} as ${mermaidText(lane.title)}`),
  ]
  run.steps.forEach((step, index) => {
    const from = participant(step.meta.from)
    const to = participant(step.meta.to)
    const over = from === to ? from : `${from},${to}`
    const failed = step.failure ? ' ✘' : ''
    lines.push(`  Note over ${over}: ${mermaidText(stepTitle(step, index))}${failed}`)
    const exchange = step.exchange
    if (exchange === undefined) {
      lines.push(`  ${from}->>${to}: ${mermaidText(redactText(step.label, redaction))}`)
      return
    }
    lines.push(
      `  ${from}->>${to}: ${mermaidText(requestLine(exchange.request.method, exchange.request.url))}`,
    )
    const response = exchange.response
    if (response !== undefined) {
      const location = response.headers.find(([name]) => name.toLowerCase() === 'location')?.[1]
      const where = location === undefined ? '' : ` → ${new URL(location, exchange.request.url).pathname}`
      lines.push(`  ${to}-->>${from}: ${mermaidText(`${response.status} ${response.statusText}${where}`)}`)
    }
  })
  return `${lines.join('\n')}\n`
}
