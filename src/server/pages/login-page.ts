import { authorizationServerName, html, renderPage } from './page-layout.ts'

export interface LoginPageModel {
  readonly action: string
  readonly interactionId: string
  readonly clientName: string
  readonly username?: string
  readonly error?: string
}

/**
 * The AS's sign-in form. The user types the password here, at the authorization server, never
 * into the client — the point of the redirect-based flows.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#Authenticates
 */
export function renderLoginPage(model: LoginPageModel): string {
  return renderPage(
    `${authorizationServerName} — sign in`,
    html`<h1>Sign in</h1>
      <p>to continue to <strong>${model.clientName}</strong></p>
      ${model.error === undefined ? '' : html`<p class="error" role="alert">${model.error}</p>`}
      <form method="post" action="${model.action}">
        <input type="hidden" name="interaction" value="${model.interactionId}" />
        <label for="username">Username</label>
        <input
          id="username"
          name="username"
          type="text"
          autocomplete="username"
          autocapitalize="none"
          spellcheck="false"
          required
          value="${model.username ?? ''}"
        />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <div class="actions"><button type="submit" class="primary">Sign in</button></div>
      </form>
      <p class="muted" style="margin-top:1rem">Demo users: alice / wonderland, bob / builder</p>`,
  )
}
