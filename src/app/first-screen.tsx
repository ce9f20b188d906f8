import type { FlowDescriptor, FlowVariant } from '@/flows/catalogue.ts'
import { CautionNote } from '@/components/caution-note.tsx'
import { FlowControls } from '@/features/flow-controls/flow-controls.tsx'
import { SequenceDiagram } from '@/features/sequence-diagram/sequence-diagram.tsx'
import { ServerChoice, serverSentence } from '@/features/server-choice/server-choice.tsx'
import { FlowIntro } from '@/features/step-detail/flow-intro.tsx'
import { useServer } from './use-server.ts'

interface Props {
  readonly flow: FlowDescriptor
  readonly variant: FlowVariant
  /** What is loading, said where the step position will be. */
  readonly status: string
  /** Next pressed before the playground is ready: it runs the first step as soon as it is. */
  readonly onNext: () => void
  /** How many times Next was pressed so far. */
  readonly queued: number
}

const nothing = () => undefined

/**
 * The first screen, painted from the catalogue at once — the flow's introduction, its step outline
 * and its lanes — in the runner's own layout, while the machine and the server load behind it.
 */
export function FirstScreen({ flow, variant, status, onNext, queued }: Props) {
  const server = useServer()
  const origin = server.kind === 'node' && server.node ? server.node.origin : window.location.origin
  return (
    <main className="mx-auto grid max-w-[1500px] gap-4 p-4 lg:grid-cols-[minmax(0,5fr)_minmax(0,6fr)]">
      <div className="min-w-0 space-y-4">
        <div className="sticky top-0 z-10 -mx-1 space-y-1 rounded-b-lg bg-slate-50/95 px-1 py-2 backdrop-blur">
          <FlowControls
            canGoBack={false}
            canGoNext
            busy={false}
            autoplay={false}
            speedMs={1500}
            onBack={nothing}
            onNext={onNext}
            onRestart={nothing}
            onAutoplay={nothing}
            onSpeed={nothing}
            position={queued > 0 ? `${status} Step ${queued} runs as soon as it is ready.` : status}
          />
          <p className="h-6 text-sm text-slate-500">Time —</p>
        </div>
        <ServerChoice
          current={server.kind}
          origin={origin}
          nodeOrigin={server.node?.origin}
          onChoose={server.choose}
        />
        {flow.caution && <CautionNote caution={flow.caution} />}
        <SequenceDiagram lanes={flow.lanes} steps={[]} cursor={-1} onSelect={nothing} />
      </div>
      <div className="min-w-0 space-y-4">
        <section
          data-testid="first-screen"
          aria-labelledby="current-step-title"
          className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
        >
          <FlowIntro
            title={`${flow.title} — ${variant.title}`}
            summary={`${flow.summary} ${variant.summary}`}
            outline={flow.outline}
            server={serverSentence(server.kind, origin)}
          />
        </section>
      </div>
    </main>
  )
}
