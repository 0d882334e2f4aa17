import { describe, expect, it } from 'vitest'
import { dateOf, dutchNumericDate, isoDate, parseDutchDate } from './calendar'

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

  it('shows a stored date the Dutch way, dd-mm-jjjj', () => {
    expect(dutchNumericDate('2026-12-02')).toBe('02-12-2026')
    expect(dutchNumericDate('')).toBe('')
  })

  it('reads a typed Dutch date, with or without leading zeros and any common separator', () => {
    expect(parseDutchDate('02-12-2026')).toEqual({ ok: true, value: '2026-12-02' })
    expect(parseDutchDate(' 2-12-2026 ')).toEqual({ ok: true, value: '2026-12-02' })
    expect(parseDutchDate('2/12/2026')).toEqual({ ok: true, value: '2026-12-02' })
    expect(parseDutchDate('29.2.2028')).toEqual({ ok: true, value: '2028-02-29' })
    expect(parseDutchDate('')).toEqual({ ok: true, value: '' })
  })

  it('refuses what is no day: impossible dates, the American or ISO order, two-digit years', () => {
    for (const raw of ['31-04-2026', '29-02-2026', '12/31/2026', '2026-12-02', '2-12-26', 'morgen']) {
      expect(parseDutchDate(raw)).toEqual({ ok: false, error: 'invalidDate' })
    }
  })
})
