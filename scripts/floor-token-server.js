// The floor in `npm run bench`: the least a Node HTTP server does to answer the bench's token
// request — read the form, compare the client's Basic credentials, sign one JWT access token with
// the same claims as ours and answer the same headers — with no checks beyond that, no store, no
// trace and no console. Not a server to use: a measuring stick. It pays everything any Node server
// pays (HTTP parsing, the socket writes, the signature), so its rate is the most any Node server can
// answer this request with on this machine at this moment, and the ratio the target asks for can be
// read against it. Plain JavaScript, started like the peer:
//
//   PORT=4501 ALG=ES256 node scripts/floor-token-server.js
import { generateKeyPairSync, randomBytes, sign, timingSafeEqual } from 'node:crypto'
import { createServer } from 'node:http'

const port = Number(process.env.PORT ?? 4501)
const alg = process.env.ALG ?? 'RS256'
const issuer = `http://127.0.0.1:${port}`
const expected = Buffer.from(`Basic ${Buffer.from('service:service-secret').toString('base64')}`)

const { privateKey } =
  alg === 'RS256'
    ? generateKeyPairSync('rsa', { modulusLength: 2048 })
    : alg === 'ES256'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('ed25519')
const digest = alg === 'EdDSA' ? null : 'sha256'
const header = Buffer.from(JSON.stringify({ alg, kid: 'floor', typ: 'at+jwt' })).toString('base64url')

function tokenFor(scope) {
  const now = Math.floor(Date.now() / 1000)
  const claims = {
    client_id: 'service',
    scope,
    iss: issuer,
    sub: 'service',
    aud: 'https://api.example',
    iat: now,
    exp: now + 3600,
    jti: randomBytes(16).toString('base64url'),
  }
  const input = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`
  const signature = sign(digest, Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' })
  return `${input}.${signature.toString('base64url')}`
}

function answer(res, status, body) {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    Pragma: 'no-cache',
    'Access-Control-Allow-Origin': '*',
  })
  res.end(JSON.stringify(body))
}

const refused = { error: 'invalid_request', error_description: 'not the bench request' }

createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/jwks') return answer(res, 200, { keys: [] })
  const chunks = []
  req.on('data', (chunk) => chunks.push(chunk))
  req.on('end', () => {
    const authorization = Buffer.from(req.headers.authorization ?? '')
    const authorised = authorization.length === expected.length && timingSafeEqual(authorization, expected)
    if (!authorised) return answer(res, 401, { error: 'invalid_client' })
    const form = new URLSearchParams(Buffer.concat(chunks).toString())
    if (req.url !== '/token' || form.get('grant_type') !== 'client_credentials')
      return answer(res, 400, refused)
    const scope = form.get('scope') ?? 'movies.read'
    answer(res, 200, { access_token: tokenFor(scope), token_type: 'Bearer', expires_in: 3600, scope })
  })
}).listen(port, '127.0.0.1', () => console.log(`floor token server listening on ${issuer}`))
