import { describe, expect, it } from 'vitest'
import { percentAt, secondsAt, timelineLength, timelineStretches } from './scrubber'

describe('percentAt', () => {
  it('places a moment along the recording and keeps it on the track', () => {
    expect(percentAt(15, 60)).toBe(25)
    expect(percentAt(-1, 60)).toBe(0)
    expect(percentAt(90, 60)).toBe(100)
    expect(percentAt(5, 0)).toBe(0)
  })
})

describe('secondsAt', () => {
  it('reads the moment under the finger, clamped to the track', () => {
    expect(secondsAt(150, 100, 200, 60)).toBe(15)
    expect(secondsAt(50, 100, 200, 60)).toBe(0)
    expect(secondsAt(400, 100, 200, 60)).toBe(60)
  })
})

describe('timelineStretches', () => {
  it('shows a full import as one held stretch', () => {
    expect(timelineStretches([[0, 60]], 60)).toEqual([{ startSec: 0, endSec: 60, held: true }])
  })

  it('marks what was not imported between and around fragments', () => {
    expect(timelineStretches([[10, 20], [30, 40]], 60)).toEqual([
      { startSec: 0, endSec: 10, held: false },
      { startSec: 10, endSec: 20, held: true },
      { startSec: 20, endSec: 30, held: false },
      { startSec: 30, endSec: 40, held: true },
      { startSec: 40, endSec: 60, held: false },
    ])
  })

  it('without bytes the whole recording is not held; a file past the known length is cut to it', () => {
    expect(timelineStretches([], 60)).toEqual([{ startSec: 0, endSec: 60, held: false }])
    expect(timelineStretches([[0, 61.2]], 60)).toEqual([{ startSec: 0, endSec: 60, held: true }])
  })
})

describe('timelineLength', () => {
  it('takes the held file’s end when the measured span is that within the tolerance', () => {
    expect(timelineLength(21.6, [[0, 21.3]])).toBe(21.3)
    expect(timelineLength(21.0, [[0, 21.3]])).toBe(21.3)
  })

  it('keeps the recording’s length when only fragments are held, and falls back to what is held', () => {
    expect(timelineLength(60, [[10, 20]])).toBe(60)
    expect(timelineLength(null, [[10, 20]])).toBe(20)
    expect(timelineLength(null, [])).toBe(0)
  })
})
