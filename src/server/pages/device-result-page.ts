import { authorizationServerName, html, renderPage } from './page-layout.ts'

export interface DeviceResultPageModel {
  readonly outcome: 'allowed' | 'denied'
  readonly clientName: string
}

/**
 * The end of the device flow in the browser: nothing is redirected anywhere — the device gets its
 * answer by polling (RFC 8628 §3.4, §3.5).
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.3
 */
export function renderDeviceResultPage(model: DeviceResultPageModel): string {
  if (model.outcome === 'allowed') {
    return renderPage(
      `${authorizationServerName} — device connected`,
      html`<h1>Device connected</h1>
        <p role="status">
          You're signed in on ${model.clientName}. You can close this page and go back to your TV.
        </p>`,
    )
  }
  return renderPage(
    `${authorizationServerName} — access denied`,
    html`<h1>Access denied</h1>
      <p role="status">
        You denied access: ${model.clientName} will not get access to your account. You can close this page.
      </p>`,
  )
}
