import { authorizationServerName, html, renderPage } from './page-layout.ts'

export interface ConsentPageModel {
  readonly action: string
  readonly interactionId: string
  readonly clientName: string
  readonly userName: string
  readonly username: string
  readonly scopes: readonly { readonly scope: string; readonly description: string }[]
  /** Where the browser goes afterwards, or, in the device flow, the user code to compare. */
  readonly next: { readonly redirectUri: string } | { readonly userCode: string }
}

/**
 * Asks the user whether the client may have the requested access. Deny leads to `access_denied`.
 * For a device, it shows the user code, so the user can check it is their device that asks
 * (RFC 8628 §5.4: remote phishing).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 */
export function renderConsentPage(model: ConsentPageModel): string {
  const items = model.scopes.map((s) => html`<li><code>${s.scope}</code> ${s.description}</li>`)
  return renderPage(
    `${authorizationServerName} — allow access?`,
    html`<h1>${model.clientName} wants to access your account</h1>
      <p class="muted">Signed in as ${model.userName} (${model.username})</p>
      <p>It is asking to:</p>
      <ul class="scopes">
        ${items}
      </ul>
      ${
        'userCode' in model.next
          ? html`<p>
                Check that <strong>${model.clientName}</strong> shows this code:
                <strong><code>${model.next.userCode}</code></strong
                >. If it does not, press Deny.
              </p>
              <p class="muted">
                Nothing is sent to an app in this browser: the device gets the answer itself.
              </p>`
          : html`<p class="muted">Afterwards you will be sent back to ${model.next.redirectUri}</p>`
      }
      <form method="post" action="${model.action}">
        <input type="hidden" name="interaction" value="${model.interactionId}" />
        <div class="actions">
          <button type="submit" name="decision" value="deny" class="secondary">Deny</button>
          <button type="submit" name="decision" value="allow" class="primary">Allow</button>
        </div>
      </form>`,
  )
}
