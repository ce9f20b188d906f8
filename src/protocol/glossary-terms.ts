import type { SpecRefId } from './spec-refs.ts'

/**
 * The jargon of OAuth 2.0 and OpenID Connect in plain language, with the spec section that defines
 * it. The Glossary lists these; explanations link every term they mention (see `findTerms`), so no
 * step's text ever carries a hand-written link.
 */
export interface GlossaryTerm {
  /** Stable id, used in links: `?glossary=pkce`. */
  readonly id: string
  readonly term: string
  /** Other ways the term is written in explanations (plurals, wire names). Matched whole-word. */
  readonly aliases?: readonly string[]
  /** Match only with this exact capitalisation (acronyms such as JWT or PKCE). */
  readonly caseSensitive?: boolean
  /** One or two sentences a newcomer understands. */
  readonly plain: string
  /** In the demo world: who or what this is here. */
  readonly example?: string
  readonly ref: SpecRefId
  readonly related?: readonly string[]
}

export const glossaryTerms: readonly GlossaryTerm[] = [
  {
    id: 'resource-owner',
    term: 'resource owner',
    aliases: ['resource owners'],
    plain: 'The person whose data it is, who can allow an app to use it. Usually simply "the user".',
    example: 'Alice, whose friends’ movie likes MovieMatch wants to read.',
    ref: 'rfc6749-1.1',
    related: ['client', 'consent'],
  },
  {
    id: 'client',
    term: 'client',
    aliases: ['clients'],
    plain:
      'The application that wants to use the user’s data. "Client" says nothing about where it runs: a server-side web app, a single-page app, a mobile app or a TV can each be the client.',
    example: 'MovieMatch.',
    ref: 'rfc6749-1.1',
    related: ['confidential-client', 'public-client'],
  },
  {
    id: 'confidential-client',
    term: 'confidential client',
    aliases: ['confidential clients'],
    plain:
      'A client that can keep a secret, because its code runs on a server the user cannot look into. It proves who it is with a client secret or a private key.',
    example: 'The web-app client, with the secret web-app-secret.',
    ref: 'rfc6749-2.1',
    related: ['public-client', 'client-authentication'],
  },
  {
    id: 'public-client',
    term: 'public client',
    aliases: ['public clients'],
    plain:
      'A client that cannot keep a secret, because its code runs on the user’s device (a single-page app, a mobile app): anyone can read a secret shipped in it. It uses PKCE instead.',
    example: 'The spa client.',
    ref: 'rfc6749-2.1',
    related: ['confidential-client', 'pkce'],
  },
  {
    id: 'authorization-server',
    term: 'authorization server',
    aliases: ['authorization servers'],
    plain:
      'The service that signs the user in, asks for their consent and hands out tokens. Also called the identity provider or the OpenID provider.',
    example: 'Friendly Social’s login service, bundled in this page at /as.',
    ref: 'rfc6749-1.1',
    related: ['resource-server', 'issuer'],
  },
  {
    id: 'resource-server',
    term: 'resource server',
    aliases: ['resource servers'],
    plain:
      'The API that holds the user’s data. It accepts a request when it carries a valid access token with the right scopes.',
    example: 'Friendly Social’s API at /rs (profile, friends, their liked movies).',
    ref: 'rfc6749-1.1',
    related: ['access-token', 'scope'],
  },
  {
    id: 'grant',
    term: 'grant',
    aliases: ['grants', 'grant type', 'authorization grant'],
    plain:
      'A way for a client to get an access token: the authorization code grant, client credentials, the device grant … Each fits a different kind of app.',
    ref: 'rfc6749-1.3',
    related: ['authorization-code', 'implicit-grant', 'password-grant'],
  },
  {
    id: 'authorization-code',
    term: 'authorization code',
    aliases: ['authorization codes', 'authorization code grant'],
    plain:
      'A short-lived, single-use voucher the authorization server sends back through the browser. The client trades it for tokens over the back channel, so the tokens never pass through the browser.',
    ref: 'rfc6749-1.3.1',
    related: ['pkce', 'front-channel', 'back-channel'],
  },
  {
    id: 'access-token',
    term: 'access token',
    aliases: ['access tokens', 'access_token'],
    plain:
      'The key the client shows the API. It says what the client may do (its scopes) and for how long; the client should treat it as an opaque string.',
    ref: 'rfc6749-1.4',
    related: ['bearer-token', 'refresh-token', 'scope'],
  },
  {
    id: 'refresh-token',
    term: 'refresh token',
    aliases: ['refresh tokens', 'refresh_token'],
    plain:
      'A longer-lived credential the client keeps to get new access tokens when the old ones expire, without asking the user again. Never sent to the API.',
    ref: 'rfc6749-1.5',
    related: ['access-token'],
  },
  {
    id: 'id-token',
    term: 'ID token',
    aliases: ['ID tokens', 'id_token'],
    plain:
      'OpenID Connect’s signed statement about who signed in and when, meant for the client (not for APIs). It is a JWT the client verifies before trusting it.',
    ref: 'oidc-2',
    related: ['jwt', 'nonce', 'openid-connect'],
  },
  {
    id: 'scope',
    term: 'scope',
    aliases: ['scopes'],
    plain:
      'A named permission the client asks for, such as friends.read. The user sees the scopes on the consent page; the access token carries the ones granted.',
    example: 'openid profile email friends.read movies.read',
    ref: 'rfc6749-3.3',
    related: ['consent', 'access-token'],
  },
  {
    id: 'redirect-uri',
    term: 'redirect URI',
    aliases: ['redirect URIs', 'redirect_uri'],
    plain:
      'The client’s address where the authorization server sends the browser back with the answer. It must exactly match an address the client registered, or a code could be sent to an attacker.',
    example: '{origin}/callback for every demo client.',
    ref: 'rfc9700-2.1',
    related: ['front-channel'],
  },
  {
    id: 'pkce',
    term: 'PKCE',
    aliases: ['code_verifier', 'code_challenge', 'Proof Key for Code Exchange'],
    caseSensitive: true,
    plain:
      'Proof Key for Code Exchange, said "pixie". The client makes up a secret (the code_verifier), sends only its hash (the code_challenge) with the authorization request, and shows the secret when it redeems the code — so a stolen code is useless to anyone else.',
    ref: 'rfc7636-1',
    related: ['authorization-code', 'public-client'],
  },
  {
    id: 'state',
    term: 'state',
    plain:
      'A random value the client sends with the authorization request and expects back unchanged, so it can recognise its own answer and refuse a forged one (cross-site request forgery).',
    ref: 'rfc6749-10.12',
    related: ['csrf', 'nonce'],
  },
  {
    id: 'nonce',
    term: 'nonce',
    plain:
      'A random value the client sends in an OpenID Connect request that must come back inside the ID token, binding that token to this one sign-in so it cannot be replayed.',
    ref: 'oidc-3.1.2.1',
    related: ['id-token', 'state'],
  },
  {
    id: 'front-channel',
    term: 'front channel',
    aliases: ['front-channel'],
    plain:
      'Messages that travel through the user’s browser, as redirects and form posts. Whatever goes this way can end up in the address bar, the browser history and server logs.',
    ref: 'rfc6749-1.3.1',
    related: ['back-channel', 'redirect-uri'],
  },
  {
    id: 'back-channel',
    term: 'back channel',
    aliases: ['back-channel'],
    plain:
      'Direct requests between the client and a server, not through the browser. Tokens and secrets travel this way.',
    ref: 'rfc6749-3.2',
    related: ['front-channel'],
  },
  {
    id: 'bearer-token',
    term: 'bearer token',
    aliases: ['bearer tokens', 'Bearer'],
    plain:
      'A token that works for whoever holds it, like cash: no further proof is asked. Sent as "Authorization: Bearer …". Keep it out of URLs and logs.',
    ref: 'rfc6750-1.2',
    related: ['access-token'],
  },
  {
    id: 'jwt',
    term: 'JWT',
    aliases: ['JWTs', 'JSON Web Token'],
    caseSensitive: true,
    plain:
      'JSON Web Token, said "jot": three base64url parts (header, claims, signature) joined by dots. Anyone can read it; only the key holder can sign it, so anyone with the public key can check it.',
    ref: 'rfc7519-1',
    related: ['jwks', 'id-token', 'claim'],
  },
  {
    id: 'jwks',
    term: 'JWKS',
    aliases: ['JWK Set'],
    caseSensitive: true,
    plain:
      'JSON Web Key Set: the authorization server’s public keys, published at its jwks_uri. A client picks the key named by a token’s kid to verify the signature.',
    ref: 'rfc7517-5',
    related: ['jwt'],
  },
  {
    id: 'claim',
    term: 'claim',
    aliases: ['claims'],
    plain: 'One statement inside a token, such as sub (who), aud (for whom) or exp (until when).',
    ref: 'rfc7519-4.1',
    related: ['jwt', 'id-token'],
  },
  {
    id: 'issuer',
    term: 'issuer',
    aliases: ['iss'],
    plain:
      'The authorization server’s own identifier, a URL. Tokens and responses name it in iss, and the client checks it is the server it meant to talk to.',
    example: '{origin}/as',
    ref: 'rfc8414-2',
    related: ['authorization-server', 'mix-up'],
  },
  {
    id: 'consent',
    term: 'consent',
    aliases: ['consent page'],
    plain:
      'The moment the user decides, on the authorization server’s own page, whether the client may have what it asks for (its scopes). Allow and Deny are both real answers.',
    ref: 'rfc6749-4.1',
    related: ['scope', 'resource-owner'],
  },
  {
    id: 'discovery',
    term: 'discovery',
    aliases: ['discovery document'],
    plain:
      'A JSON document the authorization server publishes at a well-known address, listing its endpoints and what it supports, so a client can configure itself from the issuer alone.',
    ref: 'oidc-discovery-4',
    related: ['issuer'],
  },
  {
    id: 'openid-connect',
    term: 'OpenID Connect',
    caseSensitive: true,
    plain:
      'A layer on top of OAuth 2.0 for signing users in: ask for the openid scope, and an ID token and the UserInfo endpoint tell the client who the user is.',
    ref: 'oidc-2',
    related: ['id-token', 'userinfo'],
  },
  {
    id: 'userinfo',
    term: 'UserInfo',
    caseSensitive: true,
    plain:
      'An OpenID Connect endpoint of the authorization server that returns claims about the signed-in user, in exchange for an access token.',
    ref: 'oidc-5.3',
    related: ['openid-connect', 'claim'],
  },
  {
    id: 'client-authentication',
    term: 'client authentication',
    aliases: ['client secret', 'client_secret'],
    plain:
      'How a confidential client proves who it is at the token endpoint: with its client secret (HTTP Basic or a form field) or a signed assertion. A public client cannot.',
    ref: 'rfc6749-2.3',
    related: ['confidential-client'],
  },
  {
    id: 'csrf',
    term: 'CSRF',
    aliases: ['cross-site request forgery'],
    caseSensitive: true,
    plain:
      'Cross-site request forgery: an attacker makes the victim’s browser deliver the attacker’s authorization response, so the victim ends up using the attacker’s account. state (or PKCE) stops it.',
    ref: 'rfc6749-10.12',
    related: ['state'],
  },
  {
    id: 'mix-up',
    term: 'mix-up attack',
    aliases: ['mix-up attacks', 'mix-up'],
    plain:
      'A client that talks to several authorization servers is tricked into sending a code from one to another. The iss parameter in the response tells the client which server really answered.',
    ref: 'rfc9207-2',
    related: ['issuer'],
  },
  {
    id: 'implicit-grant',
    term: 'implicit grant',
    aliases: ['implicit flow'],
    plain:
      'A legacy grant in which the authorization server puts the access token straight into the redirect URL’s fragment, through the browser. RFC 9700 says not to use it: use the authorization code grant with PKCE.',
    ref: 'rfc9700-2.1.2',
    related: ['front-channel', 'authorization-code'],
  },
  {
    id: 'password-grant',
    term: 'password grant',
    aliases: ['resource owner password credentials', 'ROPC'],
    plain:
      'A legacy grant in which the user types their password into the client, which sends it to the authorization server. RFC 9700 says it must not be used: the client sees the password.',
    ref: 'rfc9700-2.4',
    related: ['grant'],
  },
  {
    id: 'client-credentials',
    term: 'client credentials grant',
    aliases: ['client credentials'],
    plain:
      'A grant for a client acting on its own behalf, with no user: a service authenticates and gets a token for its own data.',
    ref: 'rfc6749-4.4',
    related: ['confidential-client'],
  },
  {
    id: 'device-grant',
    term: 'device authorization grant',
    aliases: ['device grant', 'device flow'],
    plain:
      'A grant for devices without a browser or keyboard (a TV, a CLI): the device shows a short code, the user enters it on their phone, and the device polls until it gets tokens.',
    ref: 'rfc8628-3.1',
    related: ['grant'],
  },
  {
    id: 'user-agent',
    term: 'user-agent',
    aliases: ['user agent'],
    plain:
      'The program the user acts through — almost always their web browser. OAuth’s redirects travel through it.',
    ref: 'rfc6749-1.1',
    related: ['front-channel'],
  },
]

/** A piece of text: plain, or a mention of a glossary term (as written in the text). */
export type TermSegment =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'term'; readonly text: string; readonly term: GlossaryTerm }

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

interface Matcher {
  readonly pattern: RegExp
  /** Lower-cased spelling → term, plus exact spellings for case-sensitive terms. */
  readonly lookup: (match: string) => GlossaryTerm | undefined
}

const matchers = new WeakMap<readonly GlossaryTerm[], Matcher>()

function matcherFor(terms: readonly GlossaryTerm[]): Matcher {
  const cached = matchers.get(terms)
  if (cached) return cached
  const exact = new Map<string, GlossaryTerm>()
  const folded = new Map<string, GlossaryTerm>()
  for (const term of terms)
    for (const spelling of [term.term, ...(term.aliases ?? [])]) {
      if (term.caseSensitive) exact.set(spelling, term)
      else folded.set(spelling.toLowerCase(), term)
    }
  // Longest first, so "access token" wins over "token" and "public client" over "client".
  const spellings = [...exact.keys(), ...folded.keys()].sort((a, b) => b.length - a.length)
  // Whole words only: not inside grant_type, clientId or https://…/client.
  const pattern = new RegExp(`(?<![\\w/.-])(?:${spellings.map(escapeRegExp).join('|')})(?![\\w-])`, 'gi')
  const matcher: Matcher = {
    pattern,
    lookup: (match) => exact.get(match) ?? folded.get(match.toLowerCase()),
  }
  matchers.set(terms, matcher)
  return matcher
}

/**
 * Splits `text` into plain runs and mentions of glossary terms. Each term is linked at its first
 * mention only (later ones would make a paragraph a sea of links); `seen` carries that across the
 * paragraphs of one explanation.
 */
export function findTerms(
  text: string,
  terms: readonly GlossaryTerm[] = glossaryTerms,
  seen: Set<string> = new Set(),
): TermSegment[] {
  const { pattern, lookup } = matcherFor(terms)
  const segments: TermSegment[] = []
  let last = 0
  for (const match of text.matchAll(pattern)) {
    const term = lookup(match[0])
    if (term === undefined || seen.has(term.id)) continue
    seen.add(term.id)
    if (match.index > last) segments.push({ kind: 'text', text: text.slice(last, match.index) })
    segments.push({ kind: 'term', text: match[0], term })
    last = match.index + match[0].length
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) })
  return segments
}

export function glossaryTerm(id: string): GlossaryTerm | undefined {
  return glossaryTerms.find((t) => t.id === id)
}
