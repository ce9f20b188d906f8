import { lazy, Suspense, useState } from 'react'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { findFlow, flows, type FlowDescriptor, type FlowVariant } from '@/flows/catalogue.ts'
import { EmbedBar } from '@/features/embed/embed-bar.tsx'
import { readTrainerParams, writeParam, type TrainerParams } from './trainer-params.ts'
import { readUrlState, writeUrlState } from './url-state.ts'

// The playground (machines, the in-page server, crypto) loads after the first paint.
const Playground = lazy(() => import('./playground.tsx').then((m) => ({ default: m.Playground })))
const SpeakerNotesPage = lazy(() =>
  import('@/features/presenter/speaker-notes-page.tsx').then((m) => ({ default: m.SpeakerNotesPage })),
)

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, staleTime: Infinity } },
})

export function App() {
  const [params] = useState(readTrainerParams)
  if (params.notes !== undefined)
    return (
      <Suspense fallback={<p className="p-6 text-slate-600">Loading the speaker notes…</p>}>
        <SpeakerNotesPage id={params.notes} />
      </Suspense>
    )
  return <Main params={params} />
}

/** The Flow control and the variants: in the site header, and in an embed that allows switching. */
function FlowChooser({
  flow,
  variant,
  choose,
}: {
  flow: FlowDescriptor
  variant: FlowVariant
  choose: (flowId: string, variantId: string) => void
}) {
  return (
    <>
      <label className="flex items-center gap-2 text-sm font-medium">
        Flow
        <select
          className="rounded border border-slate-300 bg-white px-2 py-1"
          value={flow.id}
          onChange={(e) => choose(e.target.value, findFlow(e.target.value, null).variant.id)}
        >
          {flows.map((f) => (
            <option key={f.id} value={f.id}>
              {f.title}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="flex flex-wrap items-center gap-3 text-sm">
        <legend className="sr-only">Variant</legend>
        {flow.variants.map((v) => (
          <label key={v.id} className="flex cursor-pointer items-center gap-1.5">
            <input
              type="radio"
              name="variant"
              value={v.id}
              checked={v.id === variant.id}
              onChange={() => choose(flow.id, v.id)}
            />
            {v.title}
          </label>
        ))}
      </fieldset>
    </>
  )
}

/** The full playground for the current page's address, without the embed's settings. */
function fullPlaygroundUrl(): string {
  const url = new URL(window.location.href)
  for (const name of ['embed', 'switch', 'autoplay', 'speed']) url.searchParams.delete(name)
  return url.href
}

function Main({ params }: { params: TrainerParams }) {
  const [initial] = useState(readUrlState)
  // The deep-linked step applies once, to the flow the link named; choosing a flow starts at its intro.
  const [selection, setSelection] = useState({
    flow: initial.flow,
    variant: initial.variant,
    step: initial.step,
  })
  const [presenter, setPresenter] = useState(params.presenter && !params.embed)
  const [contrast, setContrast] = useState(true)
  const [seed, setSeedState] = useState(params.seed)
  const { flow, variant, unknown } = findFlow(selection.flow, selection.variant)
  const choose = (flowId: string, variantId: string) => {
    setSelection({ flow: flowId, variant: variantId, step: 0 })
    writeUrlState({ flow: flowId, variant: variantId, step: 0 })
  }
  const setSeed = (next: string | undefined) => {
    writeParam('seed', next)
    setSeedState(next)
    setSelection((s) => ({ ...s, step: 0 }))
  }
  const problems = [...unknown, ...params.problems]
  const embedded = params.embed
  const chooser = <FlowChooser flow={flow} variant={variant} choose={choose} />
  return (
    <QueryClientProvider client={queryClient}>
      <div className={`min-h-screen ${presenter ? `gs-presenter ${contrast ? 'gs-contrast' : ''}` : ''}`}>
        {embedded ? (
          <EmbedBar title={`${flow.title} — ${variant.title}`} openHref={fullPlaygroundUrl}>
            {params.allowSwitch ? chooser : undefined}
          </EmbedBar>
        ) : presenter ? null : (
          <header className="border-b border-slate-200 bg-white">
            <div className="mx-auto flex max-w-[1500px] flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
              <h1 className="flex items-center gap-2 text-lg font-bold text-blue-950">
                <img src="./favicon.svg" alt="" width="24" height="24" /> Grantscope
                <span className="hidden text-sm font-normal text-slate-600 sm:inline">
                  OAuth 2.0 &amp; OpenID Connect, step by step
                </span>
              </h1>
              {chooser}
            </div>
          </header>
        )}
        {problems.length > 0 && (
          <p role="alert" className="mx-auto mt-3 max-w-[1500px] px-4 text-sm">
            <span className="block rounded border border-amber-300 bg-amber-50 px-3 py-2 text-amber-950">
              This link asks for {problems.join(' and ')}, which Grantscope does not know.{' '}
              {unknown.length > 0
                ? `Showing ${flow.title} — ${variant.title} instead; choose another with the Flow control.`
                : 'It is ignored.'}
            </span>
          </p>
        )}
        <Suspense fallback={<p className="p-6 text-slate-600">Loading the playground…</p>}>
          <Playground
            key={`${flow.id}/${variant.id}`}
            flow={flow}
            variant={variant}
            initialStep={selection.step}
            trainer={{
              embed: embedded,
              autoplay: params.autoplay,
              speedMs: params.speedMs,
              presenter,
              setPresenter,
              contrast,
              setContrast,
              seed,
              setSeed,
            }}
          />
        </Suspense>
      </div>
    </QueryClientProvider>
  )
}
