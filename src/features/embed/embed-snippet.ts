/** What the Embed dialog puts into the `<iframe>`'s link. */
export interface EmbedChoice {
  readonly base: string
  readonly flow: string
  readonly variant: string
  readonly step: number
  readonly autoplay: boolean
  readonly allowSwitch: boolean
  readonly seed: string | undefined
}

const escapeAttribute = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

export function embedUrl(choice: EmbedChoice): string {
  const url = new URL(choice.base)
  url.search = ''
  url.hash = ''
  url.searchParams.set('flow', choice.flow)
  url.searchParams.set('variant', choice.variant)
  if (choice.step > 0) url.searchParams.set('step', String(choice.step))
  url.searchParams.set('embed', '1')
  if (choice.autoplay) url.searchParams.set('autoplay', '1')
  if (choice.allowSwitch) url.searchParams.set('switch', '1')
  if (choice.seed !== undefined) url.searchParams.set('seed', choice.seed)
  return url.href
}

/** The `<iframe>` to paste into a slide, a wiki page or an LMS. */
export function iframeSnippet(
  choice: EmbedChoice,
  options: { readonly title: string; readonly width: number; readonly height: number },
): string {
  return [
    `<iframe src="${escapeAttribute(embedUrl(choice))}"`,
    `  title="${escapeAttribute(options.title)}"`,
    `  width="${options.width}" height="${options.height}" loading="lazy"`,
    `  allow="clipboard-write; fullscreen"`,
    `  style="border: 1px solid #cbd5e1; border-radius: 8px"></iframe>`,
  ].join('\n')
}

/** How a slide deck drives the frame, with the exact origin to post to and to trust. */
export function driverSnippet(origin: string): string {
  return [
    `<script>`,
    `  const frame = document.querySelector('iframe[src^="${origin}"]')`,
    `  const send = (command) => frame.contentWindow.postMessage(command, '${origin}')`,
    `  // send({ type: 'next' }), send({ type: 'back' }), send({ type: 'restart' }), send({ type: 'goto', step: 3 })`,
    `  window.addEventListener('message', (event) => {`,
    `    if (event.origin !== '${origin}' || event.data?.type !== 'step') return`,
    `    console.log('Grantscope is at', event.data.flow, event.data.variant, 'step', event.data.step)`,
    `  })`,
    `</script>`,
  ].join('\n')
}
