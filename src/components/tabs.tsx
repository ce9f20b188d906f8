import { useId, useRef, useState, type ReactNode } from 'react'

export interface TabSpec {
  readonly id: string
  readonly label: ReactNode
  readonly content: ReactNode
}

/** Accessible tabs (WAI-ARIA pattern): arrow keys, Home and End move between tabs; Tab goes into the panel. */
export function Tabs({
  tabs,
  label,
  initial,
}: {
  tabs: readonly TabSpec[]
  label: string
  initial?: string
}) {
  const [active, setActive] = useState(initial ?? tabs[0]?.id)
  const base = useId()
  const refs = useRef<(HTMLButtonElement | null)[]>([])
  const current = tabs.find((t) => t.id === active) ?? tabs[0]
  const select = (index: number) => {
    setActive(tabs[index]?.id)
    refs.current[index]?.focus()
  }
  const position = tabs.findIndex((t) => t.id === current?.id)
  // WAI-ARIA tabs pattern: ← and → wrap around, Home and End go to the first and the last tab.
  const keys: Readonly<Record<string, () => number>> = {
    ArrowRight: () => (position + 1) % tabs.length,
    ArrowLeft: () => (position - 1 + tabs.length) % tabs.length,
    Home: () => 0,
    End: () => tabs.length - 1,
  }
  return (
    <div>
      <div role="tablist" aria-label={label} className="flex gap-1 border-b border-slate-200">
        {tabs.map((tab, i) => (
          <button
            key={tab.id}
            ref={(el) => {
              refs.current[i] = el
            }}
            role="tab"
            type="button"
            id={`${base}-tab-${tab.id}`}
            aria-selected={tab.id === current?.id}
            aria-controls={`${base}-panel-${tab.id}`}
            tabIndex={tab.id === current?.id ? 0 : -1}
            onClick={() => setActive(tab.id)}
            onKeyDown={(e) => {
              const target = keys[e.key]
              if (target === undefined) return
              e.preventDefault()
              e.stopPropagation()
              select(target())
            }}
            className={`-mb-px rounded-t border-b-2 px-3 py-1.5 text-sm font-medium ${
              tab.id === current?.id
                ? 'border-blue-700 text-blue-800'
                : 'border-transparent text-slate-600 hover:text-slate-900'
            }`}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {current && (
        <div
          role="tabpanel"
          id={`${base}-panel-${current.id}`}
          aria-labelledby={`${base}-tab-${current.id}`}
          className="pt-3"
        >
          {current.content}
        </div>
      )}
    </div>
  )
}
