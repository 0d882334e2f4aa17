import { describe, expect, it } from 'vitest'
import type { VideoFile } from './model'
import { coveredRanges, locateMoment, missingWindows } from './video'

const file = (over: Partial<VideoFile>): VideoFile => ({
  id: over.name ?? 'f', recordingId: 'r1', kind: 'fragment', name: 'f', startSec: 0, endSec: 10,
  size: 100, reached: 100, crc: 0, state: 'done', createdAt: 0, updatedAt: 0, ...over,
})

describe('locateMoment', () => {
  it('finds the fragment holding the moment, on its own time line', () => {
    const files = [file({ name: 'a', startSec: 10, endSec: 30 }), file({ name: 'b', startSec: 50, endSec: 70 })]
    expect(locateMoment(files, 'r1', 55)).toEqual({ file: files[1], timeSec: 5 })
    expect(locateMoment(files, 'r1', 10)?.timeSec).toBe(0)
    expect(locateMoment(files, 'r1', 30)?.file.name).toBe('a')
  })

  it('prefers the whole file over a fragment', () => {
    const files = [file({ name: 'frag', startSec: 10, endSec: 30 }), file({ name: 'full', kind: 'full', startSec: 0, endSec: 300 })]
    expect(locateMoment(files, 'r1', 20)).toEqual({ file: files[1], timeSec: 20 })
  })

  it('has nothing for a gap, another recording or an unfinished import', () => {
    const files = [file({ startSec: 10, endSec: 30 }), file({ kind: 'full', endSec: 300, state: 'importing' })]
    expect(locateMoment(files, 'r1', 40)).toBeNull()
    expect(locateMoment(files, 'r2', 20)).toBeNull()
  })
})

describe('coveredRanges', () => {
  it('merges overlapping files in order', () => {
    const files = [file({ name: 'b', startSec: 50, endSec: 70 }), file({ name: 'a', startSec: 8, endSec: 30 }), file({ name: 'c', startSec: 25, endSec: 40 })]
    expect(coveredRanges(files, 'r1')).toEqual([[8, 40], [50, 70]])
  })
})

describe('missingWindows', () => {
  it('keeps only windows not yet fully on the tablet', () => {
    const files = [file({ startSec: 9, endSec: 31 })]
    const windows = [
      { recordingId: 'r1', startSec: 10, endSec: 30, markerIds: ['m1'] },
      { recordingId: 'r1', startSec: 25, endSec: 45, markerIds: ['m2'] },
      { recordingId: 'r2', startSec: 10, endSec: 30, markerIds: ['m3'] },
    ]
    expect(missingWindows(windows, files).map((w) => w.markerIds[0])).toEqual(['m2', 'm3'])
  })
})
