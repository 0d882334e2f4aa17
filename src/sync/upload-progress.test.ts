import { describe, expect, it } from 'vitest'
import { progressMeter } from './upload-progress'

describe('progressMeter', () => {
  it('gives the speed over the recent window and the time left at that speed', () => {
    const meter = progressMeter(100e6, 8_000)
    expect(meter.add(0, 0)).toMatchObject({ bytesPerSec: 0, secondsLeft: null })
    meter.add(1_000, 10e6)
    expect(meter.add(2_000, 20e6)).toMatchObject({ bytesPerSec: 10e6, secondsLeft: 8 })
    // Slower now: after the window passes, only the recent pace counts.
    for (let t = 3_000; t <= 12_000; t += 1_000) meter.add(t, 20e6 + (t - 2_000) * 1e3)
    expect(meter.add(13_000, 31e6).bytesPerSec).toBeCloseTo(1e6, -3)
  })

  it('starts over when a resumed upload goes back to the server’s offset', () => {
    const meter = progressMeter(50, 8_000)
    meter.add(0, 0)
    meter.add(1_000, 30)
    expect(meter.add(2_000, 20)).toMatchObject({ bytesPerSec: 0, secondsLeft: null })
    expect(meter.add(3_000, 50)).toMatchObject({ bytesPerSec: 30, secondsLeft: 0 })
  })
})
