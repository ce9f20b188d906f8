import type { JSONWebKeySet } from 'jose'
import type { Channel, HttpExchange, RecordedRequest } from '@/protocol/http-exchange.ts'
import type { SpecRefId } from '@/protocol/spec-refs.ts'
import type { TraceEntry } from '@/protocol/trace.ts'

/**
 * The roles of OAuth, drawn as lanes. `browser` is the user together with their user-agent (a phone
 * in the device grant); `attacker` appears only in the attack lessons.
 */
export type Lane = 'browser' | 'client' | 'as' | 'rs' | 'attacker'

/**
 * What a step is, as data: machines carry it in their state `meta`, and the diagram, the step list
 * and the explanations are derived from it — never written a second time.
 */
export interface StepMeta {
  readonly title: string
  /** The arrow: who sends, who receives. Equal lanes mean work done inside one role. */
  readonly from: Lane
  readonly to: Lane
  readonly channel: Channel | 'internal'
  /**
   * The arrow's label when the step sends nothing over HTTP. Steps that do are labelled from the
   * recorded exchange, so the label stays right against any server.
   */
  readonly label?: string
  /** Plain-language explanation; a variant may add its own paragraph. */
  readonly explanation: string
  readonly variantNotes?: Readonly<Record<string, string>>
  readonly refs: readonly SpecRefId[]
  /** References that only apply to some variants (PKCE sections for the PKCE variant only). */
  readonly variantRefs?: Readonly<Record<string, readonly SpecRefId[]>>
}

/** A value the client generated or received in this step, shown with what it is for. */
export interface StepValue {
  readonly name: string
  readonly value: string
  readonly note?: string
}

export interface FlowFailure {
  readonly title: string
  readonly message: string
  /** What to do about it. */
  readonly hint?: string
  readonly refs: readonly SpecRefId[]
}

/** A page as a browser shows it: the HTML a server answered, at the URL it answered for. */
export interface BrowserPage {
  readonly url: string
  readonly status: number
  readonly html: string
}

/** A field of a form the client draws itself (the password grant's login form). */
export interface FormField {
  readonly name: string
  readonly label: string
  readonly type: 'text' | 'password'
  /** What the demo user types when Next answers the form. */
  readonly demoValue: string
}

/**
 * What one lane shows while a step happens. The shell draws these as they are; it never guesses
 * from step keys. `browser`: a browser window with an address bar (and the page, once loaded);
 * `form`: a form in the client's own UI; `device`: the screen of an input-constrained device.
 */
export type Screen =
  | {
      readonly kind: 'browser'
      readonly lane: Lane
      /** The address bar. */
      readonly url: string
      readonly page?: BrowserPage
      /** One sentence on what the browser is doing. */
      readonly note: string
    }
  | {
      readonly kind: 'form'
      readonly lane: Lane
      readonly title: string
      readonly note: string
      readonly fields: readonly FormField[]
      readonly submitLabel: string
    }
  | {
      readonly kind: 'device'
      readonly lane: Lane
      readonly title: string
      readonly userCode: string
      readonly verificationUri: string
      /** Encoded as a QR code for the phone. */
      readonly verificationUriComplete?: string
      readonly note: string
    }

/** A token the client holds after a step, with what it is for. */
export interface HeldToken {
  readonly name: 'access_token' | 'id_token' | 'refresh_token'
  readonly value: string
  /** Epoch seconds when the token stops working, when the client knows it (`expires_in`). */
  readonly expiresAt?: number
  /** Why this token is no longer usable, e.g. "rotated" — shown beside it. */
  readonly status?: string
}

/**
 * How an attack lesson's attack ended, computed from what really happened (the server's answer, the
 * client's checks): what the attacker got, or which check stopped them and with which `error`.
 */
export interface AttackVerdict {
  readonly attacker: 'succeeded' | 'stopped'
  /** One sentence: what the attacker got, or what stopped them. */
  readonly summary: string
  /** What the attacker holds at the end (a token, a session, a code), when they got something. */
  readonly got?: readonly StepValue[]
  /** The check that stopped the attacker: the server's or the client's, with the OAuth `error`. */
  readonly stoppedBy?: {
    readonly who: 'server' | 'client'
    readonly check: string
    readonly summary: string
    readonly error?: string
  }
  /** The spec text that requires the defence, quoted, with where it stands. */
  readonly rule: { readonly quote: string; readonly refs: readonly SpecRefId[] }
}

/** One step as it happened: its metadata, the real exchange, and the client's own checks. */
export interface Step {
  readonly key: string
  readonly meta: StepMeta
  /** The arrow's label: derived from the exchange, or the metadata's for steps without one. */
  readonly label: string
  readonly exchange?: HttpExchange
  /** A URL the client sent the browser to without any HTTP of its own (a redirect it prepared). */
  readonly redirectTo?: string
  readonly checks: readonly TraceEntry[]
  readonly values: readonly StepValue[]
  /** Set when a person edited the request before it was sent: what they changed it from. */
  readonly edited?: { readonly original: RecordedRequest }
  readonly failure?: FlowFailure
  /** What the lanes show at this step. */
  readonly screens: readonly Screen[]
  /** The tokens the client holds after this step, when they changed. */
  readonly tokens?: readonly HeldToken[]
  /** The keys the client fetched to verify signatures, when this step fetched them. */
  readonly jwks?: JSONWebKeySet
  /** In an attack lesson, the step that decides the attack: how it ended. */
  readonly verdict?: AttackVerdict
}
