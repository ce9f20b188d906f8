import { describe, expect, it } from 'vitest'
import { driverSnippet, embedUrl, iframeSnippet } from './embed-snippet.ts'

const choice = {
  base: 'https://trainer.example/grantscope/?flow=device&step=9',
  flow: 'authorization-code',
  variant: 'pkce',
  step: 3,
  autoplay: false,
  allowSwitch: false,
  seed: undefined,
}

describe('embed snippet', () => {
  it('links to the step with embed=1 and only the options chosen', () => {
    expect(embedUrl(choice)).toBe(
      'https://trainer.example/grantscope/?flow=authorization-code&variant=pkce&step=3&embed=1',
    )
    expect(embedUrl({ ...choice, step: 0, autoplay: true, allowSwitch: true, seed: 'room-4' })).toBe(
      'https://trainer.example/grantscope/?flow=authorization-code&variant=pkce&embed=1&autoplay=1&switch=1&seed=room-4',
    )
  })

  it('writes an iframe with an escaped title and its size', () => {
    const html = iframeSnippet(choice, { title: 'Grantscope: "Code" & PKCE', width: 960, height: 640 })
    expect(html).toContain(
      'src="https://trainer.example/grantscope/?flow=authorization-code&amp;variant=pkce',
    )
    expect(html).toContain('title="Grantscope: &quot;Code&quot; &amp; PKCE"')
    expect(html).toContain('width="960" height="640"')
  })

  it('drives the frame with its exact origin, never "*"', () => {
    const script = driverSnippet('https://trainer.example')
    expect(script).toContain("postMessage(command, 'https://trainer.example')")
    expect(script).toContain("event.origin !== 'https://trainer.example'")
    expect(script).not.toContain("'*'")
  })
})
