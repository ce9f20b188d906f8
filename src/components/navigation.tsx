import { createContext, use, type ComponentProps, type MouseEvent } from 'react'

/**
 * Moves to another place of the app (a view, a flow, a glossary term) without reloading: the shell
 * provides it, so features can link anywhere without knowing the shell.
 */
export const NavigateContext = createContext<(href: string) => void>((href) => {
  window.location.assign(href)
})

/** A real link (it can be opened in a new tab, copied, shared) that navigates in place on a plain click. */
export function AppLink({ href, onClick, ...rest }: ComponentProps<'a'> & { href: string }) {
  const navigate = use(NavigateContext)
  const click = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event)
    if (event.defaultPrevented || event.button !== 0) return
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    navigate(href)
  }
  return <a href={href} onClick={click} {...rest} />
}
