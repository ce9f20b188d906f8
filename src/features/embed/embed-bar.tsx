import type { ReactNode } from 'react'

/**
 * The embed's only chrome: what it shows, the chooser when the embedder allows switching, and a way
 * out to the full playground in a new tab.
 */
export function EmbedBar({
  title,
  openHref,
  children,
}: {
  title: string
  /** The full playground at the embed's current step; read when the link is used. */
  openHref: () => string
  children?: ReactNode
}) {
  return (
    <header className="flex flex-wrap items-center gap-x-4 gap-y-1 border-b border-slate-200 bg-white px-3 py-2">
      <h1 className="flex items-center gap-1.5 text-sm font-semibold text-blue-950">
        <img src="./favicon.svg" alt="" width="18" height="18" />
        {children ? 'Grantscope' : title}
      </h1>
      {children}
      <a
        href={openHref()}
        onPointerDown={(e) => (e.currentTarget.href = openHref())}
        onFocus={(e) => (e.currentTarget.href = openHref())}
        target="_blank"
        rel="noopener"
        className="ml-auto text-sm font-medium text-blue-800 underline underline-offset-2 hover:text-blue-950"
      >
        Open in Grantscope
        <span className="sr-only"> (opens a new tab)</span>
      </a>
    </header>
  )
}
