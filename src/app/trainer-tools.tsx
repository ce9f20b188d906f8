import { lazy, Suspense, useState } from 'react'
import type { FlowDescriptor, FlowVariant } from '@/flows/catalogue.ts'
import type { Step } from '@/flows/step.ts'
import { useNpmStartServer } from '@/components/use-npm-start-server.ts'
import { trainerButtonClass } from './first-screen.tsx'
import { demoClients, demoUsers } from '@/server/demo-world.ts'
import { version } from '../../package.json'

// Dialogs and the presenter load when first used: the first screen does not pay for them.
const ExportDialog = lazy(() =>
  import('@/features/export/export-dialog.tsx').then((m) => ({ default: m.ExportDialog })),
)
const EmbedDialog = lazy(() =>
  import('@/features/embed/embed-dialog.tsx').then((m) => ({ default: m.EmbedDialog })),
)
const DemoSeedDialog = lazy(() =>
  import('@/features/demo-seed/demo-seed.tsx').then((m) => ({ default: m.DemoSeedDialog })),
)
export const PresenterBar = lazy(() =>
  import('@/features/presenter/presenter-bar.tsx').then((m) => ({ default: m.PresenterBar })),
)
export const DemoSeedNotice = lazy(() =>
  import('@/features/demo-seed/demo-seed.tsx').then((m) => ({ default: m.DemoSeedNotice })),
)

/** The trainer's settings and modes, owned by the shell (app.tsx) and read by the runner. */
export interface TrainerProps {
  readonly embed: boolean
  readonly autoplay: boolean
  readonly speedMs: number | undefined
  readonly presenter: boolean
  readonly setPresenter: (on: boolean) => void
  readonly contrast: boolean
  readonly setContrast: (on: boolean) => void
  readonly seed: string | undefined
  readonly setSeed: (seed: string | undefined) => void
}

/** What exports mask unless asked: the demo world's passwords and client secrets. */
const passwords = demoUsers.map((u) => u.password)
const clientSecrets = demoClients.flatMap((c) => (c.client_secret === undefined ? [] : [c.client_secret]))

/** Presenter, Export, Embed and Demo seed: the trainer's and developer's tools above the step. */
export function TrainerToolbar({
  trainer,
  flow,
  variant,
  steps,
  cursor,
  origin,
}: {
  trainer: TrainerProps
  flow: FlowDescriptor
  variant: FlowVariant
  steps: readonly Step[]
  cursor: number
  origin: string
}) {
  const [open, setOpen] = useState<'export' | 'embed' | 'seed'>()
  const { address } = useNpmStartServer(origin)
  const close = () => setOpen(undefined)
  const button = trainerButtonClass
  return (
    <div role="toolbar" aria-label="Trainer tools" className="flex flex-wrap items-center gap-2">
      <button
        type="button"
        aria-pressed={false}
        className={button}
        onClick={() => trainer.setPresenter(true)}
      >
        Presenter
      </button>
      <button type="button" aria-haspopup="dialog" className={button} onClick={() => setOpen('export')}>
        Export
      </button>
      <button type="button" aria-haspopup="dialog" className={button} onClick={() => setOpen('embed')}>
        Embed
      </button>
      <button type="button" aria-haspopup="dialog" className={button} onClick={() => setOpen('seed')}>
        Demo seed{trainer.seed === undefined ? '' : `: ${trainer.seed}`}
      </button>
      <Suspense fallback={null}>
        {open === 'export' && (
          <ExportDialog
            run={{
              flow,
              variant,
              lanes: flow.lanes,
              steps,
              serverOrigin: origin,
              httpOrigin: address,
              seed: trainer.seed,
            }}
            passwords={passwords}
            clientSecrets={clientSecrets}
            version={version}
            onClose={close}
          />
        )}
        {open === 'embed' && (
          <EmbedDialog
            base={window.location.href}
            flow={flow}
            variant={variant}
            step={cursor + 1}
            seed={trainer.seed}
            onClose={close}
          />
        )}
        {open === 'seed' && (
          <DemoSeedDialog
            seed={trainer.seed}
            onApply={(seed) => {
              close()
              trainer.setSeed(seed)
            }}
            onClose={close}
          />
        )}
      </Suspense>
    </div>
  )
}
