import type { SpecRefId } from '@/protocol/spec-refs.ts'
import type { ClientConfig } from './client-config.ts'
import type { FlowDefinition } from './flow-contract.ts'
import type { Lane } from './step.ts'

/**
 * The flows the playground offers, as light data for the first screen: what each is, its lanes,
 * its variants with the demo client each plays, and its closing words. The machines themselves load
 * on demand (`load`), so the first screen does not pay for xstate or oauth4webapi.
 */
export interface LaneInfo {
  readonly id: Lane
  readonly title: string
  readonly subtitle: string
}

export interface FlowVariant {
  readonly id: string
  readonly title: string
  readonly summary: string
  /** The client's registration at the bundled server that answers on `origin`. */
  readonly config: (origin: string) => ClientConfig
}

export interface FlowDescriptor {
  readonly id: string
  readonly title: string
  readonly summary: string
  readonly lanes: readonly LaneInfo[]
  readonly variants: readonly FlowVariant[]
  /** Said when a run completes: what the client got, and what it never saw. */
  readonly closing: string
  /** For legacy grants: why not to use it, and what replaced it. */
  readonly caution?: { readonly title: string; readonly text: string; readonly refs: readonly SpecRefId[] }
  /** Loads the flow's machine (its own chunk). */
  readonly load: () => Promise<FlowDefinition>
}

const lane = {
  user: { id: 'browser', title: 'User + browser', subtitle: 'Alice, in her browser' },
  client: { id: 'client', title: 'Client', subtitle: 'MovieMatch' },
  as: { id: 'as', title: 'Authorization server', subtitle: 'Friendly Social login' },
  rs: { id: 'rs', title: 'Resource server', subtitle: 'Friendly Social API' },
} as const satisfies Record<string, LaneInfo>

const openidScope = 'openid profile email friends.read movies.read'

export const flows: readonly FlowDescriptor[] = [
  {
    id: 'authorization-code',
    title: 'Authorization Code',
    summary:
      'The user signs in at the authorization server, which sends a one-time code back through the browser; the client exchanges it for tokens over a direct back channel.',
    lanes: [lane.user, lane.client, lane.as, lane.rs],
    closing:
      'MovieMatch read the friends’ movies with a token, and never saw Alice’s password. Press Restart to run it again, or try the other variant.',
    load: () =>
      import('./authorization-code/authorization-code-machine.ts').then((m) => m.authorizationCodeFlow),
    variants: [
      {
        id: 'pkce',
        title: 'With PKCE (public client)',
        summary:
          'A single-page app (client spa) has no secret; PKCE proves that whoever redeems the code started the flow.',
        config: (origin) => ({
          issuer: `${origin}/as`,
          clientId: 'spa',
          authMethod: 'none',
          redirectUri: `${origin}/callback`,
          scope: openidScope,
          usePkce: true,
          resourceUrl: `${origin}/rs/me/friends/movies`,
        }),
      },
      {
        id: 'client-secret',
        title: 'With a client secret (confidential client)',
        summary:
          'A server-side web app (client web-app) authenticates at the token endpoint with its secret.',
        config: (origin) => ({
          issuer: `${origin}/as`,
          clientId: 'web-app',
          clientSecret: 'web-app-secret',
          authMethod: 'client_secret_basic',
          redirectUri: `${origin}/callback`,
          scope: openidScope,
          usePkce: false,
          resourceUrl: `${origin}/rs/me/friends/movies`,
        }),
      },
    ],
  },
]

export interface FlowChoice {
  readonly flow: FlowDescriptor
  readonly variant: FlowVariant
  /** What the link asked for that this app does not know, said on screen (never silently replaced). */
  readonly unknown: readonly string[]
}

export function findFlow(flowId: string | null, variantId: string | null): FlowChoice {
  const unknown: string[] = []
  const named = flows.find((f) => f.id === flowId)
  if (flowId !== null && named === undefined) unknown.push(`flow "${flowId}"`)
  const flow = named ?? flows[0]!
  const namedVariant = flow.variants.find((v) => v.id === variantId)
  if (variantId !== null && namedVariant === undefined && named !== undefined)
    unknown.push(`variant "${variantId}" of ${flow.title}`)
  return { flow, variant: namedVariant ?? flow.variants[0]!, unknown }
}
