import { useQuery } from '@tanstack/react-query'

/** Where `npm start` serves the bundled server when it runs with its defaults (README). */
export const npmStartDefault = 'http://localhost:8080'

/**
 * The address of a bundled server that answers over HTTP: this page's origin when `npm start`
 * serves the page (its discovery answers there), else `npm start`'s default address — on a static
 * host the server exists only inside the page. `here` is undefined while the probe runs.
 */
export function useNpmStartServer(origin: string): {
  readonly address: string
  readonly here: boolean | undefined
} {
  const probe = useQuery({
    queryKey: ['npm-start-server', origin],
    queryFn: async () => {
      const response = await fetch(`${origin}/as/.well-known/openid-configuration`, { cache: 'no-store' })
      if (!response.ok) return false
      const metadata = (await response.json().catch(() => undefined)) as { issuer?: unknown } | undefined
      return metadata?.issuer === `${origin}/as`
    },
  })
  const here = probe.isError ? false : probe.data
  return { address: here === false ? npmStartDefault : origin, here }
}
