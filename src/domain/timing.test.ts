import { describe, expect, it } from 'vitest'
import type { Marker, Recording } from './model'
import {
  type ClipTimes,
  clipDurationSec,
  clipEnd,
  clipWindow,
  clockAt,
  fitClipStart,
  markerWindows,
  mergeWindows,
  placeMarkers,
  refitRecording,
  resolveTap,
} from './timing'

const T0 = 1_700_000_000_000

function clip(id: string, startSec: number, durationSec: number | null, stopSec: number | null = null): ClipTimes {
  const startedAt = T0 + startSec * 1000
  return { id, startedAt, requestedAt: startedAt - 200, confirmedAt: startedAt, stoppedAt: stopSec === null ? null : T0 + stopSec * 1000, durationSec }
}

function marker(id: string, atSec: number, over: Partial<Marker> = {}): Marker {
  return {
    id,
    createdAt: 0,
    updatedAt: 0,
    deletedAt: null,
    lessonId: 'l1',
    kind: 'pearl',
    tappedAt: T0 + atSec * 1000,
    recordingId: null,
    offsetSec: null,
    view: null,
    cell: null,
    helpQuestionId: null,
    note: '',
    leadSec: 10,
    lagSec: 10,
    chosen: false,
    chosenOrder: null,
    ...over,
  }
}

const at = (sec: number) => T0 + sec * 1000

describe('clipDurationSec and clipEnd', () => {
  it('prefers the real duration, then the measured span, else running', () => {
    expect(clipDurationSec(clip('a', 0, 12.5, 14))).toBe(12.5)
    expect(clipDurationSec(clip('a', 0, null, 14))).toBe(14)
    expect(clipDurationSec(clip('a', 0, null))).toBeNull()
    expect(clipEnd(clip('a', 0, null))).toBe(Infinity)
    expect(clipEnd(clip('a', 5, 10))).toBe(at(15))
  })
})

describe('resolveTap', () => {
  const clips = [clip('c1', 0, 300), clip('c2', 302, 300), clip('c3', 610, 120.25)]

  it('finds the clip and offset, with fractional seconds', () => {
    expect(resolveTap(at(12.345), clips)).toEqual({ recordingId: 'c1', offsetSec: 12.345, snapped: false })
    expect(resolveTap(at(700.1), clips)).toEqual({ recordingId: 'c3', offsetSec: 90.1, snapped: false })
  })

  it('includes both edges of a clip', () => {
    expect(resolveTap(at(0), clips)).toEqual({ recordingId: 'c1', offsetSec: 0, snapped: false })
    expect(resolveTap(at(300), clips)).toEqual({ recordingId: 'c1', offsetSec: 300, snapped: false })
    expect(resolveTap(at(730.25), clips)).toEqual({ recordingId: 'c3', offsetSec: 120.25, snapped: false })
  })

  it('gives a tap on the seam of touching clips to the later one', () => {
    const touching = [clip('a', 0, 10), clip('b', 10, 10)]
    expect(resolveTap(at(10), touching)).toEqual({ recordingId: 'b', offsetSec: 0, snapped: false })
  })

  it('snaps a tap just outside a clip onto its edge', () => {
    expect(resolveTap(at(-0.4), clips)).toEqual({ recordingId: 'c1', offsetSec: 0, snapped: true })
    expect(resolveTap(at(731), clips)).toEqual({ recordingId: 'c3', offsetSec: 120.25, snapped: true })
  })

  it('in a short gap, snaps to the nearer clip, the later one on a tie', () => {
    expect(resolveTap(at(300.5), clips)).toEqual({ recordingId: 'c1', offsetSec: 300, snapped: true })
    expect(resolveTap(at(301.5), clips)).toEqual({ recordingId: 'c2', offsetSec: 0, snapped: true })
    expect(resolveTap(at(301), clips)?.recordingId).toBe('c2')
  })

  it('is null (buiten opname) before, after and in a longer gap', () => {
    expect(resolveTap(at(-5), clips)).toBeNull()
    expect(resolveTap(at(605), clips)).toBeNull()
    expect(resolveTap(at(800), clips)).toBeNull()
    expect(resolveTap(at(5), [])).toBeNull()
  })

  it('honours a custom tolerance, zero included', () => {
    expect(resolveTap(at(-0.4), clips, 0)).toBeNull()
    expect(resolveTap(at(605), clips, 5000)?.recordingId).toBe('c2')
  })

  it('covers every later tap while a clip is still recording', () => {
    expect(resolveTap(at(3 * 3600), [clip('live', 0, null)])).toEqual({ recordingId: 'live', offsetSec: 10800, snapped: false })
  })

  it('uses the measured span when the duration is not known yet', () => {
    const c = [clip('a', 0, null, 60)]
    expect(resolveTap(at(59.999), c)).toEqual({ recordingId: 'a', offsetSec: 59.999, snapped: false })
    expect(resolveTap(at(62), c)).toBeNull()
  })

  it('does not depend on the order of the clips given', () => {
    expect(resolveTap(at(400), [...clips].reverse())?.recordingId).toBe('c2')
  })

  it('resolves taps across a long lesson of many clips', () => {
    const many = Array.from({ length: 12 }, (_, i) => clip(`k${i}`, i * 301, 300))
    expect(resolveTap(at(11 * 301 + 299.5), many)).toEqual({ recordingId: 'k11', offsetSec: 299.5, snapped: false })
    expect(resolveTap(at(5 * 301 + 150), many)).toEqual({ recordingId: 'k5', offsetSec: 150, snapped: false })
  })
})

describe('fitClipStart', () => {
  const times = (req: number, conf: number, stop: number | null): ClipTimes => ({
    id: 'r', startedAt: at(conf), requestedAt: at(req), confirmedAt: at(conf), stoppedAt: stop === null ? null : at(stop), durationSec: null,
  })

  it('puts the start at the answer plus the first-frame delay', () => {
    expect(fitClipStart(times(0, 0.4, 100), 60)).toBe(at(0.4))
    expect(fitClipStart(times(0, 0.4, 100), 60, 300)).toBe(at(0.7))
    expect(fitClipStart(times(0, 0.4, null), null, 300)).toBe(at(0.7))
  })

  it('never before the request', () => {
    expect(fitClipStart(times(0, 0.4, 100), 60, -1000)).toBe(at(0))
  })

  it('ends the file by the stop', () => {
    // span 10.4 s, file 10.2 s: the start may be no later than 0.2 s
    expect(fitClipStart(times(0, 0.4, 10.4), 10.2)).toBe(at(0.2))
  })

  it('splits the difference when the file is longer than the span', () => {
    expect(fitClipStart(times(0, 0.4, 10), 11)).toBe(at(-0.5))
  })

  it('copes with a clock stepped back between request and answer', () => {
    expect(fitClipStart(times(5, 2, 100), 60)).toBe(at(2))
  })
})

describe('refitRecording', () => {
  it('stores the real duration and the fitted start', () => {
    const rec: Recording = {
      ...clip('r', 0.3, null, 60.6), requestedAt: at(0), confirmedAt: at(0.3),
      createdAt: 0, updatedAt: 0, deletedAt: null, lessonId: 'l1', clipIndex: 0, cameraFileUrl: null, bytes: 'none',
    }
    const fitted = refitRecording(rec, 60.5, 9, 200)
    expect(fitted).toMatchObject({ durationSec: 60.5, startedAt: at(0.1), updatedAt: 9 })
  })
})

describe('placeMarkers', () => {
  it('places markers a new clip now covers and leaves the rest alone', () => {
    const markers = [marker('out', 70), marker('still', 500), marker('placed', 5, { recordingId: 'c1', offsetSec: 5 })]
    const changed = placeMarkers(markers, [clip('c1', 0, 60), clip('c2', 65, 60)], 42)
    expect(changed).toHaveLength(1)
    expect(changed[0]).toMatchObject({ id: 'out', recordingId: 'c2', offsetSec: 5, updatedAt: 42 })
  })

  it('moves offsets after a re-fitted start', () => {
    const markers = [marker('m', 30, { recordingId: 'c1', offsetSec: 30 })]
    expect(placeMarkers(markers, [clip('c1', 0.5, 60)], 1)[0]).toMatchObject({ offsetSec: 29.5 })
  })

  it('takes a marker off a recording that no longer covers it', () => {
    const markers = [marker('m', 30, { recordingId: 'gone', offsetSec: 30 })]
    expect(placeMarkers(markers, [], 1)[0]).toMatchObject({ recordingId: null, offsetSec: null })
  })

  it('keeps review markers and tombstones as they are', () => {
    const markers = [marker('r', 30, { origin: 'review', recordingId: 'c1', offsetSec: 12 }), marker('d', 30, { deletedAt: 1 })]
    expect(placeMarkers(markers, [clip('c1', 0, 60)], 1)).toEqual([])
  })
})

describe('clipWindow', () => {
  const clips = [clip('c1', 0, 60), clip('open', 100, null)]

  it('spans lead and lag around the moment', () => {
    expect(clipWindow(marker('m', 30, { recordingId: 'c1', offsetSec: 30 }), clips)).toEqual({ recordingId: 'c1', startSec: 20, endSec: 40, markerIds: ['m'] })
  })

  it('clamps to the recording at both ends', () => {
    expect(clipWindow(marker('m', 3, { recordingId: 'c1', offsetSec: 3.5 }), clips)).toMatchObject({ startSec: 0, endSec: 13.5 })
    expect(clipWindow(marker('m', 55, { recordingId: 'c1', offsetSec: 55.25 }), clips)).toMatchObject({ startSec: 45.25, endSec: 60 })
  })

  it('does not clamp the end of a clip whose length is not known', () => {
    expect(clipWindow(marker('m', 0, { recordingId: 'open', offsetSec: 500 }), clips)).toMatchObject({ startSec: 490, endSec: 510 })
  })

  it('treats a negative lead or lag as none', () => {
    expect(clipWindow(marker('m', 0, { recordingId: 'c1', offsetSec: 30, leadSec: -5, lagSec: 0 }), clips)).toMatchObject({ startSec: 30, endSec: 30 })
  })

  it('is null outside a recording or for an unknown one', () => {
    expect(clipWindow(marker('m', 0), clips)).toBeNull()
    expect(clipWindow(marker('m', 0, { recordingId: 'x', offsetSec: 3 }), clips)).toBeNull()
  })

  it('collects the windows of live placed markers only', () => {
    const markers = [marker('a', 0, { recordingId: 'c1', offsetSec: 30 }), marker('b', 0), marker('c', 0, { recordingId: 'c1', offsetSec: 1, deletedAt: 2 })]
    expect(markerWindows(markers, clips).map((w) => w.markerIds[0])).toEqual(['a'])
  })
})

describe('mergeWindows', () => {
  const w = (recordingId: string, startSec: number, endSec: number, id: string) => ({ recordingId, startSec, endSec, markerIds: [id] })

  it('merges overlapping and touching windows of one recording', () => {
    const merged = mergeWindows([w('r1', 20, 40, 'b'), w('r1', 0, 20, 'a'), w('r1', 35, 50, 'c'), w('r1', 60, 70, 'd')])
    expect(merged).toEqual({
      windows: [
        { recordingId: 'r1', startSec: 0, endSec: 50, markerIds: ['a', 'b', 'c'] },
        { recordingId: 'r1', startSec: 60, endSec: 70, markerIds: ['d'] },
      ],
      totalSec: 60,
    })
  })

  it('keeps recordings apart even where their seconds overlap', () => {
    const merged = mergeWindows([w('r1', 0, 20, 'a'), w('r2', 10, 30, 'b')])
    expect(merged.windows).toHaveLength(2)
    expect(merged.totalSec).toBe(40)
  })

  it('contains a window inside another', () => {
    expect(mergeWindows([w('r1', 0, 100, 'a'), w('r1', 10, 20, 'b')]).windows).toEqual([{ recordingId: 'r1', startSec: 0, endSec: 100, markerIds: ['a', 'b'] }])
  })

  it('joins windows closer than the gap given', () => {
    expect(mergeWindows([w('r1', 0, 10, 'a'), w('r1', 11.5, 20, 'b')], 2).windows).toHaveLength(1)
    expect(mergeWindows([w('r1', 0, 10, 'a'), w('r1', 12.5, 20, 'b')], 2).windows).toHaveLength(2)
  })

  it('sums fractional seconds without drift and handles nothing', () => {
    expect(mergeWindows([w('r1', 0.1, 0.3, 'a'), w('r1', 1.1, 1.2, 'b')]).totalSec).toBe(0.3)
    expect(mergeWindows([])).toEqual({ windows: [], totalSec: 0 })
  })

  it('does not change the windows given', () => {
    const input = [w('r1', 0, 10, 'a'), w('r1', 5, 15, 'b')]
    mergeWindows(input)
    expect(input[0]).toEqual(w('r1', 0, 10, 'a'))
  })
})

describe('clockAt', () => {
  it('puts a moment of a clip on the tablet clock, so a marker set in review resolves back to it', () => {
    const clips = [clip('r1', 0, 30), clip('r2', 40, 30)]
    const tappedAt = clockAt(clips[1]!, 12.5)
    expect(tappedAt).toBe(at(52.5))
    expect(resolveTap(tappedAt, clips)).toEqual({ recordingId: 'r2', offsetSec: 12.5, snapped: false })
  })
})
