import { describe, expect, it } from 'vitest'
import { readRoute, readUrlState, urlFor } from './url-state.ts'

describe('url state', () => {
  it('reads flow, variant and step', () => {
    expect(readUrlState('?flow=authorization-code&variant=pkce&step=4')).toEqual({
      flow: 'authorization-code',
      variant: 'pkce',
      step: 4,
    })
  })

  it('treats a missing or bad step as the introduction', () => {
    expect(readUrlState('?step=abc').step).toBe(0)
    expect(readUrlState('?step=-3').step).toBe(0)
    expect(readUrlState('').flow).toBeNull()
  })

  it('writes only the three public values, dropping anything else in the URL', () => {
    const url = urlFor(
      { flow: 'authorization-code', variant: 'pkce', step: 2 },
      'http://localhost/app/?code=secret#access_token=x',
    )
    expect(url).toBe('/app/?flow=authorization-code&variant=pkce&step=2')
  })

  it('keeps the trainer’s settings for the visit (embed, switch, seed), and nothing else', () => {
    const url = urlFor(
      { flow: 'device', variant: 'default', step: 3 },
      'http://localhost/?embed=1&seed=workshop&switch=1&autoplay=1&code=secret',
    )
    expect(url).toBe('/?flow=device&variant=default&step=3&embed=1&switch=1&seed=workshop')
  })
})

describe('routes', () => {
  it('opens the view a link names, with its value', () => {
    expect(readRoute('?compare=implicit,authorization-code:pkce')).toMatchObject({
      view: 'compare',
      value: 'implicit,authorization-code:pkce',
    })
    expect(readRoute('?guide=user:yes,browser:no')).toMatchObject({
      view: 'guide',
      value: 'user:yes,browser:no',
    })
    expect(readRoute('?glossary')).toMatchObject({ view: 'glossary', value: '' })
    expect(readRoute('?flow=authorization-code&step=3')).toMatchObject({ view: 'playground', step: 3 })
  })
})
