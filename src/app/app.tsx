import { lazy, Suspense, useState } from 'react'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { findFlow, flows } from '@/flows/catalogue.ts'
import { ServerConsoleLauncher } from '@/features/server-console/server-console-launcher.tsx'
import { FirstScreen, noEarlyInput, type EarlyInput } from './first-screen.tsx'
import { useServer } from './use-server.ts'
import { readUrlState, writeUrlState } from './url-state.ts'

// The playground (machines, the in-page server, crypto) loads after the first paint.
const Playground = lazy(() => import('./playground.tsx').then((m) => ({ default: m.Playground })))

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, staleTime: Infinity } },
})

export function App() {
  const [initial] = useState(readUrlState)
  const server = useServer()
  // The deep-linked step applies once, to the flow the link named; choosing a flow starts at its intro.
  const [selection, setSelection] = useState({
    flow: initial.flow,
    variant: initial.variant,
    step: initial.step,
  })
  // Next, Autoplay or Speed pressed on the first screen, before the playground is ready: applied once it is.
  const [early, setEarly] = useState(noEarlyInput)
  const onEarly = (patch: Partial<EarlyInput>) => setEarly((e) => ({ ...e, ...patch }))
  // The first screen stays up, the same element, until the playground shows its runner.
  const [shown, setShown] = useState(false)
  const { flow, variant, unknown } = findFlow(selection.flow, selection.variant)
  const choose = (flowId: string, variantId: string) => {
    setEarly(noEarlyInput)
    setShown(false)
    setSelection({ flow: flowId, variant: variantId, step: 0 })
    writeUrlState({ flow: flowId, variant: variantId, step: 0 })
  }
  return (
    <QueryClientProvider client={queryClient}>
      <div className="min-h-screen">
        <header className="border-b border-slate-200 bg-white">
          <div className="mx-auto flex max-w-[1500px] flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
            <h1 className="flex items-center gap-2 text-lg font-bold text-blue-950">
              <img src="./favicon.svg" alt="" width="24" height="24" /> Grantscope
              <span className="hidden text-sm font-normal text-slate-600 sm:inline">
                OAuth 2.0 &amp; OpenID Connect, step by step
              </span>
            </h1>
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
            <ServerConsoleLauncher
              available={server.node !== undefined}
              playgroundOnNode={server.kind === 'node'}
            />
          </div>
        </header>
        {unknown.length > 0 && (
          <p role="alert" className="mx-auto mt-3 max-w-[1500px] px-4 text-sm">
            <span className="block rounded border border-amber-300 bg-amber-50 px-3 py-2 text-amber-950">
              This link asks for {unknown.join(' and ')}, which Grantscope does not know. Showing {flow.title}{' '}
              — {variant.title} instead; choose another with the Flow control.
            </span>
          </p>
        )}
        {!shown && (
          <FirstScreen
            flow={flow}
            variant={variant}
            status={server.kind === 'node' ? 'Connecting to the Node server…' : 'Loading the playground…'}
            early={{ ...early, nexts: Math.max(selection.step, early.nexts) }}
            onEarly={onEarly}
          />
        )}
        <Suspense fallback={null}>
          <Playground
            key={`${flow.id}/${variant.id}`}
            flow={flow}
            variant={variant}
            initialStep={selection.step}
            early={early}
            onShown={setShown}
          />
        </Suspense>
      </div>
    </QueryClientProvider>
  )
}
