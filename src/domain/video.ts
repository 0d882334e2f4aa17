import type { VideoFile } from './model'
import type { ClipWindow } from './timing'

/** Where a moment of a recording can be played on this tablet. */
export interface VideoMoment {
  file: VideoFile
  /** The moment on the file's own time line. */
  timeSec: number
}

/** Completed files of one recording, the whole file first, then fragments by start. */
function playable(files: readonly VideoFile[], recordingId: string): VideoFile[] {
  return files
    .filter((f) => f.recordingId === recordingId && f.state === 'done')
    .sort((a, b) => (a.kind === b.kind ? a.startSec - b.startSec : a.kind === 'full' ? -1 : 1))
}

/**
 * The file that holds a moment of a recording, and the moment on that file's time line; null when
 * the tablet has no bytes for it. The whole file wins over a fragment; edges are inclusive.
 */
export function locateMoment(files: readonly VideoFile[], recordingId: string, offsetSec: number): VideoMoment | null {
  const file = playable(files, recordingId).find((f) => offsetSec >= f.startSec && offsetSec <= f.endSec)
  return file ? { file, timeSec: Math.max(0, offsetSec - file.startSec) } : null
}

/** The stretches of a recording the tablet can play, merged and in order (for the scrubber). */
export function coveredRanges(files: readonly VideoFile[], recordingId: string): [number, number][] {
  const ranges: [number, number][] = []
  for (const { startSec, endSec } of playable(files, recordingId).sort((a, b) => a.startSec - b.startSec)) {
    const last = ranges[ranges.length - 1]
    if (last && startSec <= last[1]) last[1] = Math.max(last[1], endSec)
    else ranges.push([startSec, endSec])
  }
  return ranges
}

/**
 * The windows (merged, of one or more recordings) whose stretch is not yet on the tablet: importing
 * fragments again after markers were added fetches only what is new.
 */
export function missingWindows(windows: readonly ClipWindow[], files: readonly VideoFile[]): ClipWindow[] {
  return windows.filter((w) => !coveredRanges(files, w.recordingId).some(([start, end]) => start <= w.startSec && end >= w.endSec))
}
