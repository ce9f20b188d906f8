import { grantTypes, type GrantType } from '../demo-world.ts'
import { InvalidClientMetadata } from '../errors.ts'
import type { ResponseType } from '../store.ts'
import { failed, listWords, type RegistrationContext } from './pipeline.ts'

const check = 'check-grant-response-types'

const knownGrants = new Set<string>(Object.values(grantTypes))
const isGrant = (value: string): value is GrantType => knownGrants.has(value)

/** Response types in any order of their values ("id_token token" = "token id_token"). */
const responseTypesByValues: Readonly<Record<string, ResponseType>> = {
  code: 'code',
  token: 'token',
  'id_token token': 'id_token token',
  id_token: 'id_token',
}
const normaliseResponseType = (value: string): ResponseType | undefined => {
  const key = value
    .split(' ')
    .filter((v) => v !== '')
    .sort()
    .join(' ')
  return Object.hasOwn(responseTypesByValues, key) ? responseTypesByValues[key] : undefined
}

/** The grant each response type belongs to (RFC 7591 §2.1). */
const grantOf = (type: ResponseType): GrantType => (type === 'code' ? 'authorization_code' : 'implicit')

/**
 * `grant_types` and `response_types` must be ones this server supports, and consistent: "the
 * authorization server MAY reject or replace any of the client's requested metadata values" — here
 * an inconsistent pair is rejected, so the developer learns it: `code` goes with
 * `authorization_code`, `token`, `id_token token` and `id_token` with `implicit`, each way round. `grant_types`
 * defaults to `authorization_code`; an omitted `response_types` is derived from the grant types
 * (RFC 7591 says `code`, which would make a client credentials registration inconsistent).
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-2.1
 */
export function checkGrantResponseTypes(ctx: RegistrationContext): void {
  const refs = ['rfc7591-2.1', 'rfc7591-3.2.2'] as const
  const rawGrants = (ctx.metadata['grant_types'] as string[] | undefined) ?? ['authorization_code']
  const unknownGrants = rawGrants.filter((g) => !isGrant(g))
  if (unknownGrants.length > 0)
    throw failed(
      ctx,
      check,
      new InvalidClientMetadata(`grant_types: ${unknownGrants.join(', ')} is not supported by this server`),
      refs,
      `grant_types ${listWords(unknownGrants)} ${unknownGrants.length > 1 ? 'are' : 'is'} not a grant this server supports (${[...knownGrants].join(', ')})`,
    )
  const grants = [...new Set(rawGrants.filter(isGrant))]
  if (grants.length === 0)
    throw failed(ctx, check, new InvalidClientMetadata('grant_types must name at least one grant'), refs)
  const rawResponses = ctx.metadata['response_types'] as string[] | undefined
  const responses =
    rawResponses === undefined
      ? [
          ...(grants.includes('authorization_code') ? (['code'] as const) : []),
          ...(grants.includes('implicit') ? (['token', 'id_token token', 'id_token'] as const) : []),
        ]
      : rawResponses.map((r) => {
          const type = normaliseResponseType(r)
          if (type === undefined)
            throw failed(
              ctx,
              check,
              new InvalidClientMetadata(`response_types: ${r} is not supported by this server`),
              refs,
              `response_type "${r}" is not one this server supports (code, token, id_token token, id_token)`,
            )
          return type
        })
  const uniqueResponses = [...new Set(responses)]
  for (const type of uniqueResponses)
    if (!grants.includes(grantOf(type)))
      throw failed(
        ctx,
        check,
        new InvalidClientMetadata(`response_type ${type} needs the ${grantOf(type)} grant type`),
        refs,
        `response_types includes ${type}, which is the ${grantOf(type)} grant, but grant_types does not`,
      )
  for (const grant of ['authorization_code', 'implicit'] as const)
    if (grants.includes(grant) && !uniqueResponses.some((t) => grantOf(t) === grant))
      throw failed(
        ctx,
        check,
        new InvalidClientMetadata(
          `grant_types includes ${grant}, but response_types has no response type for it`,
        ),
        refs,
      )
  ctx.accepted.grantTypes = grants
  ctx.accepted.responseTypes = uniqueResponses
  ctx.trace.pass(
    check,
    `grant_types ${grants.join(', ')}; response_types ${uniqueResponses.length > 0 ? uniqueResponses.join(', ') : '(none: no authorization endpoint)'}${rawResponses === undefined ? ' (derived from the grant types)' : ''} — consistent`,
    ['rfc7591-2.1'],
  )
}
