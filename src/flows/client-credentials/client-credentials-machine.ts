import { requireValue } from '../client/recorder.ts'
import { clientCredentials, heldTokens } from '../client/token.ts'
import {
  accessTokenOf,
  apiOperation,
  asOf,
  discoveryOperation,
  type DiscoveringContext,
} from '../common-steps.ts'
import { flowKit, type Operations } from '../flow-kit.ts'
import type { HeldToken } from '../step.ts'
import { clientCredentialsSteps as S } from './steps.ts'

export interface ClientCredentialsContext extends DiscoveringContext {
  readonly held?: readonly HeldToken[] | undefined
}

type Ctx = ClientCredentialsContext

/** The user endpoint this grant must not be able to read: the resource URL's user-data sibling. */
const userEndpointOf = (ctx: Ctx) =>
  new URL('/rs/me/friends/movies', requireValue(ctx.config.resourceUrl, 'The resource URL')).href

const operations = {
  discovery: discoveryOperation<Ctx>(S.discovery, ['token_endpoint']),
  tokenRequest: {
    meta: S.tokenRequest,
    async run(ctx, ports) {
      const now = ports.clock.now()
      const result = await clientCredentials(ports.transport, asOf(ctx), ctx.config, now)
      const held = heldTokens(result.tokens, now)
      return { exchange: result.exchange, checks: result.checks, tokens: held, patch: { held } }
    },
  },
  catalogueRequest: apiOperation<Ctx>(S.catalogueRequest, {
    url: (ctx) => requireValue(ctx.config.resourceUrl, 'The resource URL'),
    token: (ctx) => accessTokenOf(ctx.held),
  }),
  userEndpoint: apiOperation<Ctx>(S.userEndpoint, {
    url: userEndpointOf,
    token: (ctx) => accessTokenOf(ctx.held),
    expect: {
      status: 403,
      error: 'insufficient_scope',
      lesson: 'an app-only token cannot read a user’s data, exactly as it should be.',
    },
  }),
} satisfies Operations<Ctx>

const kit = flowKit<Ctx>(operations)

/**
 * The client credentials grant (RFC 6749 §4.4): machine to machine, no user. The job gets a token
 * for itself, reads the public catalogue, and is refused at a user's data.
 */
export const clientCredentialsMachine = kit.setup.createMachine({
  id: 'client-credentials',
  context: ({ input }) => ({ ...input, steps: [] }),
  initial: 'ready',
  states: {
    ready: kit.gate('discovery'),
    discovery: kit.step('discovery', 'discovered'),
    discovered: kit.gate('tokenRequest'),
    tokenRequest: kit.step('tokenRequest', 'haveToken'),
    haveToken: kit.gate('catalogueRequest'),
    catalogueRequest: kit.step('catalogueRequest', 'readCatalogue'),
    readCatalogue: kit.gate('userEndpoint'),
    userEndpoint: kit.step('userEndpoint', 'complete'),
    complete: { type: 'final' },
    failed: { type: 'final', tags: ['failed'] },
  },
})

export const clientCredentialsFlow = kit.define(clientCredentialsMachine)
