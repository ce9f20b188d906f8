import { authorizationServerName, html, renderPage } from './page-layout.ts'

export interface DeviceCodePageModel {
  readonly action: string
  /** Prefilled: from `verification_uri_complete`, or what the user typed before. */
  readonly userCode?: string
  readonly error?: string
}

/**
 * The verification page: the user types the code their device shows. Case and dashes do not
 * matter (RFC 8628 §6.1).
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.3
 */
export function renderDeviceCodePage(model: DeviceCodePageModel): string {
  return renderPage(
    `${authorizationServerName} — connect a device`,
    html`<h1>Connect a device</h1>
      <p>Enter the code shown on your device.</p>
      ${model.error === undefined ? '' : html`<p class="error" role="alert">${model.error}</p>`}
      <form method="post" action="${model.action}">
        <label for="user_code">Code</label>
        <input
          id="user_code"
          name="user_code"
          type="text"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck="false"
          placeholder="XXXX-XXXX"
          required
          value="${model.userCode ?? ''}"
        />
        <div class="actions"><button type="submit" class="primary">Continue</button></div>
      </form>
      <p class="muted" style="margin-top:1rem">
        Only enter a code you got from a device you are setting up yourself.
      </p>`,
  )
}
