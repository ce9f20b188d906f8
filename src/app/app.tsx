import { lazy, Suspense, useCallback, useEffect, useRef, useState, type ReactNode } from 'react'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { findFlow, flows, type FlowDescriptor, type FlowVariant } from '@/flows/catalogue.ts'
import { lessons } from '@/flows/lessons/lessons.ts'
import { compareHref, glossaryHref, guideHref, lessonsHref } from '@/components/links.ts'
import { AppLink, NavigateContext } from '@/components/navigation.tsx'
import { EmbedBar } from '@/features/embed/embed-bar.tsx'
import { ServerConsoleLauncher } from '@/features/server-console/server-console-launcher.tsx'
import {
  FirstScreen,
  noEarlyInput,
  useFirstScreenPainted,
  useRetired,
  type EarlyInput,
} from './first-screen.tsx'
import { useServer } from './use-server.ts'
import { readTrainerParams, writeParam, type TrainerParams } from './trainer-params.ts'
import { readRoute, urlFor, writeUrl, type Route, type View } from './url-state.ts'

// The playground (machines, the in-page server, crypto) loads after the first paint; compare, the
// guide and the glossary load when they are opened.
/**
 * Asks for the runner's code once. The first paint asks (`useFirstScreenPainted`), in a task of its
 * own, so the import's work stays out of the render that mounts the runner: asked for by `lazy`
 * during that render, Vite's preload helper (a <link> per chunk, ~60 ms on a throttled phone, since
 * dropped in vite.config.ts) made it one long task right after the first paint.
 */
const loadPlayground = (() => {
  let code: ReturnType<typeof importPlayground> | undefined
  const importPlayground = () => import('./playground.tsx')
  return () => (code ??= importPlayground())
})()
const Playground = lazy(() => loadPlayground().then((m) => ({ default: m.Playground })))
const CompareRoute = lazy(() => import('./compare-route.tsx').then((m) => ({ default: m.CompareRoute })))
const Guide = lazy(() => import('@/features/guide/guide.tsx').then((m) => ({ default: m.Guide })))
const Glossary = lazy(() => import('@/features/glossary/glossary.tsx').then((m) => ({ default: m.Glossary })))
const LessonList = lazy(() =>
  import('@/features/lessons/lesson-list.tsx').then((m) => ({ default: m.LessonList })),
)
// "Use your provider" is a page of its own (`?provider`): npm start serves it with a CSP that lets it
// reach real providers, while the playground's pages stay at connect-src 'self'.
const ProviderMode = lazy(() => import('./provider-mode.tsx').then((m) => ({ default: m.ProviderMode })))
const SpeakerNotesPage = lazy(() =>
  import('@/features/presenter/speaker-notes-page.tsx').then((m) => ({ default: m.SpeakerNotesPage })),
)

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, staleTime: Infinity } },
})

const viewNames: Readonly<Record<View, string>> = {
  playground: 'Playground',
  compare: 'Compare',
  guide: 'Which grant should I use?',
  glossary: 'Glossary',
  lessons: 'Attack lessons',
}

function NavLink({ view, current, href }: { view: View; current: View; href: string }) {
  return (
    <AppLink
      href={href}
      // The view shown is not navigated to again (the playground would lose its place).
      onClick={(e) => view === current && e.preventDefault()}
      aria-current={view === current ? 'page' : undefined}
      className="rounded px-2 py-1 text-sm font-medium text-blue-800 underline-offset-4 hover:underline aria-[current=page]:bg-blue-50 aria-[current=page]:text-blue-950 aria-[current=page]:underline"
    >
      {viewNames[view]}
    </AppLink>
  )
}

function Loading({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="p-6 text-slate-600">
      {children}
    </p>
  )
}

export function App() {
  const [params] = useState(readTrainerParams)
  if (params.notes !== undefined)
    return (
      <Suspense fallback={<Loading>Loading the speaker notes…</Loading>}>
        <SpeakerNotesPage id={params.notes} />
      </Suspense>
    )
  // An embed never shows the provider mode: anyone may frame an embed.
  const provider = new URLSearchParams(window.location.search).has('provider') && !params.embed
  return provider ? <ProviderShell /> : <PlaygroundShell params={params} />
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
    <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
      <label className="flex items-center gap-2 text-sm font-medium">
        Flow
        <select
          className="max-w-[14rem] rounded border border-slate-400 bg-white px-2 py-1"
          value={flow.id}
          onChange={(e) => choose(e.target.value, findFlow(e.target.value, null).variant.id)}
        >
          <optgroup label="Grants and tokens">
            {flows.map((f) => (
              <option key={f.id} value={f.id}>
                {f.title}
              </option>
            ))}
          </optgroup>
          <optgroup label="Attack lessons">
            {lessons.map((f) => (
              <option key={f.id} value={f.id}>
                {f.lesson?.number}. {f.title}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      <fieldset className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
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
    </div>
  )
}

/** The full playground for the current page's address, without the embed's settings. */
function fullPlaygroundUrl(): string {
  const url = new URL(window.location.href)
  for (const name of ['embed', 'switch', 'autoplay', 'speed']) url.searchParams.delete(name)
  return url.href
}

function ProviderShell() {
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
            <a className="text-sm font-medium text-blue-800 underline" href="./">
              Back to the playground
            </a>
          </div>
        </header>
        <Suspense fallback={<Loading>Loading the provider settings…</Loading>}>
          <ProviderMode />
        </Suspense>
      </div>
    </QueryClientProvider>
  )
}

function PlaygroundShell({ params }: { params: TrainerParams }) {
  const [route, setRoute] = useState<Route>(() => readRoute())
  const [presenter, setPresenter] = useState(params.presenter && !params.embed)
  const [contrast, setContrast] = useState(true)
  const [seed, setSeedState] = useState(params.seed)
  const embedded = params.embed
  const server = useServer()
  // Next, Autoplay or Speed pressed on the first screen, before the playground is ready: applied once it is.
  const [early, setEarly] = useState(noEarlyInput)
  const onEarly = useCallback((patch: Partial<EarlyInput>) => setEarly((e) => ({ ...e, ...patch })), [])
  // The first screen stays up, the same element, until the playground shows its runner; then it is
  // hidden, and removed once a frame has been drawn without it.
  const [runnerShown, setRunnerShown] = useState(false)
  const firstScreenRetired = useRetired(runnerShown)
  const firstScreenPainted = useFirstScreenPainted(loadPlayground)
  // Where the playground was last, so "Playground" returns to the same flow and step.
  const [lastPlayground, setLastPlayground] = useState(() =>
    route.view === 'playground' ? window.location.search || '?' : '?',
  )
  const main = useRef<HTMLElement>(null)
  // Set when the view changes, so the new view takes the focus once it is shown.
  const arrived = useRef(false)

  const shown = useRef(route.view)
  useEffect(() => {
    shown.current = route.view
  })

  useEffect(() => {
    // The browser's Back and Forward: the views follow the address (the playground its steps itself).
    const onPop = () => {
      const next = readRoute()
      if (next.view !== shown.current) arrived.current = true
      setRoute(next)
    }
    window.addEventListener('popstate', onPop)
    return () => window.removeEventListener('popstate', onPop)
  }, [])

  const navigate = useCallback((href: string) => {
    const before = readRoute()
    if (before.view === 'playground') setLastPlayground(window.location.search || '?')
    const url = new URL(href, window.location.href)
    writeUrl(url.pathname + url.search, 'push')
    const next = readRoute()
    // A new view takes the focus (its content replaced what was focused); within a view, the view decides.
    if (before.view !== next.view) arrived.current = true
    setRoute(next)
    window.scrollTo({ top: 0 })
  }, [])

  useEffect(() => {
    if (!arrived.current) return
    arrived.current = false
    // A view that already put the focus somewhere inside (the Glossary at a term) keeps it there.
    if (!main.current?.contains(document.activeElement)) main.current?.focus({ preventScroll: true })
  }, [route])

  const { flow, variant, unknown } = findFlow(route.flow, route.variant)
  // urlFor keeps the visit's settings (embed, switch, seed) in the address.
  const choose = (flowId: string, variantId: string) => {
    setEarly(noEarlyInput)
    setRunnerShown(false)
    navigate(urlFor({ flow: flowId, variant: variantId, step: 0 }))
  }
  const setSeed = (next: string | undefined) => {
    writeParam('seed', next)
    setSeedState(next)
    navigate(urlFor({ flow: flow.id, variant: variant.id, step: 0 }))
  }
  // An embed and presenter mode show the playground only.
  const view: View = embedded || presenter ? 'playground' : route.view
  const problems = [...(view === 'playground' ? unknown : []), ...params.problems]
  const chooser = <FlowChooser flow={flow} variant={variant} choose={choose} />

  return (
    <QueryClientProvider client={queryClient}>
      <NavigateContext value={navigate}>
        <div className={`min-h-screen ${presenter ? `gs-presenter ${contrast ? 'gs-contrast' : ''}` : ''}`}>
          <a
            href="#main"
            className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
          >
            Skip to content
          </a>
          {embedded ? (
            <EmbedBar title={`${flow.title} — ${variant.title}`} openHref={fullPlaygroundUrl}>
              {params.allowSwitch ? chooser : undefined}
            </EmbedBar>
          ) : presenter ? null : (
            <header className="border-b border-slate-200 bg-white">
              <div className="mx-auto flex max-w-[1500px] flex-wrap items-center gap-x-6 gap-y-2 px-3 py-3 sm:px-4">
                <h1 className="flex items-center gap-2 text-lg font-bold text-blue-950">
                  <img src="./favicon.svg" alt="" width="24" height="24" /> Grantscope
                  <span className="hidden text-sm font-normal text-slate-600 xl:inline">
                    OAuth 2.0 &amp; OpenID Connect, step by step
                  </span>
                </h1>
                <nav aria-label="Views" className="-mx-2 flex flex-wrap items-center gap-x-1 gap-y-1">
                  <NavLink view="playground" current={view} href={lastPlayground} />
                  <NavLink view="compare" current={view} href={compareHref()} />
                  <NavLink view="guide" current={view} href={guideHref()} />
                  <NavLink view="glossary" current={view} href={glossaryHref()} />
                  <NavLink view="lessons" current={view} href={lessonsHref()} />
                  <a
                    className="rounded px-2 py-1 text-sm font-medium text-blue-800 underline-offset-4 hover:underline"
                    href="?provider"
                  >
                    Use your provider
                  </a>
                  <ServerConsoleLauncher
                    available={server.node !== undefined}
                    playgroundOnNode={server.kind === 'node'}
                  />
                </nav>
                {view === 'playground' && chooser}
              </div>
            </header>
          )}
          {problems.length > 0 && (
            <p role="alert" className="mx-auto mt-3 max-w-[1500px] px-3 text-sm sm:px-4">
              <span className="block rounded border border-amber-300 bg-amber-50 px-3 py-2 text-amber-950">
                This link asks for {problems.join(' and ')}, which Grantscope does not know.{' '}
                {unknown.length > 0 && view === 'playground'
                  ? `Showing ${flow.title} — ${variant.title} instead; choose another with the Flow control.`
                  : 'It is ignored.'}
              </span>
            </p>
          )}
          <main
            id="main"
            ref={main}
            tabIndex={-1}
            aria-label={viewNames[view]}
            className="mx-auto max-w-[1500px] outline-none [overflow-wrap:anywhere]"
          >
            <Suspense fallback={<Loading>Loading…</Loading>}>
              {view === 'playground' && !firstScreenRetired && (
                <FirstScreen
                  flow={flow}
                  variant={variant}
                  // Short, so the step controls keep the one line the runner's "Introduction" takes.
                  status={server.kind === 'node' ? 'Connecting…' : 'Loading…'}
                  early={{ ...early, nexts: Math.max(route.step, early.nexts) }}
                  onEarly={onEarly}
                  embed={embedded}
                  presenter={presenter}
                  seed={seed}
                  hidden={runnerShown}
                />
              )}
              {/* A boundary of its own: while the runner's code loads, the first screen stays up (not "Loading…"). */}
              {view === 'playground' && firstScreenPainted && (
                <Suspense fallback={null}>
                  <Playground
                    key={`${flow.id}/${variant.id}`}
                    flow={flow}
                    variant={variant}
                    initialStep={route.step}
                    early={early}
                    onShown={setRunnerShown}
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
              )}
              {view === 'compare' && <CompareRoute value={route.value} />}
              {view === 'guide' && <Guide answers={route.value} />}
              {view === 'glossary' && <Glossary term={route.value} />}
              {view === 'lessons' && <LessonList />}
            </Suspense>
          </main>
        </div>
      </NavigateContext>
    </QueryClientProvider>
  )
}
