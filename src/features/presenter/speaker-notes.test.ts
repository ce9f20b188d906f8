import { describe, expect, it } from 'vitest'
import { findFlow } from '@/flows/catalogue.ts'
import type { Step } from '@/flows/step.ts'
import { presenterKey } from './presenter-channel.ts'
import { notesFor, type NotesInput } from './speaker-notes.ts'

const { flow, variant } = findFlow('authorization-code', 'pkce')
const token: Step = {
  key: 'token',
  meta: {
    title: 'The client exchanges the code for tokens',
    from: 'client',
    to: 'as',
    channel: 'back',
    explanation: 'Now the client talks to the authorization server directly.',
    variantNotes: { pkce: 'A public client proves it started the flow with the code_verifier.' },
    refs: ['rfc6749-4.1.3'],
    variantRefs: { pkce: ['rfc7636-4.5'] },
  },
  label: 'POST /as/token',
  exchange: {
    request: {
      method: 'POST',
      url: 'http://localhost/as/token',
      headers: [['content-type', 'application/x-www-form-urlencoded']],
      body: 'grant_type=authorization_code&code=SECRET-CODE&code_verifier=SECRET-VERIFIER',
    },
    response: { status: 200, statusText: 'OK', headers: [], body: '{}' },
    trace: [{ check: 'check-pkce-verifier', outcome: 'pass', summary: 'PKCE verifier matches', refs: [] }],
    durationMs: 1,
  },
  checks: [{ check: 'token', outcome: 'pass', summary: 'An access token arrived', refs: [] }],
  values: [],
  screens: [],
  tokens: [{ name: 'access_token', value: 'SECRET-TOKEN' }],
}

const input: NotesInput = {
  flowTitle: flow.title,
  variantTitle: variant.title,
  summary: 'What the flow is.',
  variantId: variant.id,
  lanes: flow.lanes,
  plan: [token.meta],
  steps: [token],
  cursor: 0,
  upNext: 'The client verifies the ID token',
}

describe('speaker notes', () => {
  it('come from the step metadata: explanation, the variant’s note, spec refs, what to point at', () => {
    const notes = notesFor(input)
    expect(notes.position).toBe('Step 1 of 1')
    expect(notes.title).toBe(token.meta.title)
    expect(notes.paragraphs).toEqual([token.meta.explanation, token.meta.variantNotes!['pkce']])
    expect(notes.refs).toEqual(['rfc6749-4.1.3', 'rfc7636-4.5'])
    expect(notes.pointAt).toEqual([
      'The arrow from Client to Authorization server — solid: client and server talk directly (back channel).',
      'HTTP tab: POST /as/token with grant_type, code, code_verifier; the answer is 200 OK.',
      'Server reasoning: 1 checks, all passed or noted.',
      'What the client checked: 1.',
      'Tokens tab: the client now holds access_token.',
    ])
    expect(notes.upNext).toBe('The client verifies the ID token')
  })

  it('never carry a value of the run — names only', () => {
    expect(JSON.stringify(notesFor(input))).not.toMatch(/SECRET/)
  })

  it('introduce the flow before the first step', () => {
    const notes = notesFor({ ...input, cursor: -1 })
    expect(notes.position).toBe('Introduction')
    expect(notes.pointAt[0]).toContain('User + browser (Alice, in her browser)')
  })

  it('map clicker keys to next, back and blank', () => {
    expect(['PageDown', ' ', 'ArrowDown'].map(presenterKey)).toEqual(['next', 'next', 'next'])
    expect(['PageUp', 'ArrowUp'].map(presenterKey)).toEqual(['back', 'back'])
    expect(['b', 'B', '.'].map(presenterKey)).toEqual(['blank', 'blank', 'blank'])
    expect(presenterKey('x')).toBeUndefined()
  })
})
