import { header, type RecordedRequest } from '@/protocol/http-exchange.ts'

/** Whether a copied request works elsewhere, and why not when it does not. */
export interface CurlAdvice {
  /** True when any instance of the bundled server answers it the same way (discovery, JWKS, a new login). */
  readonly portable: boolean
  /** What ties it to the server in this page: "the authorization code", "a session cookie" … */
  readonly ties: readonly string[]
}

const tiedParams: Readonly<Record<string, string>> = {
  code: 'the authorization code',
  refresh_token: 'the refresh token',
  device_code: 'the device code',
  user_code: 'the user code',
  interaction: 'the login interaction',
  token: 'the token',
}

/**
 * Which values in the request only mean something to the server that issued them. The server in
 * this page and the one `npm start` runs share code and keys' shape, not their memory: a code
 * issued here is unknown there.
 */
export function curlAdvice(request: RecordedRequest): CurlAdvice {
  const url = new URL(request.url)
  const form =
    request.body !== undefined && header(request.headers, 'content-type')?.includes('x-www-form-urlencoded')
      ? new URLSearchParams(request.body)
      : new URLSearchParams()
  const ties = new Set<string>()
  for (const name of [...url.searchParams.keys(), ...form.keys()]) {
    const tie = tiedParams[name]
    if (tie !== undefined) ties.add(tie)
  }
  if (header(request.headers, 'authorization')?.toLowerCase().startsWith('bearer '))
    ties.add('the access token')
  if (header(request.headers, 'cookie') !== undefined) ties.add('the session cookie')
  if (url.pathname.endsWith('/callback'))
    ties.add('the client running in this page (it handles the callback)')
  return { portable: ties.size === 0, ties: [...ties] }
}
