import { signingAlgorithms, type SigningAlgorithm } from '../../protocol/server-policies.ts'
import { isLoopbackUri } from '../clients/redirect-uris.ts'
import { InvalidClientMetadata } from '../errors.ts'
import { failed, type RegistrationContext } from './pipeline.ts'

const check = 'check-client-metadata-types'

const stringFields = [
  'client_name',
  'scope',
  'token_endpoint_auth_method',
  'application_type',
  'id_token_signed_response_alg',
  'client_uri',
  'logo_uri',
  'policy_uri',
  'tos_uri',
  'software_id',
  'software_version',
] as const
const listFields = ['redirect_uris', 'grant_types', 'response_types', 'contacts'] as const
/** URLs a consent page or console may show as links: web URLs only, never `javascript:` or `data:`. */
const linkFields = ['client_uri', 'logo_uri', 'policy_uri', 'tos_uri'] as const
/** Metadata this server understands but does not act on: echoed back as registered. */
const echoed = [...linkFields, 'software_id', 'software_version', 'contacts'] as const

const maxText = 200
const maxList = 10
const maxUri = 2000

const isAlg = (value: string): value is SigningAlgorithm =>
  (signingAlgorithms as readonly string[]).includes(value)

function invalid(
  ctx: RegistrationContext,
  description: string,
  summary = description,
): InvalidClientMetadata {
  return failed(ctx, check, new InvalidClientMetadata(description), ['rfc7591-2', 'rfc7591-3.2.2'], summary)
}

/** Why `value` is not the JSON type `name` needs, or undefined. */
function typeProblem(name: string, value: unknown): string | undefined {
  if ((stringFields as readonly string[]).includes(name)) {
    if (typeof value !== 'string') return `${name} must be a string`
    return value.length > (name.endsWith('_uri') ? maxUri : maxText) ? `${name} is too long` : undefined
  }
  if ((listFields as readonly string[]).includes(name)) {
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
      return `${name} must be an array of strings`
    if (value.length > maxList) return `${name} may hold at most ${maxList} values`
    return value.some((v: string) => v.length > maxUri) ? `a value of ${name} is too long` : undefined
  }
  return undefined
}

const webLink = (value: string): boolean => {
  const url = URL.parse(value)
  return url !== null && (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackUri(url)))
}

/**
 * Every client metadata value this server understands must have its JSON type — strings, arrays of
 * strings — and a sane size; `application_type` is `web` (the default) or `native`; links are web
 * URLs; `client_name` has no control characters. Values it does not understand are ignored: "The
 * authorization server MUST ignore any client metadata sent by the client that it does not
 * understand".
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-2
 */
export function checkClientMetadataTypes(ctx: RegistrationContext): void {
  const { metadata, accepted } = ctx
  for (const [name, value] of Object.entries(metadata)) {
    const problem = typeProblem(name, value)
    if (problem !== undefined) throw invalid(ctx, problem)
  }
  const applicationType = metadata['application_type'] ?? 'web'
  if (applicationType !== 'web' && applicationType !== 'native')
    throw invalid(
      ctx,
      `application_type must be web or native, not ${typeof applicationType === 'string' ? applicationType : typeof applicationType}`,
    )
  accepted.applicationType = applicationType
  const name = metadata['client_name']
  if (typeof name === 'string') {
    if ([...name].some((c) => c < ' ' || c === '\u007f') || name.trim() === '')
      throw invalid(ctx, 'client_name must be printable text')
    accepted.clientName = name
  }
  const alg = metadata['id_token_signed_response_alg']
  if (typeof alg === 'string') {
    if (!isAlg(alg))
      throw invalid(
        ctx,
        `id_token_signed_response_alg must be one of ${signingAlgorithms.join(', ')}`,
        `id_token_signed_response_alg ${alg} is not an algorithm this server signs with (${signingAlgorithms.join(', ')})`,
      )
    accepted.idTokenSignedResponseAlg = alg
  }
  for (const field of linkFields) {
    const value = metadata[field]
    if (typeof value === 'string' && !webLink(value))
      throw invalid(ctx, `${field} must be an https URL (or http on a loopback address)`)
  }
  for (const field of echoed) if (metadata[field] !== undefined) accepted.extras[field] = metadata[field]
  const ignored = Object.keys(metadata).filter(
    (k) => !(stringFields as readonly string[]).includes(k) && !(listFields as readonly string[]).includes(k),
  )
  ctx.trace.pass(
    check,
    `The metadata has the right types; application_type is ${applicationType}${
      ignored.length > 0
        ? `; not understood, so ignored: ${ignored
            .slice(0, 5)
            .map((k) => k.slice(0, 40))
            .join(', ')}${ignored.length > 5 ? ' …' : ''}`
        : ''
    }`,
    ['rfc7591-2', 'oidc-registration-2'],
  )
}
