import type { SpecRefId } from '@/protocol/spec-refs.ts'

/**
 * "Which grant should I use?" as data: a few yes/no questions, each leading to the next question or
 * to a recommendation with the RFC 9700 reasoning. The UI, the deep links and the tests all read this.
 */
export type QuestionId = 'user' | 'browser' | 'constrained' | 'firstParty' | 'secret'
export type Answer = 'yes' | 'no'

export interface Question {
  readonly id: QuestionId
  readonly text: string
  /** What the question means, with examples. */
  readonly hint: string
  readonly yes: QuestionId | RecommendationId
  readonly no: QuestionId | RecommendationId
}

export type RecommendationId =
  'client-credentials' | 'device' | 'device-not-password' | 'code-pkce' | 'code-secret'

export interface Reason {
  readonly text: string
  readonly refs: readonly SpecRefId[]
}

export interface Recommendation {
  readonly id: RecommendationId
  readonly grant: string
  readonly summary: string
  readonly reasons: readonly Reason[]
  /** Where the playground runs it: a catalogue flow id, with its variant (a test keeps them real). */
  readonly run: { readonly flow: string; readonly variant?: string }
}

export const questions: Readonly<Record<QuestionId, Question>> = {
  user: {
    id: 'user',
    text: 'Is a user present?',
    hint: 'Does the app act for a person who is there to sign in — or is it a service, a script or a scheduled job acting on its own behalf?',
    yes: 'browser',
    no: 'client-credentials',
  },
  browser: {
    id: 'browser',
    text: 'Is there a browser?',
    hint: 'Does the app run in a browser, or can it open one — a web app, a single-page app, or a mobile or desktop app that can open the system browser?',
    yes: 'secret',
    no: 'constrained',
  },
  constrained: {
    id: 'constrained',
    text: 'Is the device input-constrained?',
    hint: 'A smart TV, a games console, a command-line tool on a server, a printer: no browser, and typing a password there is awkward or impossible.',
    yes: 'device',
    no: 'firstParty',
  },
  firstParty: {
    id: 'firstParty',
    text: 'Is the client first-party?',
    hint: 'Is the app made by the same organisation that runs the authorization server — the provider’s own app rather than someone else’s?',
    yes: 'device-not-password',
    no: 'device',
  },
  secret: {
    id: 'secret',
    text: 'Can the client keep a secret?',
    hint: 'Does the code that talks to the token endpoint run on a server you control? A single-page app or a mobile app cannot: anyone can read what ships in it.',
    yes: 'code-secret',
    no: 'code-pkce',
  },
}

export const firstQuestion: QuestionId = 'user'

export const recommendations: Readonly<Record<RecommendationId, Recommendation>> = {
  'client-credentials': {
    id: 'client-credentials',
    grant: 'Client Credentials',
    summary:
      'With no user, there is nobody to ask for consent: the client authenticates as itself and gets a token for its own resources.',
    reasons: [
      {
        text: 'The client credentials grant is for a client acting on its own behalf; it must be a confidential client, since it authenticates with its own credentials.',
        refs: ['rfc6749-4.4'],
      },
      {
        text: 'Prefer client authentication with asymmetric keys (private_key_jwt or mTLS) over shared secrets where you can.',
        refs: ['rfc9700-2.5'],
      },
    ],
    run: { flow: 'client-credentials' },
  },
  device: {
    id: 'device',
    grant: 'Device Authorization',
    summary:
      'The device shows a short code; the user enters it on their phone or computer, signs in and consents there, while the device polls for the tokens.',
    reasons: [
      {
        text: 'The device authorization grant is made for devices that lack a browser or an easy way to type: the user signs in on a second device.',
        refs: ['rfc8628-3.1'],
      },
      {
        text: 'Do not ask for the user’s password on the device instead: the resource owner password credentials grant MUST NOT be used.',
        refs: ['rfc9700-2.4'],
      },
    ],
    run: { flow: 'device' },
  },
  'device-not-password': {
    id: 'device-not-password',
    grant: 'Device Authorization (not the password grant)',
    summary:
      'A first-party app is tempted to show its own password form. Do not: let the user sign in on the authorization server, on a device with a browser, with the device grant.',
    reasons: [
      {
        text: 'The resource owner password credentials grant MUST NOT be used — not even by first-party clients: it shows the password to the client, trains users to type it outside the authorization server, and cannot do multi-factor sign-in or passkeys.',
        refs: ['rfc9700-2.4'],
      },
      {
        text: 'The device authorization grant lets the user sign in on the authorization server’s own page, on a phone or computer.',
        refs: ['rfc8628-3.1'],
      },
      {
        text: 'If the app can open the system browser after all, use the authorization code grant with PKCE there — native apps must not use embedded web views.',
        refs: ['rfc8252-8.12', 'rfc9700-2.1.1'],
      },
    ],
    run: { flow: 'device' },
  },
  'code-pkce': {
    id: 'code-pkce',
    grant: 'Authorization Code with PKCE',
    summary:
      'A public client (a single-page app, a mobile app) sends the user to the authorization server and redeems the code with PKCE instead of a secret.',
    reasons: [
      {
        text: 'Public clients MUST use PKCE: without it, a stolen or injected authorization code could be redeemed by someone else.',
        refs: ['rfc9700-2.1.1'],
      },
      {
        text: 'Not the implicit grant: it puts the access token in the URL, where the browser history, logs and page scripts can see it. Clients SHOULD NOT use it.',
        refs: ['rfc9700-2.1.2'],
      },
    ],
    run: { flow: 'authorization-code', variant: 'pkce' },
  },
  'code-secret': {
    id: 'code-secret',
    grant: 'Authorization Code (confidential client)',
    summary:
      'A server-side web app sends the user to the authorization server and redeems the code over the back channel, authenticating with its secret — and, as RFC 9700 recommends, with PKCE as well.',
    reasons: [
      {
        text: 'The tokens never pass through the browser: the code travels the front channel, the tokens the back channel, to a client that proves who it is.',
        refs: ['rfc6749-4.1', 'rfc6749-2.3'],
      },
      {
        text: 'Confidential clients SHOULD use PKCE too: it stops authorization code injection, which a client secret alone does not.',
        refs: ['rfc9700-2.1.1'],
      },
    ],
    run: { flow: 'authorization-code', variant: 'client-secret' },
  },
}

const isQuestion = (id: string): id is QuestionId => id in questions

/** The guide's position: the questions answered so far, and what comes next. */
export interface GuideState {
  readonly answered: readonly { readonly question: Question; readonly answer: Answer }[]
  /** The next question, or the recommendation once the answers lead to one. */
  readonly next:
    | { readonly kind: 'question'; readonly question: Question }
    | { readonly kind: 'recommendation'; readonly recommendation: Recommendation }
}

/**
 * Walks the questions with the answers given (`user:yes,browser:no`). Answers to questions that are
 * not on the path are ignored; a malformed part is dropped, so any link leads somewhere sensible.
 */
export function walk(answers: string): GuideState {
  const given = new Map<string, string>()
  for (const part of answers.split(',')) {
    const [question, answer] = part.split(':')
    if (question && (answer === 'yes' || answer === 'no')) given.set(question, answer)
  }
  const answered: { question: Question; answer: Answer }[] = []
  let at: QuestionId | RecommendationId = firstQuestion
  while (isQuestion(at)) {
    const question: Question = questions[at]
    const answer = given.get(at) as Answer | undefined
    if (answer === undefined) return { answered, next: { kind: 'question', question } }
    answered.push({ question, answer })
    at = question[answer]
  }
  return { answered, next: { kind: 'recommendation', recommendation: recommendations[at] } }
}

/** The answers as they go in a link, in the order they were asked. */
export function encodeAnswers(answered: readonly { readonly question: Question; readonly answer: Answer }[]) {
  return answered.map((a) => `${a.question.id}:${a.answer}`).join(',')
}
