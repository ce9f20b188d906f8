import { authorizationServerName, html, renderPage } from './page-layout.ts'

export interface ErrorPageModel {
  readonly error: string
  readonly description: string
}

/**
 * Shown instead of redirecting when the client or its redirect URI cannot be trusted: the AS
 * "SHOULD inform the resource owner of the error and MUST NOT automatically redirect the
 * user-agent to the invalid redirection URI".
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 */
export function renderErrorPage(model: ErrorPageModel): string {
  return renderPage(
    `${authorizationServerName} — this request cannot continue`,
    html`<h1>This request cannot continue</h1>
      <p class="error" role="alert">${model.description}</p>
      <p class="muted">
        For your safety you were not sent back to the app. Tell the app's developer about this error:
      </p>
      <dl>
        <dt>error</dt>
        <dd><code>${model.error}</code></dd>
      </dl>`,
  )
}
