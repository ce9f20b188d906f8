/**
 * How a browser turns a submitted form into a request (HTML §4.10.21): action resolved against the
 * page URL, fields in document order, the submitter's name=value appended, urlencoded.
 */
export interface FormSubmission {
  readonly method: 'GET' | 'POST'
  readonly url: string
  readonly body?: string
}

// Elements may come from another realm (an iframe's document), so they are recognised by tag name,
// never by `instanceof`.
type FieldElement = Element & {
  name: string
  value: string
  type?: string
  checked?: boolean
  disabled?: boolean
}

const isField = (el: Element): el is FieldElement =>
  ['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON'].includes(el.tagName)

export function submitForm(
  form: HTMLFormElement,
  submitter: Element | null,
  pageUrl: string,
): FormSubmission {
  const action = new URL(form.getAttribute('action') ?? '', pageUrl).href
  const data = new URLSearchParams()
  for (const element of Array.from(form.querySelectorAll('input, select, textarea'))) {
    if (!isField(element) || !element.name || element.disabled) continue
    const type = (element.type ?? '').toLowerCase()
    if (['submit', 'button', 'image', 'reset'].includes(type)) continue
    if (['checkbox', 'radio'].includes(type) && !element.checked) continue
    data.append(element.name, element.value)
  }
  if (submitter && isField(submitter) && submitter.name) data.append(submitter.name, submitter.value)
  const method = (form.getAttribute('method') ?? 'get').toUpperCase() === 'POST' ? 'POST' : 'GET'
  if (method === 'GET') {
    const url = new URL(action)
    url.search = data.toString()
    return { method, url: url.href }
  }
  return { method, url: action, body: data.toString() }
}

/**
 * The demo user at the keyboard: fills a login form with the given credentials, picks the consent
 * button whose value is `decision`, or submits any other form as it stands. Returns the submission,
 * or undefined when the page has no form.
 */
export function autofill(
  doc: Document,
  pageUrl: string,
  user: { readonly username: string; readonly password: string },
  decision: 'allow' | 'deny' = 'allow',
): FormSubmission | undefined {
  const form = doc.querySelector<HTMLFormElement>('form')
  if (!form) return undefined
  const username = form.querySelector<HTMLInputElement>('input[name="username"]')
  const password = form.querySelector<HTMLInputElement>('input[name="password"]')
  if (username && password) {
    username.value = user.username
    password.value = user.password
    return submitForm(form, form.querySelector('button[type="submit"], button:not([type])'), pageUrl)
  }
  const button = form.querySelector<HTMLButtonElement>(`button[value="${decision}"]`)
  if (button) return submitForm(form, button, pageUrl)
  // Any other form (the device page's prefilled code): submitted as it stands, as a user pressing its button.
  const submit = form.querySelector('button[type="submit"], button:not([type]), input[type="submit"]')
  return submit ? submitForm(form, submit, pageUrl) : undefined
}
