import { describe, expect, it } from 'vitest'
import { readTrainerParams } from './trainer-params.ts'

describe('trainer params', () => {
  it('reads embed, switching, autoplay at a speed, presenter and a seed', () => {
    expect(readTrainerParams('?embed=1&switch=1&autoplay=1&speed=fast&presenter=1&seed=room-4')).toEqual({
      embed: true,
      allowSwitch: true,
      autoplay: true,
      speedMs: 600,
      presenter: true,
      seed: 'room-4',
      notes: undefined,
      problems: [],
    })
  })

  it('is all off for a plain link', () => {
    const params = readTrainerParams('?flow=device')
    expect(params.embed || params.autoplay || params.presenter).toBe(false)
    expect(params.seed).toBeUndefined()
    expect(params.problems).toEqual([])
  })

  it('reports values it does not know instead of guessing', () => {
    const { embed, seed, problems } = readTrainerParams('?embed=yes&speed=warp&seed=%3Cscript%3E')
    expect(embed).toBe(false)
    expect(seed).toBeUndefined()
    expect(problems).toEqual([
      'speed=warp (known: slow, normal, fast)',
      'a demo seed with characters other than letters, digits, - _ . (or over 64)',
      'embed=yes (only embed=1 is known)',
    ])
  })
})
