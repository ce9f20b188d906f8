import { use, useId, useMemo } from 'react'
import type { Step } from '@/flows/step.ts'
import { responseSummary } from '@/protocol/exchange-summary.ts'
import { compareHref, flowHref } from '@/components/links.ts'
import { AppLink, NavigateContext } from '@/components/navigation.tsx'
import { SpecLinks } from '@/components/spec-link.tsx'
import {
  alignSteps,
  compareFacts,
  factsOf,
  rowDiffers,
  type Fact,
  type FactRow,
  type Sighting,
} from './compare-facts.ts'
import { sideId, sideTitle, type Side, type SuggestedPair } from './compare-pairs.ts'

/** One side as the shell ran it: the flow, and the steps recorded so far. */
export interface ComparedRun {
  readonly side: Side
  readonly steps: readonly Step[]
  readonly status: 'running' | 'done' | 'failed'
}

interface Props {
  readonly left: ComparedRun
  readonly right: ComparedRun
  readonly sides: readonly Side[]
  readonly pairs: readonly SuggestedPair[]
  /** Unknown flows the link asked for. */
  readonly unknown: readonly string[]
}

const letters = ['A', 'B'] as const

function SideBadge({ letter, title }: { letter: 'A' | 'B'; title: string }) {
  return (
    <span
      className={`inline-flex h-5 min-w-5 shrink-0 items-center justify-center rounded px-1 text-xs font-bold text-white ${
        letter === 'A' ? 'bg-(--color-lane-client)' : 'bg-(--color-lane-as)'
      }`}
    >
      {letter}
      <span className="sr-only">: {title}</span>
    </span>
  )
}

function FactList({ facts }: { facts: readonly Fact[] }) {
  return (
    <ul className="space-y-1">
      {facts.map((fact) => (
        <li key={fact.text} className={fact.risk === 'high' ? 'font-medium text-red-800' : ''}>
          {fact.risk === 'high' && <span aria-hidden>⚠ </span>}
          {fact.text}
          {fact.risk === 'high' && <span className="sr-only"> (a risk)</span>}
        </li>
      ))}
    </ul>
  )
}

function FactRowView({ row, titles }: { row: FactRow; titles: readonly [string, string] }) {
  const id = useId()
  return (
    <section
      aria-labelledby={id}
      className={`rounded-lg border p-3 ${row.differs ? 'gs-differs border-amber-500 bg-amber-50' : 'border-slate-200 bg-white'}`}
    >
      <h4 id={id} className="flex flex-wrap items-center gap-2 text-sm font-semibold">
        {row.question}
        <span
          className={`rounded px-1.5 py-0.5 text-xs font-semibold ${
            row.differs ? 'bg-amber-200 text-amber-950' : 'bg-slate-100 text-slate-700'
          }`}
        >
          {row.differs ? 'Differs' : 'Same'}
        </span>
      </h4>
      <div className="mt-2 grid gap-3 text-sm sm:grid-cols-2">
        {[row.left, row.right].map((facts, i) => (
          <div key={i} className="flex min-w-0 gap-2">
            <SideBadge letter={letters[i]!} title={titles[i]!} />
            <FactList facts={facts} />
          </div>
        ))}
      </div>
    </section>
  )
}

const placeText: Readonly<Record<Sighting['place'], string>> = {
  'url-query': 'in the URL',
  'url-fragment': 'in the URL fragment',
  'front-form': 'posted to the authorization server',
  'client-form': 'typed into the client',
  'back-request': 'sent by the client',
  'back-response': 'to the client',
}

/** A token in a URL, or a password in the client's hands: what the comparison warns about. */
const isRisky = (s: Sighting) =>
  ((s.place === 'url-query' || s.place === 'url-fragment') &&
    ['access_token', 'id_token', 'refresh_token'].includes(s.artifact)) ||
  (s.artifact === 'password' && (s.place === 'client-form' || s.place === 'back-request'))

function StepCell({ step, index, sightings }: { step: Step; index: number; sightings: readonly Sighting[] }) {
  const answer = step.exchange && responseSummary(step.exchange)
  return (
    <div className="min-w-0 text-sm">
      <p className="font-medium">
        <span className="text-slate-600">{index + 1}.</span> {step.meta.title}
      </p>
      <p className="mt-0.5 font-mono text-xs text-slate-700">
        {step.label}
        {answer && <span className="block">← {answer}</span>}
      </p>
      <p className="mt-1 flex flex-wrap gap-1 text-xs">
        <span
          className={`rounded px-1.5 py-0.5 font-medium ${
            step.meta.channel === 'front'
              ? 'bg-orange-100 text-orange-950'
              : step.meta.channel === 'back'
                ? 'bg-blue-100 text-blue-950'
                : 'bg-slate-100 text-slate-800'
          }`}
        >
          {step.meta.channel === 'front'
            ? 'front channel'
            : step.meta.channel === 'back'
              ? 'back channel'
              : 'in the client'}
        </span>
        {sightings.map((s) => (
          <span
            key={`${s.artifact}-${s.place}`}
            className={`rounded px-1.5 py-0.5 font-mono ${isRisky(s) ? 'bg-red-100 text-red-900' : 'bg-slate-100 text-slate-800'}`}
          >
            {s.artifact} {placeText[s.place]}
          </span>
        ))}
      </p>
    </div>
  )
}

function AlignedSteps({ left, right }: { left: ComparedRun; right: ComparedRun }) {
  const rows = useMemo(() => alignSteps(left.steps, right.steps), [left.steps, right.steps])
  const sightings = useMemo(
    () => [factsOf(left.steps).sightings, factsOf(right.steps).sightings] as const,
    [left.steps, right.steps],
  )
  const titles = [sideTitle(left.side), sideTitle(right.side)] as const
  return (
    <ol aria-label="Steps of both flows, aligned" className="space-y-2">
      {rows.map((row, r) => {
        const cells = [
          { run: left, index: row.left, own: sightings[0] },
          { run: right, index: row.right, own: sightings[1] },
        ]
        const differs = rowDiffers(row, left.steps, right.steps, sightings[0], sightings[1])
        return (
          <li
            key={r}
            className={`grid gap-3 rounded-lg border p-3 sm:grid-cols-2 ${differs ? 'gs-differs border-amber-500 bg-amber-50' : 'border-slate-200 bg-white'}`}
          >
            {cells.map((cell, i) => {
              const step = cell.index === undefined ? undefined : cell.run.steps[cell.index]
              return (
                <div key={i} className="flex min-w-0 gap-2">
                  <SideBadge letter={letters[i]!} title={titles[i]!} />
                  {step && cell.index !== undefined ? (
                    <StepCell
                      step={step}
                      index={cell.index}
                      sightings={cell.own.filter((s) => s.step === cell.index)}
                    />
                  ) : (
                    <p className="text-sm text-slate-700 italic">No such step in {titles[i]}.</p>
                  )}
                </div>
              )
            })}
          </li>
        )
      })}
    </ol>
  )
}

/**
 * Two flows side by side, both run for real against the bundled server: what differs (derived from
 * the recorded steps) first, then every step of both, aligned.
 */
export function CompareView({ left, right, sides, pairs, unknown }: Props) {
  const navigate = use(NavigateContext)
  const done = left.status !== 'running' && right.status !== 'running'
  const rows = useMemo(
    () => (done ? compareFacts(factsOf(left.steps), factsOf(right.steps)) : []),
    [done, left.steps, right.steps],
  )
  const refs = useMemo(
    () => (done ? [...new Set([...factsOf(left.steps).refs, ...factsOf(right.steps).refs])] : []),
    [done, left.steps, right.steps],
  )
  const titles = [sideTitle(left.side), sideTitle(right.side)] as const
  const choose = (which: 0 | 1, id: string) =>
    navigate(which === 0 ? compareHref(id, sideId(right.side)) : compareHref(sideId(left.side), id))
  const differences = rows.filter((r) => r.differs).length
  return (
    <div className="space-y-5 p-3 sm:p-6">
      <div className="max-w-4xl">
        <h2 className="text-2xl font-semibold">Compare</h2>
        <p className="mt-1 text-[15px] text-slate-700">
          Two flows run side by side against the bundled authorization server, for real. What differs is
          derived from what each one actually sent and received: which channel carried the tokens, who could
          see them, whether the client proved who it is.
        </p>
      </div>
      {unknown.length > 0 && (
        <p
          role="alert"
          className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950"
        >
          This link asks to compare {unknown.join(' and ')}, which Grantscope does not know. Showing the flows
          below instead.
        </p>
      )}
      {pairs.length > 0 && (
        <nav aria-label="Suggested comparisons" className="flex flex-wrap items-center gap-2 text-sm">
          <span className="text-slate-700">Try:</span>
          {pairs.map((pair) => {
            const current =
              sideId(pair.left) === sideId(left.side) && sideId(pair.right) === sideId(right.side)
            return (
              <AppLink
                key={pair.label}
                href={compareHref(sideId(pair.left), sideId(pair.right))}
                aria-current={current ? 'page' : undefined}
                className="rounded-full border border-blue-700 px-3 py-1 text-blue-800 hover:bg-blue-50 aria-[current=page]:bg-blue-700 aria-[current=page]:text-white"
              >
                {pair.label}
              </AppLink>
            )
          })}
        </nav>
      )}
      <div className="grid gap-3 sm:grid-cols-2">
        {([0, 1] as const).map((which) => {
          const run = which === 0 ? left : right
          return (
            <div key={which} className="min-w-0 space-y-1 rounded-lg border border-slate-200 bg-white p-3">
              <label className="flex flex-wrap items-center gap-2 text-sm font-medium">
                <SideBadge letter={letters[which]} title={titles[which]} />
                {which === 0 ? 'First flow' : 'Second flow'}
                <select
                  className="w-full min-w-0 rounded border border-slate-400 bg-white px-2 py-1 sm:w-auto sm:flex-1"
                  value={sideId(run.side)}
                  onChange={(e) => choose(which, e.target.value)}
                >
                  {sides.map((side) => (
                    <option key={sideId(side)} value={sideId(side)}>
                      {sideTitle(side)}
                    </option>
                  ))}
                </select>
              </label>
              <p className="text-xs text-slate-700">
                {run.status === 'running'
                  ? `Running… ${run.steps.length} steps so far`
                  : `${run.steps.length} steps, ${run.status === 'failed' ? 'stopped with an error' : 'complete'}`}{' '}
                ·{' '}
                <AppLink
                  href={flowHref(run.side.flow.id, run.side.variant.id)}
                  className="text-blue-800 underline underline-offset-2"
                >
                  Step through it<span className="sr-only"> ({titles[which]})</span>
                </AppLink>
              </p>
            </div>
          )
        })}
      </div>
      <p role="status" className="text-sm text-slate-700">
        {done
          ? `Both flows ran. ${differences} of ${rows.length} answers differ.`
          : 'Running both flows against the bundled authorization server…'}
      </p>
      {done && (
        <>
          <section aria-labelledby="compare-differences" className="space-y-3">
            <h3 id="compare-differences" className="text-lg font-semibold">
              What differs
            </h3>
            {rows.map((row) => (
              <FactRowView key={row.id} row={row} titles={titles} />
            ))}
            {refs.length > 0 && (
              <p className="flex flex-wrap items-center gap-1 text-xs text-slate-700">
                Why it matters: <SpecLinks ids={refs} />
              </p>
            )}
          </section>
          <section aria-labelledby="compare-steps" className="space-y-3">
            <h3 id="compare-steps" className="text-lg font-semibold">
              Step by step, aligned
            </h3>
            <p className="text-sm text-slate-700">
              The same request of both flows on one line; a highlighted line is a step only one flow takes, or
              one that travels another channel.
            </p>
            <AlignedSteps left={left} right={right} />
          </section>
        </>
      )}
    </div>
  )
}
