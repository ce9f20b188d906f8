import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A developer's own single-page app, as small as one can be written by hand: it reads the bundled
 * server's discovery document, registers itself there (RFC 7591) unless it is given a client_id,
 * sends the browser to the authorization endpoint with PKCE (RFC 7636), and at its callback redeems
 * the code with `fetch` and reads UserInfo — every call cross-origin, as from `http://localhost:5173`
 * in the README. It knows nothing of Grantscope but the issuer; it shows what a developer would see.
 */
function page(issuer: string, title: string): string {
  const script = `
const issuer = ${JSON.stringify(issuer)}
const say = (text) => { document.getElementById('status').textContent = text }
const b64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '')
const random = () => b64url(crypto.getRandomValues(new Uint8Array(32)))
const redirectUri = location.origin + '/callback'

async function discover() {
  const response = await fetch(issuer + '/.well-known/openid-configuration')
  return response.json()
}

async function clientId(metadata) {
  const given = new URLSearchParams(location.search).get('client_id')
  if (given) return given
  const known = sessionStorage.getItem('client_id')
  if (known) return known
  const response = await fetch(metadata.registration_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: document.title,
      redirect_uris: [redirectUri],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code'],
    }),
  })
  const body = await response.json()
  if (response.status !== 201) throw new Error('Registration refused: ' + body.error + ' ' + body.error_description)
  sessionStorage.setItem('client_id', body.client_id)
  return body.client_id
}

async function home() {
  const metadata = await discover()
  const id = await clientId(metadata)
  say('Registered as ' + id)
  const button = document.getElementById('sign-in')
  button.hidden = false
  button.onclick = async () => {
    const verifier = random()
    const state = random()
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)))
    sessionStorage.setItem('flow', JSON.stringify({ verifier, state, id }))
    const url = new URL(metadata.authorization_endpoint)
    url.search = new URLSearchParams({
      response_type: 'code', client_id: id, redirect_uri: redirectUri, scope: 'openid profile',
      state, code_challenge: b64url(digest), code_challenge_method: 'S256',
    }).toString()
    location.assign(url.href)
  }
}

async function callback() {
  const params = new URLSearchParams(location.search)
  const flow = JSON.parse(sessionStorage.getItem('flow') ?? '{}')
  if (params.get('error')) throw new Error(params.get('error') + ': ' + params.get('error_description'))
  if (params.get('state') !== flow.state) throw new Error('state does not match')
  if (params.get('iss') !== issuer) throw new Error('iss is ' + params.get('iss'))
  const metadata = await discover()
  const response = await fetch(metadata.token_endpoint, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code', code: params.get('code'), redirect_uri: redirectUri,
      client_id: flow.id, code_verifier: flow.verifier,
    }),
  })
  const tokens = await response.json()
  if (!response.ok) throw new Error('Token request refused: ' + tokens.error + ' ' + tokens.error_description)
  const claims = JSON.parse(atob(tokens.id_token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')))
  const userinfo = await fetch(metadata.userinfo_endpoint, {
    headers: { authorization: 'Bearer ' + tokens.access_token },
  }).then((r) => r.json())
  say('Signed in as ' + userinfo.name + ' (' + claims.sub + ')')
}

;(location.pathname === '/callback' ? callback() : home()).catch((e) => say('Failed: ' + e.message))
`
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body><h1>${title}</h1><p id="status" role="status">Starting…</p>
<button id="sign-in" type="button" hidden>Sign in with Grantscope</button>
<script type="module">${script}</script></body></html>`
}

export interface DeveloperApp {
  /** Where it runs: `http://localhost:{port}`, another origin than the bundled server's. */
  readonly origin: string
  readonly close: () => Promise<void>
}

/** Serves the app on a free port of this machine; `title` is also the client_name it registers. */
export async function startDeveloperApp(issuer: string, title: string): Promise<DeveloperApp> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    if (path !== '/' && path !== '/callback') {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
    res.end(page(issuer, title))
  })
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready))
  return {
    origin: `http://localhost:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  }
}
