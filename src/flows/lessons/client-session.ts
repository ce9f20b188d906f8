import type { HttpExchange } from '@/protocol/http-exchange.ts'
import type { AuthorizationRequest } from '../client/authorization.ts'
import { verifyIdToken } from '../client/id-token.ts'
import { requireValue } from '../client/recorder.ts'
import { fetchUserInfo } from '../client/resource.ts'
import { exchangeCode, heldTokens, type TokenSet } from '../client/token.ts'
import { asOf } from '../common-steps.ts'
import type { Operation } from '../flow-kit.ts'
import type { AuthorizingContext } from '../redirect-steps.ts'
import type { AttackVerdict, StepMeta } from '../step.ts'

/**
 * MovieMatch's own back-end steps after a callback, in the session the callback arrived in — the
 * real client code (`exchangeCode`, `verifyIdToken`, `fetchUserInfo`), fed with whatever the
 * attacker managed to put into that session. Which session that is differs per lesson: Alice's
 * (CSRF) or the attacker's own (code injection), so each step is told which request it belongs to.
 */
export interface SessionContext extends AuthorizingContext {
  /** The code the client took from the callback. */
  readonly code?: string | undefined
  readonly tokens?: TokenSet | undefined
  /** The token response as it arrived, for the ID token's cross-check. */
  readonly tokenExchange?: HttpExchange | undefined
  readonly idTokenClaims?: Readonly<Record<string, unknown>> | undefined
}

/** The authorization request of the session the client is working in. */
export type SessionRequest<Ctx> = (ctx: Ctx) => AuthorizationRequest | undefined

/** The client redeems the code from the callback, with this session's PKCE verifier if it has one. */
export function redeemCodeOperation<Ctx extends SessionContext>(
  meta: StepMeta,
  session: SessionRequest<Ctx>,
): Operation<Ctx> {
  return {
    meta,
    async run(ctx, ports) {
      const now = ports.clock.now()
      const result = await exchangeCode(
        ports.transport,
        asOf(ctx),
        ctx.config,
        requireValue(ctx.code, 'The authorization code'),
        requireValue(session(ctx), 'The authorization request of this session'),
        now,
      )
      return {
        exchange: result.exchange,
        checks: result.checks,
        tokens: heldTokens(result.tokens, now),
        outcome: 'tokens',
        patch: { tokens: result.tokens, tokenExchange: result.exchange } as Partial<Ctx>,
      }
    },
  }
}

/** The client verifies the ID token against this session's nonce (OIDC Core §3.1.3.7). */
export function verifyIdTokenOperation<Ctx extends SessionContext>(
  meta: StepMeta,
  session: SessionRequest<Ctx>,
): Operation<Ctx> {
  return {
    meta,
    async run(ctx, ports) {
      const tokens = requireValue(ctx.tokens, 'The token response')
      const result = await verifyIdToken(
        ports.transport,
        asOf(ctx),
        ctx.config,
        requireValue(tokens.id_token, 'The ID token'),
        {
          nonce: session(ctx)?.nonce,
          accessToken: tokens.access_token,
          nowMs: ports.clock.now(),
          ...(ctx.tokenExchange === undefined ? {} : { tokenResponse: ctx.tokenExchange }),
        },
      )
      return {
        exchange: result.exchange,
        checks: result.checks,
        jwks: result.jwks,
        outcome: 'valid',
        patch: { idTokenClaims: result.claims } as Partial<Ctx>,
      }
    },
  }
}

/**
 * The client signs the browser in: it asks UserInfo who the ID token's user is, and the session
 * is theirs from now on. `verdict` says what that means for the attacker, from the real claims.
 */
export function signInOperation<Ctx extends SessionContext>(
  meta: StepMeta,
  verdict: (claims: Readonly<Record<string, unknown>>) => AttackVerdict,
): Operation<Ctx> {
  return {
    meta,
    async run(ctx, ports) {
      const tokens = requireValue(ctx.tokens, 'The token response')
      const sub = requireValue(ctx.idTokenClaims?.['sub'] as string | undefined, 'The ID token subject')
      const result = await fetchUserInfo(ports.transport, asOf(ctx), ctx.config, tokens.access_token, sub)
      const claims = result.claims
      return {
        exchange: result.exchange,
        checks: result.checks,
        values: ['sub', 'name', 'email'].flatMap((name) =>
          typeof claims[name] === 'string' ? [{ name, value: claims[name] }] : [],
        ),
        verdict: verdict(claims),
      }
    },
  }
}

/** A claim as text, for a verdict's sentence. */
export const claim = (claims: Readonly<Record<string, unknown>>, name: string): string =>
  typeof claims[name] === 'string' ? claims[name] : `(no ${name})`
