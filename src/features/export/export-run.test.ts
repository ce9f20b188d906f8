import { describe, expect, it } from 'vitest'
import { findFlow } from '@/flows/catalogue.ts'
import type { Step } from '@/flows/step.ts'
import { diagramSvg } from './diagram-svg.ts'
import { toHar, toHttpFile, toMermaid, type Masking, type RunExport } from './export-run.ts'

const origin = 'http://localhost:4100'
const step = (partial: Partial<Step> & Pick<Step, 'meta' | 'label'>): Step => ({
  key: partial.meta.title,
  checks: [],
  values: [],
  screens: [],
  ...partial,
})

const steps: Step[] = [
  step({
    meta: {
      title: 'Discovery; "metadata" #1',
      from: 'client',
      to: 'as',
      channel: 'back',
      explanation: '',
      refs: [],
    },
    label: 'GET /as/.well-known/openid-configuration',
    exchange: {
      request: { method: 'GET', url: `${origin}/as/.well-known/openid-configuration`, headers: [] },
      response: {
        status: 200,
        statusText: 'OK',
        headers: [['content-type', 'application/json']],
        body: '{}',
      },
      trace: [],
      durationMs: 1,
    },
  }),
  step({
    meta: {
      title: 'The client builds the URL',
      from: 'client',
      to: 'browser',
      channel: 'front',
      explanation: '',
      refs: [],
    },
    label: 'redirect → /as/authorize',
    redirectTo: `${origin}/as/authorize?client_id=web-app`,
  }),
  step({
    meta: {
      title: 'The user signs in',
      from: 'browser',
      to: 'as',
      channel: 'front',
      explanation: '',
      refs: [],
    },
    label: 'POST /as/login',
    exchange: {
      request: {
        method: 'POST',
        url: `${origin}/as/login`,
        headers: [['content-type', 'application/x-www-form-urlencoded']],
        body: 'interaction=i1&username=alice&password=wonderland',
      },
      response: {
        status: 303,
        statusText: 'See Other',
        headers: [['location', '/as/consent?x=1']],
        body: '',
      },
      trace: [],
      durationMs: 1,
    },
  }),
  step({
    meta: { title: 'Callback', from: 'browser', to: 'client', channel: 'front', explanation: '', refs: [] },
    label: 'GET /callback',
    exchange: {
      request: { method: 'GET', url: `${origin}/callback?code=c`, headers: [] },
      trace: [],
      durationMs: 0,
    },
  }),
]

const { flow, variant } = findFlow('authorization-code', 'client-secret')
const run: RunExport = {
  flow,
  variant,
  lanes: flow.lanes,
  steps,
  serverOrigin: origin,
  httpOrigin: 'http://localhost:8080',
}
const masked: Masking = {
  passwords: ['wonderland'],
  clientSecrets: ['web-app-secret'],
  includePasswords: false,
  includeClientSecrets: false,
}

describe('run exports', () => {
  it('Mermaid: participants for the lanes (never the keyword "as"), a note per step, a message per request and per response', () => {
    const text = toMermaid(run, masked)
    expect(text.split('\n').slice(0, 7)).toEqual([
      'sequenceDiagram',
      '  title Authorization Code — With a client secret (confidential client) (Grantscope)',
      '  participant browser as User + browser',
      '  participant client as Client',
      '  participant authz as Authorization server',
      '  participant rs as Resource server',
      '  Note over client,authz: 1. Discovery#59; #quot;metadata#quot; #35;1',
    ])
    expect(text).toContain(
      '  client->>authz: GET /as/.well-known/openid-configuration\n  authz-->>client: 200 OK\n',
    )
    expect(text).toContain('  client->>browser: redirect → /as/authorize\n')
    expect(text).toContain(
      '  browser->>authz: POST /as/login\n  authz-->>browser: 303 See Other → /as/consent\n',
    )
    expect(
      text.endsWith('  Note over browser,client: 4. Callback\n  browser->>client: GET /callback?…\n'),
    ).toBe(true)
  })

  it('.http and HAR: only real requests, passwords masked unless asked', () => {
    const http = toHttpFile(run, masked)
    expect(http.match(/^### /gm)).toHaveLength(3)
    expect(http).toContain('password=********')
    expect(http).toContain('# Carries a value the in-page server issued; another server will refuse it.')
    expect(toHttpFile(run, { ...masked, includePasswords: true })).toContain('password=wonderland')
    const har = toHar(run, masked, '0.1.0')
    expect(har.log.entries.map((e) => e.comment)).toEqual([
      '1. Discovery; "metadata" #1',
      '3. The user signs in',
      '4. Callback',
    ])
    expect(JSON.stringify(har)).not.toContain('wonderland')
  })

  it('SVG: one lane header per role and an arrow per step, text escaped', () => {
    const colors = {
      lanes: { browser: '#b45309', client: '#1d4ed8', as: '#7c3aed', rs: '#047857', attacker: '#b91c1c' },
      front: '#c2410c',
      back: '#1e40af',
      internal: '#475569',
      failed: '#b91c1c',
    }
    const { svg, width, height } = diagramSvg(run, colors)
    expect(width).toBe(24 * 2 + 220 * 4)
    expect(height).toBeGreaterThan(96 + 58 * 3)
    expect(svg.match(/<rect x=/g)).toHaveLength(4)
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(3)
    expect(svg).toContain('redirect → /as/authorize')
    expect(svg).not.toContain('<script')
  })
})
