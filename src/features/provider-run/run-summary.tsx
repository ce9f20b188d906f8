import type { RunSummary, Verdict } from '@/flows/provider/run-summary.ts'

const verdictText: Record<Verdict, string> = {
  verified: 'verified',
  failed: 'failed',
  'not-checked': 'not checked',
}

function VerdictBadge({ verdict }: { verdict: Verdict }) {
  const tone =
    verdict === 'verified'
      ? 'bg-emerald-100 text-emerald-900'
      : verdict === 'failed'
        ? 'bg-red-100 text-red-900'
        : 'bg-slate-100 text-slate-700'
  return (
    <span className={`rounded px-1.5 py-0.5 text-xs font-semibold ${tone}`}>
      {verdict === 'verified' ? '✔ ' : verdict === 'failed' ? '✘ ' : ''}
      {verdictText[verdict]}
    </span>
  )
}

/** The end of a run against a real provider: who signed in, and whether the client could trust it. */
export function RunSummaryView({ summary }: { summary: RunSummary }) {
  return (
    <section
      aria-labelledby="run-summary-title"
      className="space-y-2 rounded-lg border border-emerald-300 bg-emerald-50 p-4 text-sm text-emerald-950"
    >
      <h3 id="run-summary-title" className="text-base font-semibold">
        Summary
      </h3>
      <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-3 gap-y-1">
        <dt className="font-medium">Signed in</dt>
        <dd className="break-words">
          {summary.name ?? summary.subject ?? 'unknown'}
          {summary.email && <span className="text-emerald-800"> · {summary.email}</span>}
        </dd>
        <dt className="font-medium">sub</dt>
        <dd className="font-mono break-all">{summary.subject ?? '—'}</dd>
        {summary.issuer && (
          <>
            <dt className="font-medium">Issuer</dt>
            <dd className="font-mono break-all">{summary.issuer}</dd>
          </>
        )}
        <dt className="font-medium">ID token signature</dt>
        <dd>
          <VerdictBadge verdict={summary.signature} />{' '}
          {summary.signature === 'verified' && 'against the provider’s JWKS'}
        </dd>
        <dt className="font-medium">ID token claims</dt>
        <dd>
          <VerdictBadge verdict={summary.claims} />{' '}
          {summary.claims === 'verified'
            ? 'iss, aud, exp, iat, nonce'
            : summary.failedClaims.length > 0
              ? summary.failedClaims.join(', ')
              : ''}
        </dd>
      </dl>
      {!summary.idToken && (
        <p>No ID token: this run was plain OAuth (no openid scope, or a provider without OpenID Connect).</p>
      )}
      {summary.refreshed && <p>The access token was refreshed with the refresh token.</p>}
      {summary.revoked && <p>The refresh token was revoked at the end: this login is over.</p>}
      {summary.noRefreshToken && (
        <p>
          You asked for offline access but no refresh token came back. Many providers issue one only with
          prompt=consent (oidc-provider, Google with access_type=offline), or only to clients allowed the
          refresh_token grant.
        </p>
      )}
    </section>
  )
}
