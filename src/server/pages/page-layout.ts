import { reply, type Reply } from '../http/reply.ts'

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

/** A tagged template that HTML-escapes every interpolated value unless it is already `Html`. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value
  }
}

export function html(strings: TemplateStringsArray, ...values: readonly unknown[]): Html {
  let out = strings[0] ?? ''
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '')
  })
  return new Html(out)
}

function render(value: unknown): string {
  if (value instanceof Html) return value.value
  if (Array.isArray(value)) return value.map(render).join('')
  if (typeof value === 'string') return escapeHtml(value)
  if (typeof value === 'number' || value === true) return escapeHtml(String(value))
  return ''
}

/**
 * Headers for every AS page. RFC 9700 §4.16: "Authorization servers MUST prevent clickjacking
 * attacks … SHOULD also use … CSP level 2" — hence `frame-ancestors 'none'` plus X-Frame-Options.
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.16
 */
export const pageSecurityHeaders: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': contentSecurityPolicy([]),
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  Pragma: 'no-cache',
}

/**
 * The pages' CSP. `form-action` also governs the redirects that follow a form post (Chromium
 * applies it to the whole chain), so a page whose form leads to a client's redirect URI on another
 * origin — the consent page — must allow that origin, or the browser silently stops there.
 */
function contentSecurityPolicy(formTargets: readonly string[]): string {
  const formAction = ["'self'", ...formTargets].join(' ')
  return `default-src 'none'; style-src 'unsafe-inline'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`
}

/**
 * A CSP source expression for where a redirect URI sends the browser: its origin, or for a native
 * app's private-use scheme the scheme alone. Undefined when it is the page's own origin or cannot be
 * written safely (nothing with spaces, quotes, commas or semicolons reaches the header).
 */
export function formTargetOf(redirectUri: string, ownOrigin: string): string | undefined {
  const url = URL.parse(redirectUri)
  if (url === null) return undefined
  if (url.protocol === 'http:' || url.protocol === 'https:')
    return url.origin === ownOrigin || !/^https?:\/\/[A-Za-z0-9.\-[\]:]+$/.test(url.origin)
      ? undefined
      : url.origin
  return /^[a-z][a-z0-9+.-]*:$/.test(url.protocol) ? url.protocol : undefined
}

/** The page headers with `form-action` extended to the given sources. */
export function pageHeadersAllowingForms(formTargets: readonly string[]): Record<string, string> {
  return { ...pageSecurityHeaders, 'Content-Security-Policy': contentSecurityPolicy(formTargets) }
}

const styles = `
  :root { color-scheme: light; --brand: #2563eb; --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; }
  * { box-sizing: border-box; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: #f3f4f6;
    font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); }
  main { width: min(24rem, 100% - 2rem); margin: 2rem 0; padding: 2rem; background: #fff;
    border: 1px solid var(--line); border-radius: 12px; box-shadow: 0 1px 3px rgb(0 0 0 / 0.08); }
  .brand { display: flex; align-items: center; gap: .5rem; font-weight: 700; color: var(--brand); margin-bottom: 1.25rem; }
  .logo { width: 1.75rem; height: 1.75rem; border-radius: 50%; background: var(--brand); color: #fff;
    display: grid; place-items: center; font-size: .9rem; }
  h1 { font-size: 1.35rem; margin: 0 0 .5rem; }
  p { margin: 0 0 1rem; }
  .muted { color: var(--muted); font-size: .9rem; }
  label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
  input[type=text], input[type=password] { width: 100%; padding: .6rem .7rem; font: inherit;
    border: 1px solid #cbd5e1; border-radius: 8px; }
  input:focus, button:focus { outline: 3px solid rgb(37 99 235 / .35); outline-offset: 1px; }
  button { font: inherit; font-weight: 600; padding: .6rem 1rem; border-radius: 8px; border: 1px solid var(--brand); cursor: pointer; }
  .primary { background: var(--brand); color: #fff; }
  .secondary { background: #fff; color: var(--brand); }
  .actions { display: flex; gap: .75rem; margin-top: 1.25rem; }
  .actions button { flex: 1; }
  .error { background: #fef2f2; color: #991b1b; border: 1px solid #fecaca; border-radius: 8px; padding: .6rem .75rem; }
  ul.scopes { list-style: none; padding: 0; margin: 0 0 1rem; border: 1px solid var(--line); border-radius: 8px; }
  ul.scopes li { padding: .6rem .75rem; border-top: 1px solid var(--line); }
  ul.scopes li:first-child { border-top: 0; }
  code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .85em; background: #f3f4f6; padding: .1rem .3rem; border-radius: 4px; }
  dl { display: grid; grid-template-columns: auto 1fr; gap: .25rem .75rem; font-size: .9rem; }
  dt { font-weight: 600; } dd { margin: 0; overflow-wrap: anywhere; }
`

export const authorizationServerName = 'Friendly Social'

/** A complete, self-contained page: inline styles, no scripts, no external resources. */
export function renderPage(title: string, content: Html): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${title}</title>
        <style>
          ${new Html(styles)}
        </style>
      </head>
      <body>
        <main>
          <div class="brand">
            <span class="logo" aria-hidden="true">fs</span><span>${authorizationServerName}</span>
          </div>
          ${content}
        </main>
      </body>
    </html> `.value
}

export function htmlResponse(page: string, status = 200, headers: Record<string, string> = {}): Reply {
  return reply(status, { ...pageSecurityHeaders, ...headers }, page)
}
