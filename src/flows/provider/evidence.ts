import { header } from '@/protocol/http-exchange.ts'
import { jsonObject } from '../client/recorder.ts'
import { parseChallenge } from '../client/resource.ts'
import type { Step } from '../step.ts'
import type { Evidence, Stage } from './diagnoses.ts'
import type { DiscoveryProblem } from './discover-provider.ts'
import type { NetworkKind } from './transports.ts'

const stages: Readonly<Record<string, Stage>> = {
  discovery: 'discovery',
  authorizationRequest: 'authorization',
  browse: 'authorization',
  callback: 'callback',
  tokenRequest: 'token',
  idTokenValidation: 'id-token',
  userinfo: 'userinfo',
  resourceRequest: 'api',
  refresh: 'refresh',
  introspection: 'introspection',
  revocation: 'revocation',
}

/** What the catalogue needs to know besides the step: the client's side and what the page saw. */
export interface EvidenceContext {
  readonly client?: Evidence['client']
  /** Why the last request got no readable answer, from the transport. */
  readonly network?: { readonly kind: NetworkKind; readonly code?: string | undefined }
  /** What the user reported about the popup. */
  readonly popup?: 'error-page' | 'closed'
}

/** The `error` and `error_description` the provider returned in this step, wherever it put them. */
function oauthError(step: Step): { error?: string; description?: string } {
  const exchange = step.exchange
  if (exchange === undefined) return {}
  if (exchange.response === undefined) {
    // The authorization response, delivered through the browser: the parameters are in the URL.
    const url = new URL(exchange.request.url)
    const params = url.searchParams.has('error') ? url.searchParams : new URLSearchParams(url.hash.slice(1))
    const error = params.get('error') ?? undefined
    const description = params.get('error_description') ?? undefined
    return {
      ...(error === undefined ? {} : { error }),
      ...(description === undefined ? {} : { description }),
    }
  }
  const body = jsonObject(exchange.response.body)
  const challenge = parseChallenge(header(exchange.response.headers, 'www-authenticate'))
  const error = typeof body?.['error'] === 'string' ? body['error'] : challenge?.error
  const description =
    typeof body?.['error_description'] === 'string' ? body['error_description'] : challenge?.description
  return { ...(error === undefined ? {} : { error }), ...(description === undefined ? {} : { description }) }
}

/** The evidence of a failed step, as the diagnosis catalogue reads it. */
export function evidenceFromStep(step: Step, context: EvidenceContext = {}): Evidence {
  const failedChecks = step.checks.filter((c) => c.outcome === 'fail').map((c) => c.check)
  const status = step.exchange?.response?.status
  const noAnswer = step.exchange?.response === undefined && step.key !== 'callback' && step.key !== 'browse'
  return {
    stage: stages[step.key] ?? 'api',
    ...(status === undefined ? {} : { status }),
    ...oauthError(step),
    failedChecks,
    ...(noAnswer && context.network !== undefined ? { network: context.network.kind } : {}),
    ...(noAnswer && context.network?.code !== undefined ? { relayCode: context.network.code } : {}),
    ...(step.key === 'browse' && context.popup !== undefined ? { popup: context.popup } : {}),
    ...(context.client === undefined ? {} : { client: context.client }),
  }
}

/** The evidence of a discovery that failed before any run (the Discover button). */
export function evidenceFromDiscovery(problem: DiscoveryProblem): Evidence {
  const network: readonly string[] = ['cors', 'unreachable', 'csp', 'redirect', 'relay', 'timeout']
  return network.includes(problem.kind)
    ? { stage: 'discovery', network: problem.kind as NetworkKind }
    : { stage: 'discovery', discovery: problem.kind }
}
