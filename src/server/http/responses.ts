import { reply, type Reply } from './reply.ts'
import type { OAuthError } from '../errors.ts'

/** Open CORS without credentials, for discovery, JWKS, token, UserInfo and the RS (RFC 9700 §2.6). */
export const corsHeaders: Readonly<Record<string, string>> = Object.freeze({
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'WWW-Authenticate, Cache-Control, Pragma',
})

/** Headers for responses that carry tokens or errors about them (RFC 6749 §5.1). */
export const noStore: Readonly<Record<string, string>> = Object.freeze({
  'Cache-Control': 'no-store',
  Pragma: 'no-cache',
})

/** A back-channel answer that carries tokens or client secrets: not stored, readable cross-origin. */
export const noStoreCors: Readonly<Record<string, string>> = Object.freeze({ ...noStore, ...corsHeaders })

const noHeaders: Readonly<Record<string, string>> = Object.freeze({})
const jsonType = 'application/json; charset=utf-8'
const jsonHeadersOf = new WeakMap<object, Readonly<Record<string, string>>>()

/**
 * `headers` with the JSON Content-Type first. Frozen header sets (the constants above) are merged
 * once and the frozen result reused, so `reply` and the Node adapter can reuse their work on it too.
 */
function withJsonType(headers: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  if (!Object.isFrozen(headers)) return { 'Content-Type': jsonType, ...headers }
  let merged = jsonHeadersOf.get(headers)
  if (merged === undefined) {
    merged = Object.freeze({ 'Content-Type': jsonType, ...headers })
    jsonHeadersOf.set(headers, merged)
  }
  return merged
}

export function jsonResponse(
  body: unknown,
  status = 200,
  headers: Readonly<Record<string, string>> = noHeaders,
): Reply {
  return jsonTextResponse(JSON.stringify(body, null, 2), status, headers)
}

/** `jsonResponse` for a body already serialised (see `JsonOnce`). */
export function jsonTextResponse(
  text: string,
  status = 200,
  headers: Readonly<Record<string, string>> = noHeaders,
): Reply {
  return reply(status, withJsonType(headers), text)
}

/**
 * A document serialised once per owner and `version` — for bodies that change only when what they
 * are made from changes (the metadata when a setting changes, the JWKS when a key is made).
 * `version` is compared by identity: pass the thing itself (the frozen settings object that
 * `setPolicies` replaces) or a count that grows with it.
 */
export class JsonOnce<Owner extends object> {
  private readonly cache = new WeakMap<Owner, { version: unknown; text: string }>()

  constructor(private readonly build: (owner: Owner) => unknown) {}

  text(owner: Owner, version: unknown): string {
    const hit = this.cache.get(owner)
    if (hit !== undefined && hit.version === version) return hit.text
    const text = JSON.stringify(this.build(owner), null, 2)
    this.cache.set(owner, { version, text })
    return text
  }
}

/** `{error, error_description}` as the token endpoint answers (RFC 6749 §5.2). */
export function oauthErrorBody(error: OAuthError): { error: string; error_description: string } {
  return { error: error.code, error_description: error.description }
}

/** Answers a CORS preflight for an endpoint that allows cross-origin calls. */
export function preflightResponse(methods: readonly string[]): Reply {
  return reply(
    204,
    {
      ...corsHeaders,
      'Access-Control-Allow-Methods': methods.join(', '),
      'Access-Control-Allow-Headers': 'Authorization, Content-Type, DPoP',
      'Access-Control-Max-Age': '600',
    },
    null,
  )
}

/** A quoted-string for an auth-param value (RFC 9110 §11.2); our values never contain quotes. */
export function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, '')}"`
}
