import type { Step } from '@/flows/step.ts'
import { header, type HttpExchange } from '@/protocol/http-exchange.ts'
import type { SpecRefId } from '@/protocol/spec-refs.ts'

/**
 * What a run of a flow exposed, and to whom — derived from its recorded steps (their channel, the
 * URLs the browser loaded, the bodies on the back channel, the tokens the client holds), never from
 * a hand-written table, so it stays true for any grant the catalogue gains.
 */
export type Artifact =
  | 'code'
  | 'access_token'
  | 'id_token'
  | 'refresh_token'
  | 'password'
  | 'client_secret'
  | 'code_challenge'
  | 'code_verifier'

export type Place =
  /** In a URL the browser loaded or was redirected to: query … */
  | 'url-query'
  /** … or fragment (never sent to a server, but in the address bar, the history and page scripts). */
  | 'url-fragment'
  /** In a form the browser posted to the authorization server (its own login page). */
  | 'front-form'
  /** In a form the client drew itself (the password grant). */
  | 'client-form'
  /** Sent by the client over the back channel. */
  | 'back-request'
  /** Received by the client over the back channel. */
  | 'back-response'

export interface Sighting {
  readonly artifact: Artifact
  readonly place: Place
  /** 0-based index of the step. */
  readonly step: number
}

const urlArtifacts = ['code', 'access_token', 'id_token', 'refresh_token', 'code_challenge'] as const

function fromUrl(url: string, step: number): Sighting[] {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return []
  }
  const fragment = new URLSearchParams(parsed.hash.slice(1))
  return urlArtifacts.flatMap((artifact) => [
    ...(parsed.searchParams.has(artifact) ? [{ artifact, place: 'url-query', step } as const] : []),
    ...(fragment.has(artifact) ? [{ artifact, place: 'url-fragment', step } as const] : []),
  ])
}

function formOf(exchange: HttpExchange): URLSearchParams | undefined {
  const type = header(exchange.request.headers, 'content-type') ?? ''
  return type.includes('x-www-form-urlencoded') && exchange.request.body
    ? new URLSearchParams(exchange.request.body)
    : undefined
}

function jsonOf(text: string | undefined): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text ?? '')
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

/** Everywhere a secret-bearing value appeared in one step. */
export function sightingsOf(step: Step, index: number): Sighting[] {
  const found: Sighting[] = []
  const { exchange } = step
  if (step.meta.channel === 'front') {
    if (exchange) {
      found.push(...fromUrl(exchange.request.url, index))
      const location = exchange.response && header(exchange.response.headers, 'location')
      if (location) found.push(...fromUrl(new URL(location, exchange.request.url).href, index))
      if (formOf(exchange)?.has('password'))
        found.push({ artifact: 'password', place: 'front-form', step: index })
    }
    if (step.redirectTo) found.push(...fromUrl(step.redirectTo, index))
  } else if (exchange) {
    const form = formOf(exchange)
    const authorization = header(exchange.request.headers, 'authorization') ?? ''
    if (/^basic /i.test(authorization) || form?.has('client_secret'))
      found.push({ artifact: 'client_secret', place: 'back-request', step: index })
    for (const artifact of ['password', 'code', 'refresh_token', 'code_verifier'] as const)
      if (form?.has(artifact)) found.push({ artifact, place: 'back-request', step: index })
    const body = jsonOf(exchange.response?.body)
    for (const artifact of ['access_token', 'id_token', 'refresh_token'] as const)
      if (typeof body?.[artifact] === 'string') found.push({ artifact, place: 'back-response', step: index })
  }
  for (const screen of step.screens)
    if (screen.kind === 'form' && screen.fields.some((f) => f.type === 'password'))
      found.push({ artifact: 'password', place: 'client-form', step: index })
  return found
}

export type Observer = 'address-bar' | 'history' | 'page-scripts' | 'client'

export const observerNames: Readonly<Record<Observer, string>> = {
  'address-bar': 'The browser’s address bar',
  history: 'The browser’s history',
  'page-scripts': 'Scripts on the page',
  client: 'The client',
}

/** A fact about a run, in words, with the steps (1-based) it rests on. */
export interface Fact {
  readonly text: string
  readonly steps: readonly number[]
  /** Marks what a learner should worry about. */
  readonly risk?: 'high'
}

export interface RunFacts {
  readonly sightings: readonly Sighting[]
  readonly channels: Fact
  readonly tokenTravel: Fact
  readonly accessTokenSeenBy: Readonly<Record<Observer, Fact>>
  readonly password: Fact
  readonly clientAuthentication: Fact
  readonly attacker: readonly Fact[]
  readonly refs: readonly SpecRefId[]
}

const stepNumbers = (sightings: readonly Sighting[]) => [...new Set(sightings.map((s) => s.step + 1))]
const inUrl = (s: Sighting) => s.place === 'url-query' || s.place === 'url-fragment'
const list = (numbers: readonly number[]) =>
  numbers.length === 1 ? `step ${numbers[0]}` : `steps ${numbers.join(', ')}`

function clientAuthenticationOf(steps: readonly Step[]): Fact {
  const tokenRequests = steps
    .map((step, i) => ({ step, i, form: step.exchange && formOf(step.exchange) }))
    .filter(({ step, form }) => step.meta.channel === 'back' && form?.has('grant_type'))
  if (tokenRequests.length === 0)
    return {
      text: 'No — there is no token request at all: the token comes from the authorization endpoint, through the browser.',
      steps: [],
      risk: 'high',
    }
  const numbers = tokenRequests.map((r) => r.i + 1)
  const first = tokenRequests[0]!
  const authorization = header(first.step.exchange!.request.headers, 'authorization') ?? ''
  if (/^basic /i.test(authorization))
    return { text: 'Yes — with its client secret, in HTTP Basic (client_secret_basic).', steps: numbers }
  if (first.form?.has('client_secret'))
    return { text: 'Yes — with its client secret, in the form body (client_secret_post).', steps: numbers }
  if (first.form?.has('client_assertion'))
    return { text: 'Yes — with a signed assertion (private_key_jwt).', steps: numbers }
  if (first.form?.has('code_verifier'))
    return {
      text: 'No — a public client has no secret. It proves with PKCE (the code_verifier) that it started this flow.',
      steps: numbers,
    }
  return { text: 'No — the token request carries no client credentials.', steps: numbers, risk: 'high' }
}

function attackerFacts(sightings: readonly Sighting[]): Fact[] {
  const history = sightings.filter(inUrl)
  const facts: Fact[] = []
  const tokens = history.filter((s) => s.artifact === 'access_token')
  if (tokens.length > 0)
    facts.push({
      text: 'The access token itself: a bearer token, usable by whoever holds it until it expires.',
      steps: stepNumbers(tokens),
      risk: 'high',
    })
  const idTokens = history.filter((s) => s.artifact === 'id_token')
  if (idTokens.length > 0)
    facts.push({
      text: 'The ID token: who the user is, their name and email.',
      steps: stepNumbers(idTokens),
      risk: 'high',
    })
  const codes = history.filter((s) => s.artifact === 'code')
  if (codes.length > 0) {
    const pkce = sightings.some((s) => s.artifact === 'code_challenge')
    const secret = sightings.some((s) => s.artifact === 'client_secret')
    facts.push(
      pkce
        ? {
            text: 'The authorization code — useless: redeeming it needs the code_verifier, which never left the client.',
            steps: stepNumbers(codes),
          }
        : secret
          ? {
              text: 'The authorization code — single-use and short-lived; only the client, with its secret, can redeem it. Without PKCE it could still be injected into another session.',
              steps: stepNumbers(codes),
            }
          : {
              text: 'The authorization code — and nothing else is needed to redeem it: no secret, no PKCE.',
              steps: stepNumbers(codes),
              risk: 'high',
            },
    )
  }
  if (facts.length === 0)
    facts.push({ text: 'Nothing usable: no code or token ever appeared in a URL.', steps: [] })
  return facts
}

/** The facts of one recorded run. */
export function factsOf(steps: readonly Step[]): RunFacts {
  const sightings = steps.flatMap((step, i) => sightingsOf(step, i))
  const count = (channel: Step['meta']['channel']) => steps.filter((s) => s.meta.channel === channel).length
  const front = count('front')
  const back = count('back')
  const internal = count('internal')
  const parts = [
    front > 0 ? `${front} through the browser (front channel)` : '',
    back > 0 ? `${back} direct (back channel)` : '',
    internal > 0 ? `${internal} inside the client` : '',
  ].filter(Boolean)

  const access = sightings.filter((s) => s.artifact === 'access_token')
  const accessInUrl = access.filter(inUrl)
  const firstAccess = access[0]
  const tokenTravel: Fact =
    firstAccess === undefined
      ? { text: 'No access token was issued.', steps: [] }
      : inUrl(firstAccess)
        ? {
            text: `Front channel: in the redirect URL’s ${firstAccess.place === 'url-fragment' ? 'fragment (#access_token=…)' : 'query'}, through the browser.`,
            steps: [firstAccess.step + 1],
            risk: 'high',
          }
        : {
            text: 'Back channel: in the token response, straight to the client.',
            steps: [firstAccess.step + 1],
          }
  const urlFact = (observer: Observer, how: string): Fact =>
    accessInUrl.length > 0
      ? {
          text: `${observerNames[observer]}: yes — ${how} (${list(stepNumbers(accessInUrl))}).`,
          steps: stepNumbers(accessInUrl),
          risk: 'high',
        }
      : { text: `${observerNames[observer]}: no — the token is never in a URL.`, steps: [] }
  const heldByClient = steps.flatMap((step, i) =>
    step.tokens?.some((t) => t.name === 'access_token') ? [i + 1] : [],
  )
  const clientSees = [...new Set([...heldByClient, ...stepNumbers(access)])].sort((a, b) => a - b)

  const passwords = sightings.filter((s) => s.artifact === 'password')
  const clientGetsPassword = passwords.filter((s) => s.place === 'client-form' || s.place === 'back-request')
  const password: Fact =
    clientGetsPassword.length > 0
      ? {
          text: 'The client: the user types it into the client’s own form, and the client sends it on.',
          steps: stepNumbers(clientGetsPassword),
          risk: 'high',
        }
      : passwords.length > 0
        ? {
            text: 'Only the authorization server: the user types it on the server’s own page.',
            steps: stepNumbers(passwords),
          }
        : { text: 'Nobody: no user password in this flow.', steps: [] }

  return {
    sightings,
    channels: { text: `${steps.length} steps: ${parts.join(', ')}.`, steps: [] },
    tokenTravel,
    accessTokenSeenBy: {
      'address-bar': urlFact('address-bar', 'it is in the URL the browser loads'),
      history: urlFact('history', 'the URL stays in the history'),
      'page-scripts': urlFact('page-scripts', 'any script on the page can read it from location'),
      client:
        clientSees.length > 0
          ? { text: `${observerNames.client}: yes (${list(clientSees)}).`, steps: clientSees }
          : { text: `${observerNames.client}: no access token.`, steps: [] },
    },
    password,
    clientAuthentication: clientAuthenticationOf(steps),
    attacker: attackerFacts(sightings),
    refs: [
      ...(accessInUrl.length > 0 ? (['rfc9700-2.1.2'] as const) : []),
      ...(clientGetsPassword.length > 0 ? (['rfc9700-2.4'] as const) : []),
    ],
  }
}

/** A row of the comparison: one question, each run's answer, and whether they differ. */
export interface FactRow {
  readonly id: string
  readonly question: string
  readonly left: readonly Fact[]
  readonly right: readonly Fact[]
  readonly differs: boolean
}

const sameFacts = (a: readonly Fact[], b: readonly Fact[]) =>
  a.length === b.length && a.every((fact, i) => fact.text === b[i]?.text)

/** The questions a learner asks of two grants, answered for each run from its facts; differences first. */
export function compareFacts(left: RunFacts, right: RunFacts): FactRow[] {
  const row = (id: string, question: string, l: readonly Fact[], r: readonly Fact[]): FactRow => ({
    id,
    question,
    left: l,
    right: r,
    // Counts of steps differ between almost any two flows; what matters is the rest of the sentence.
    differs: !sameFacts(
      l.map((f) => ({ ...f, text: f.text.replace(/\(.*?\)|\d+/g, '') })),
      r.map((f) => ({ ...f, text: f.text.replace(/\(.*?\)|\d+/g, '') })),
    ),
  })
  const observers = Object.keys(observerNames) as Observer[]
  return [
    row(
      'token-travel',
      'How does the access token reach the client?',
      [left.tokenTravel],
      [right.tokenTravel],
    ),
    row(
      'seen-by',
      'Who ever sees the access token?',
      observers.map((o) => left.accessTokenSeenBy[o]),
      observers.map((o) => right.accessTokenSeenBy[o]),
    ),
    row('password', 'Who sees the user’s password?', [left.password], [right.password]),
    row(
      'client-authentication',
      'Does the client authenticate?',
      [left.clientAuthentication],
      [right.clientAuthentication],
    ),
    row('attacker', 'What could an attacker holding the browser take?', left.attacker, right.attacker),
    row('channels', 'Which channels do the steps use?', [left.channels], [right.channels]),
  ].sort((a, b) => Number(b.differs) - Number(a.differs))
}

/** What a step sent and received, in a form two steps can be compared by. */
const exposure = (sightings: readonly Sighting[]) =>
  sightings
    .map((s) => `${s.artifact}@${s.place}`)
    .sort()
    .join(' ')

/**
 * Whether an aligned line differs: a step only one flow takes, another channel, or other secrets
 * or proofs on the wire (a client secret here, a code_verifier there, a token in the URL).
 */
export function rowDiffers(
  row: AlignedRow,
  left: readonly Step[],
  right: readonly Step[],
  leftSightings: readonly Sighting[],
  rightSightings: readonly Sighting[],
): boolean {
  if (row.left === undefined || row.right === undefined) return true
  if (left[row.left]?.meta.channel !== right[row.right]?.meta.channel) return true
  return (
    exposure(leftSightings.filter((s) => s.step === row.left)) !==
    exposure(rightSightings.filter((s) => s.step === row.right))
  )
}

/** What a step does on the wire, so the same step of two grants lines up: who, to whom, which endpoint. */
export function stepSignature(step: Step): string {
  const url = step.exchange?.request.url ?? step.redirectTo
  const where = url === undefined ? step.meta.title : new URL(url).pathname
  return `${step.meta.from}>${step.meta.to}:${where}`
}

/** One line of the aligned steps: a step of each run, or of one only (0-based indices). */
export interface AlignedRow {
  readonly left?: number
  readonly right?: number
}

/** Lines up two runs by their longest common sequence of step signatures; the rest stands alone. */
export function alignSteps(left: readonly Step[], right: readonly Step[]): AlignedRow[] {
  const a = left.map(stepSignature)
  const b = right.map(stepSignature)
  // lcs[i][j]: the length of the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0))
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!)
  const rows: AlignedRow[] = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) rows.push({ left: i++, right: j++ })
    else if (j >= b.length || (i < a.length && lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) rows.push({ left: i++ })
    else rows.push({ right: j++ })
  }
  return rows
}
