import type { FlowContext, Navigation } from './flow-contract.ts'
import type { Operation } from './flow-kit.ts'
import { FlowError } from './flow-error.ts'
import type { BrowserPage, FlowFailure, Lane, Screen, StepMeta } from './step.ts'
import type { TraceEntry } from '@/protocol/trace.ts'

/** Front-channel hops in the browser, by the page the browser asks for. */
export const browserSteps = {
  authorize: {
    title: 'The browser asks the authorization server',
    from: 'browser',
    to: 'as',
    channel: 'front',
    explanation:
      'The browser requests the authorization URL. The server checks the client_id and that redirect_uri exactly matches a registered URI before anything else — until both are trusted it must not redirect anywhere. Then it checks the rest and, as nobody is signed in, shows its own login page.',
    refs: ['rfc6749-3.1', 'rfc9700-2.1', 'rfc6749-4.1.2.1'],
  },
  login: {
    title: 'The user signs in at the authorization server',
    from: 'browser',
    to: 'as',
    channel: 'front',
    explanation:
      'The user types their password on the authorization server’s own page — the client never sees it. That is the point of OAuth: the client gets a limited token, not the password. The server checks the credentials, starts a session (a cookie) and asks for consent.',
    refs: ['oidc-3.1.2.4', 'rfc6749-1.3.1'],
  },
  consent: {
    title: 'The user decides what the client may do',
    from: 'browser',
    to: 'as',
    channel: 'front',
    explanation:
      'The consent page lists the scopes the client asked for. On Allow the server creates a short-lived, single-use authorization code and redirects the browser back to the client with code, state and iss. On Deny it redirects back with error=access_denied.',
    refs: ['rfc6749-4.1.2', 'rfc6749-4.1.2.1', 'rfc9207-2'],
  },
  device: {
    title: 'The phone opens the verification link',
    from: 'browser',
    to: 'as',
    channel: 'front',
    explanation:
      'The user scans the QR code (or types the short URL) on their phone. verification_uri_complete carries the code, so the authorization server’s page opens with it filled in. The phone is a second device: the TV never sees the user’s password, and the phone never sees the TV’s device_code.',
    refs: ['rfc8628-3.3', 'rfc8628-3.3.1'],
  },
  deviceCode: {
    title: 'The user confirms the code',
    from: 'browser',
    to: 'as',
    channel: 'front',
    explanation:
      'The user checks that the code on the phone is the one on the TV and presses Continue. The server takes it in any case, with or without its dash, and limits wrong guesses: a user code is short, so it must not be guessable by trying. Then it asks the user to sign in.',
    refs: ['rfc8628-3.3', 'rfc8628-5.1'],
  },
  other: {
    title: 'The browser follows a redirect',
    from: 'browser',
    to: 'as',
    channel: 'front',
    explanation: 'The browser follows the Location header of the previous response.',
    refs: ['rfc6749-3.1.2'],
  },
} as const satisfies Record<string, StepMeta>

export type BrowserStepKey = keyof typeof browserSteps

/** Which hop a navigation is, by the path it asks for. */
export function browserStepFor(nav: Navigation): BrowserStepKey {
  const path = new URL(nav.url).pathname
  if (path.endsWith('/authorize')) return 'authorize'
  if (path.endsWith('/login')) return 'login'
  if (path.endsWith('/consent')) return 'consent'
  if (path.endsWith('/device')) return nav.method === 'POST' ? 'deviceCode' : 'device'
  return 'other'
}

/** The context a browsing grant keeps: the next navigation, and where the browser arrived. */
export interface BrowsingContext extends FlowContext {
  readonly pending?: Navigation | undefined
  /** The client's redirect URI with the authorization response, once the browser got there. */
  readonly callbackUrl?: string | undefined
}

/** What the person at the browser can do on this page, in one sentence. */
export function pageNote(html: string): string {
  if (html.includes('name="password"'))
    return 'This is the authorization server’s own login page. Sign in as alice / wonderland, or press Next to let the demo user do it.'
  if (html.includes('name="user_code"'))
    return 'This is the authorization server’s device page. The code is filled in from the link; compare it with the TV and press Continue, or Next.'
  if (html.includes('value="allow"'))
    return 'This is the authorization server’s consent page. Choose Allow or Deny, or press Next to allow.'
  return 'The authorization server’s page.'
}

/** Whether the browser is being sent to the client's redirect URI (exact origin and path, any query). */
export function isRedirectUri(location: string, redirectUri: string): boolean {
  const to = new URL(location)
  const expected = new URL(redirectUri)
  return to.origin === expected.origin && to.pathname === expected.pathname
}

function failureFromPage(page: BrowserPage, trace: readonly TraceEntry[]): FlowFailure {
  const failed = trace.find((t) => t.outcome === 'fail')
  if (failed)
    return {
      title: `The authorization server refused: ${failed.summary}`,
      message: failed.detail ?? failed.summary,
      hint: 'The server showed an error page instead of redirecting back to the client. Press Restart to begin a new login.',
      refs: failed.refs,
    }
  return {
    title: `The authorization server answered ${page.status} with an error page`,
    message:
      'It did not redirect back to the client: when the client_id or redirect_uri cannot be trusted, the server must show the error to the user instead of redirecting.',
    hint: 'Check that the client_id is registered and the redirect_uri matches a registered URI exactly.',
    refs: ['rfc6749-4.1.2.1', 'rfc9700-2.1'],
  }
}

export interface BrowseOptions<Ctx> {
  /** The lane of the browser (the user's phone in the device grant). */
  readonly lane?: Lane
  /** The hops this browsing may take, for the outline; authorize, login and consent by default. */
  readonly outline?: readonly BrowserStepKey[]
  /** What the other lanes show meanwhile (the TV's screen in the device grant). */
  readonly alongside?: (context: Ctx) => readonly Screen[]
  /** Step metadata per hop, where a grant explains a page its own way. */
  readonly steps?: Partial<Record<BrowserStepKey, StepMeta>>
  /** Where the browser returns to the client; undefined when it never does (the device grant). */
  readonly redirectUri?: (context: Ctx) => string | undefined
}

/**
 * One hop of the browser through the user-agent port: loads the pending navigation and reports
 * where it ended — `arrived` (back at the client's redirect URI), `redirect` (another hop to make),
 * `page` (a page that waits for the user) or `finished` (a page with nothing left to do). An error
 * page is a recorded, failed step.
 */
export function browseOperation<Ctx extends BrowsingContext>(
  options: BrowseOptions<Ctx> = {},
): Operation<Ctx> {
  const lane = options.lane ?? 'browser'
  const metaOf = (key: BrowserStepKey): StepMeta => ({
    ...(options.steps?.[key] ?? browserSteps[key]),
    from: lane,
  })
  const outline = options.outline ?? ['authorize', 'login', 'consent']
  return {
    meta: metaOf(outline[0] ?? 'authorize'),
    outline: outline.map(metaOf),
    async run(context, ports) {
      const nav = context.pending
      if (nav === undefined) throw new Error('The next browser request is missing: the flow ran out of order')
      const meta = metaOf(browserStepFor(nav))
      const alongside = options.alongside?.(context) ?? []
      let visit
      try {
        visit = await ports.userAgent.navigate(nav)
      } catch (e) {
        throw new FlowError({
          title: 'The browser could not load the page',
          message: e instanceof Error ? e.message : String(e),
          hint: 'Check that the authorization server is reachable; press Restart to try again.',
          refs: meta.refs,
        })
      }
      const { outcome, exchange } = visit
      if (outcome.kind === 'redirect') {
        const redirectUri = options.redirectUri?.(context)
        const screens: Screen[] = [
          ...alongside,
          {
            kind: 'browser',
            lane,
            url: nav.url,
            note: `The server answered with a redirect: the browser now goes to ${outcome.location}`,
          },
        ]
        if (redirectUri !== undefined && isRedirectUri(outcome.location, redirectUri))
          return {
            meta,
            exchange,
            screens,
            outcome: 'arrived',
            patch: { callbackUrl: outcome.location, pending: undefined, prompt: undefined } as Partial<Ctx>,
          }
        return {
          meta,
          exchange,
          screens,
          outcome: 'redirect',
          patch: { pending: { method: 'GET', url: outcome.location }, prompt: undefined } as Partial<Ctx>,
        }
      }
      const { page } = outcome
      const screens: Screen[] = [
        ...alongside,
        { kind: 'browser', lane, url: page.url, page, note: pageNote(page.html) },
      ]
      if (page.status >= 400)
        return {
          meta,
          exchange,
          screens,
          failure: failureFromPage(page, exchange?.trace ?? []),
          outcome: 'page',
          patch: { pending: undefined } as Partial<Ctx>,
        }
      // A page without a form waits for nothing: the user is done here (the device grant's last page).
      if (!/<form[\s>]/i.test(page.html))
        return {
          meta,
          exchange,
          screens,
          outcome: 'finished',
          patch: { pending: undefined, prompt: undefined } as Partial<Ctx>,
        }
      return {
        meta,
        exchange,
        screens,
        outcome: 'page',
        patch: { pending: undefined, prompt: { kind: 'page', page } } as Partial<Ctx>,
      }
    },
  }
}
