import { useEffect, useState } from 'react'
import type { JSONWebKeySet } from 'jose'
import { claimGlossary, timeClaims } from '@/protocol/glossary.ts'
import {
  decodeJwt,
  looksLikeJwt,
  verifyJwtSignature,
  type Result,
  type SignatureCheck,
} from '@/protocol/jwt.ts'
import { CopyButton } from '@/components/copy-button.tsx'
import { SpecLink } from '@/components/spec-link.tsx'

export interface NamedToken {
  readonly name: string
  readonly value: string
  readonly purpose: string
  /** Epoch seconds when it stops working, when the client knows. */
  readonly expiresAt?: number
  /** Why it no longer works (e.g. "rotated"), when it does not. */
  readonly status?: string
}

/** "expires in 59 min 30 s", or "expired 2 min ago". */
function remaining(expiresAt: number, nowMs: number): string {
  const seconds = Math.round(expiresAt - nowMs / 1000)
  const span = (s: number) =>
    s >= 3600
      ? `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`
      : s >= 60
        ? `${Math.floor(s / 60)} min ${s % 60} s`
        : `${s} s`
  return seconds > 0 ? `expires in ${span(seconds)}` : `expired ${span(-seconds)} ago`
}

/** Re-renders every second while mounted, so remaining lifetimes count down. */
function useSecondTick(): void {
  const [, setTick] = useState(0)
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), 1000)
    return () => clearInterval(timer)
  }, [])
}

function Lifetime({ token, now }: { token: NamedToken; now: () => number }) {
  useSecondTick()
  if (token.status !== undefined)
    return <p className="text-xs font-medium text-red-800">No longer usable: {token.status}</p>
  // The client knows a lifetime from expires_in, or from the exp claim of a token it may read.
  const decoded = looksLikeJwt(token.value) ? decodeJwt(token.value) : undefined
  const exp = decoded?.ok === true ? decoded.value.payload['exp'] : undefined
  const expiresAt = token.expiresAt ?? (typeof exp === 'number' ? exp : undefined)
  if (expiresAt === undefined)
    return (
      <p className="text-xs text-slate-600">
        Lifetime: not known to the client (an opaque token; only the server knows when it ends).
      </p>
    )
  const text = remaining(expiresAt, now())
  return (
    <p className={`text-xs font-medium ${text.startsWith('expired') ? 'text-red-800' : 'text-slate-700'}`}>
      Lifetime: {text} ({token.expiresAt === undefined ? 'exp claim' : 'expires_in'})
    </p>
  )
}

function readableTime(seconds: number): string {
  return new Date(seconds * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' })
}

function ClaimTable({ claims, caption }: { claims: Readonly<Record<string, unknown>>; caption: string }) {
  return (
    <table className="w-full table-fixed border-collapse text-left text-xs">
      <caption className="mb-1 text-left font-semibold uppercase tracking-wide text-slate-500">
        {caption}
      </caption>
      <tbody>
        {Object.entries(claims).map(([name, value]) => {
          const entry = claimGlossary[name]
          const text = typeof value === 'string' ? value : JSON.stringify(value)
          return (
            <tr key={name} className="border-t border-slate-100 align-top">
              <th scope="row" className="w-24 py-1 pr-2 font-mono font-semibold">
                {name}
              </th>
              <td className="py-1 pr-2 font-mono break-all">
                {text}
                {timeClaims.has(name) && typeof value === 'number' && (
                  <span className="block font-sans text-slate-600">{readableTime(value)}</span>
                )}
              </td>
              <td className="w-2/5 py-1 text-slate-600">
                {entry ? (
                  <>
                    {entry.meaning} <SpecLink id={entry.ref} />
                  </>
                ) : null}
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

function SignatureStatus({ token, jwks }: { token: string; jwks: JSONWebKeySet | undefined }) {
  const [result, setResult] = useState<Result<SignatureCheck> | undefined>()
  useEffect(() => {
    let live = true
    if (jwks) void verifyJwtSignature(token, jwks).then((r) => live && setResult(r))
    return () => {
      live = false
    }
  }, [token, jwks])
  if (!jwks)
    return (
      <p className="text-xs text-slate-600">
        Signature not checked: the client has not fetched the server’s keys (JWKS) at this step. A client that
        only uses an access token never needs to — the resource server checks it.
      </p>
    )
  if (!result) return <p className="text-xs text-slate-600">Verifying signature…</p>
  return result.ok ? (
    <p className="text-xs font-medium text-emerald-800">
      ✔ Signature verified with {result.value.alg}, key “{result.value.kid ?? 'no kid'}” from the server’s
      JWKS <SpecLink id="rfc7515-5.2" />
    </p>
  ) : (
    <p className="text-xs font-medium text-red-800">✘ Signature invalid: {result.error}</p>
  )
}

function TokenCard({
  token,
  jwks,
  now,
}: {
  token: NamedToken
  jwks: JSONWebKeySet | undefined
  now: () => number
}) {
  const decoded = looksLikeJwt(token.value) ? decodeJwt(token.value) : undefined
  return (
    <article className="space-y-2 rounded-md border border-slate-200 p-3" aria-label={token.name}>
      <header className="flex items-center justify-between gap-2">
        <h3 className="text-sm font-semibold">{token.name}</h3>
        <CopyButton value={token.value} label="Copy raw value" />
      </header>
      <p className="text-xs text-slate-600">{token.purpose}</p>
      <Lifetime token={token} now={now} />
      {decoded === undefined ? (
        <>
          <p className="font-mono text-xs break-all text-slate-800">{token.value}</p>
          <p className="text-xs text-slate-600">
            Opaque: not a JWT, so only the server that issued it can tell what it means.
          </p>
        </>
      ) : decoded.ok ? (
        <>
          <p className="font-mono text-[11px] leading-relaxed break-all">
            <span className="text-rose-700">{decoded.value.segments[0]}</span>.
            <span className="text-violet-700">{decoded.value.segments[1]}</span>.
            <span className="text-sky-700">{decoded.value.segments[2]}</span>
          </p>
          {decoded.value.header.typ === 'at+jwt' && (
            <p className="text-xs text-slate-600">
              A JWT access token (RFC 9068): readable here, but a client must treat access tokens as opaque —
              only the resource server interprets them.
            </p>
          )}
          <SignatureStatus key={token.value} token={token.value} jwks={jwks} />
          <ClaimTable claims={decoded.value.header} caption="Header" />
          <ClaimTable claims={decoded.value.payload} caption="Claims" />
        </>
      ) : (
        <p className="text-xs text-red-800">Cannot decode: {decoded.error}</p>
      )}
    </article>
  )
}

/** Every token the client holds, decoded, with claim meanings, readable times and the signature check. */
export function TokenInspector({
  tokens,
  jwks,
  now = Date.now,
}: {
  tokens: readonly NamedToken[]
  jwks: JSONWebKeySet | undefined
  /** The playground's clock, for remaining lifetimes. */
  now?: () => number
}) {
  if (tokens.length === 0)
    return <p className="text-sm text-slate-600">No tokens yet: the client holds none at this step.</p>
  return (
    <div className="space-y-3">
      {tokens.map((t) => (
        <TokenCard key={t.name} token={t} jwks={jwks} now={now} />
      ))}
    </div>
  )
}
