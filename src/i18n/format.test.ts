import { describe, expect, it } from 'vitest'
import { formatBytes, formatDuration, formatHeading } from './format'

const n = (value: number, options: Intl.NumberFormatOptions) => new Intl.NumberFormat('nl', options).format(value)

describe('format', () => {
  it('shows bytes in the unit a coach reads', () => {
    expect(formatBytes(512, n)).toBe('512 B')
    expect(formatBytes(1_500_000, n)).toBe('1,5 MB')
    expect(formatBytes(64_000_000_000, n)).toBe('64 GB')
  })

  it('shows durations like a clock', () => {
    expect(formatDuration(0)).toBe('0:00')
    expect(formatDuration(75.9)).toBe('1:15')
    expect(formatDuration(3725)).toBe('1:02:05')
  })

  it('says a view direction as a heading from 0° to 359°', () => {
    expect(formatHeading(40.4)).toBe('40°')
    expect(formatHeading(-20)).toBe('340°')
    expect(formatHeading(359.6)).toBe('0°')
    expect(formatHeading(720 + 90)).toBe('90°')
  })
})
