import { describe, expect, it } from 'vitest'
import { clockTime } from './clock-control.tsx'

describe('clockTime', () => {
  it('writes the local time as HH:MM:SS, each part two digits', () => {
    expect(clockTime(new Date(2026, 10, 27, 9, 5, 7).getTime())).toBe('09:05:07')
    expect(clockTime(new Date(2026, 10, 27, 23, 59, 59).getTime())).toBe('23:59:59')
    expect(clockTime(new Date(2026, 10, 27, 0, 0, 0).getTime())).toBe('00:00:00')
  })
})
