import { describe, expect, it } from 'vitest'
import { dateOf, isoDate } from './calendar'

describe('calendar dates', () => {
  it('round-trips a local date', () => {
    expect(isoDate(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05')
    expect(isoDate(dateOf('2026-12-31')!)).toBe('2026-12-31')
  })

  it('rejects what is not a date', () => {
    expect(dateOf('')).toBeNull()
    expect(dateOf('2026-02-30')).toBeNull()
    expect(dateOf('24-11-2026')).toBeNull()
  })
})
