import { browserSteps } from '../browser-steps.ts'
import type { StepMeta } from '../step.ts'

/** The device authorization grant, step by step (RFC 8628): a TV without a keyboard, and a phone. */
export const deviceSteps = {
  discovery: {
    title: 'The TV reads the server’s configuration',
    from: 'client',
    to: 'as',
    channel: 'back',
    explanation:
      'MovieMatch for TV has no browser and no keyboard worth using. It reads the authorization server’s metadata to find the device authorization endpoint and the token endpoint.',
    refs: ['rfc8414-3', 'rfc8628-3.1'],
  },
  deviceAuthorization: {
    title: 'The TV asks for a code to show',
    from: 'client',
    to: 'as',
    channel: 'back',
    explanation:
      'The TV asks the device authorization endpoint to start a login. It gets two codes: a long device_code it keeps to itself, and a short user_code for a person to type, plus where to type it (verification_uri) and a link with the code already in it (verification_uri_complete), which the TV shows as a QR code.',
    refs: ['rfc8628-3.1', 'rfc8628-3.2', 'rfc8628-3.3.1'],
  },
  poll: {
    title: 'The TV polls the token endpoint',
    from: 'client',
    to: 'as',
    channel: 'back',
    explanation:
      'While the user acts on their phone, the TV asks the token endpoint whether the login is done, with its device_code, waiting interval seconds between polls (Next moves the clock on first). Until the user decides the answer is authorization_pending; polling too fast earns slow_down, and then the TV must wait 5 s longer for this and every later poll. Once the user allowed, the answer is the tokens.',
    variantNotes: {
      'slow-down':
        'This TV is impatient: it polls every second. The first poll never gets slow_down; the second, a second later, does — and the TV adds 5 s to its interval, as RFC 8628 §3.5 requires.',
    },
    refs: ['rfc8628-3.4', 'rfc8628-3.5'],
  },
  consent: {
    ...browserSteps.consent,
    title: 'The user allows the TV',
    explanation:
      'The consent page names the TV and shows the user code once more, so the user can check it is their own device. On Allow the server records the decision — and redirects nowhere: the browser is on a phone, the client is on the TV. The TV learns the answer on its next poll. On Deny, that poll gets access_denied.',
    refs: ['rfc8628-3.3', 'rfc6749-4.1.2'],
  },
  resourceRequest: {
    title: 'The TV reads the friends’ movies',
    from: 'client',
    to: 'rs',
    channel: 'back',
    explanation:
      'With its access token the TV calls the API like any other client. The refresh token lets it keep working for weeks without asking the user again.',
    refs: ['rfc6750-2.1'],
  },
} as const satisfies Record<string, StepMeta>
