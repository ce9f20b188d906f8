import { describe, expect, it } from 'vitest'
import { timeOfDay } from './server-context.ts'

describe('timeOfDay', () => {
  it('names the UTC time of each instant, also when instants alternate or repeat', () => {
    const instants = [0, 0, 86_399, 1_764_300_000, 1_764_300_000, 1_764_300_001, 0, 45_296]
    expect(instants.map(timeOfDay)).toEqual([
      '00:00:00',
      '00:00:00',
      '23:59:59',
      '03:20:00',
      '03:20:00',
      '03:20:01',
      '00:00:00',
      '12:34:56',
    ])
  })
})
