import type { FlowMachine } from './flow-contract.ts'
import type { Lane } from './step.ts'

/**
 * The flows the playground offers, as light data for the first screen. The machines themselves are
 * loaded on demand (`loadMachine`), so the first screen does not pay for xstate or oauth4webapi.
 */
export interface FlowVariant {
  readonly id: string
  readonly title: string
  readonly summary: string
  /** The demo client this variant plays (registered at the bundled server). */
  readonly clientId: string
  readonly clientSecret?: string
  readonly usePkce: boolean
}

export interface FlowDescriptor {
  readonly id: string
  readonly title: string
  readonly summary: string
  readonly variants: readonly FlowVariant[]
  readonly scope: string
  /** Path under the origin that the client calls at the resource server. */
  readonly resourcePath: string
  /** Loads the flow's machine (a separate chunk), which follows `flow-contract.ts`. */
  readonly loadMachine: () => Promise<FlowMachine>
}

export const lanes: readonly { readonly id: Lane; readonly title: string; readonly subtitle: string }[] = [
  { id: 'browser', title: 'User + browser', subtitle: 'Alice, in her browser' },
  { id: 'client', title: 'Client', subtitle: 'MovieMatch' },
  { id: 'as', title: 'Authorization server', subtitle: 'Friendly Social login' },
  { id: 'rs', title: 'Resource server', subtitle: 'Friendly Social API' },
]

export const flows: readonly FlowDescriptor[] = [
  {
    id: 'authorization-code',
    title: 'Authorization Code',
    summary:
      'The user signs in at the authorization server, which sends a one-time code back through the browser; the client exchanges it for tokens over a direct back channel.',
    scope: 'openid profile email friends.read movies.read',
    resourcePath: '/rs/me/friends/movies',
    loadMachine: () =>
      import('./authorization-code/authorization-code-machine.ts').then((m) => m.authorizationCodeMachine),
    variants: [
      {
        id: 'pkce',
        title: 'With PKCE (public client)',
        summary:
          'A single-page app (client spa) has no secret; PKCE proves that whoever redeems the code started the flow.',
        clientId: 'spa',
        usePkce: true,
      },
      {
        id: 'client-secret',
        title: 'With a client secret (confidential client)',
        summary:
          'A server-side web app (client web-app) authenticates at the token endpoint with its secret.',
        clientId: 'web-app',
        clientSecret: 'web-app-secret',
        usePkce: false,
      },
    ],
  },
]

export function findFlow(
  flowId: string | null,
  variantId: string | null,
): { flow: FlowDescriptor; variant: FlowVariant } {
  const flow = flows.find((f) => f.id === flowId) ?? flows[0]!
  const variant = flow.variants.find((v) => v.id === variantId) ?? flow.variants[0]!
  return { flow, variant }
}
