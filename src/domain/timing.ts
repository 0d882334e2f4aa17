import { isLive, touch } from './entity'
import type { Marker, Recording } from './model'

export const DEFAULT_LEAD_SEC = 10
export const DEFAULT_LAG_SEC = 10
/**
 * A tap this close to a clip's edge snaps onto it: the start is only known within the startCapture
 * round trip, and the lead/lag window still shows the moment's surroundings.
 */
export const SNAP_TOLERANCE_MS = 1000

/** What timing needs of a recording. */
export type ClipTimes = Pick<Recording, 'id' | 'startedAt' | 'requestedAt' | 'confirmedAt' | 'stoppedAt' | 'durationSec'>

export interface TapPlacement {
  recordingId: string
  offsetSec: number
  /** True when the tap lay just outside the clip and was moved onto its edge. */
  snapped: boolean
}

/** Seconds rounded to whole milliseconds, so fractional sums don't drift (0.1 + 0.2). */
function roundSec(sec: number): number {
  return Math.round(sec * 1000) / 1000
}

/** The clip's length in seconds: the file's real duration, else the measured span, else null while it runs. */
export function clipDurationSec(clip: ClipTimes): number | null {
  if (clip.durationSec !== null) return clip.durationSec
  return clip.stoppedAt === null ? null : Math.max(0, clip.stoppedAt - clip.startedAt) / 1000
}

/** The clip's end on the tablet clock; Infinity while it is still recording. */
export function clipEnd(clip: ClipTimes): number {
  const duration = clipDurationSec(clip)
  return duration === null ? Infinity : clip.startedAt + duration * 1000
}

/** How far a tap lies outside the clip in ms (0 inside). */
function distanceOutside(clip: ClipTimes, tappedAt: number): number {
  return Math.max(clip.startedAt - tappedAt, tappedAt - clipEnd(clip), 0)
}

/**
 * The recording and offset a tap on the tablet clock falls in, or null ("buiten opname"). Edges are
 * inclusive; where one clip ends as the next starts, the later clip wins (offset 0 beats the last frame).
 */
export function resolveTap(
  tappedAt: number,
  clips: readonly ClipTimes[],
  toleranceMs: number = SNAP_TOLERANCE_MS,
): TapPlacement | null {
  let best: { clip: ClipTimes; distance: number } | null = null
  for (const clip of [...clips].sort((a, b) => a.startedAt - b.startedAt)) {
    const distance = distanceOutside(clip, tappedAt)
    if (distance <= toleranceMs && (!best || distance <= best.distance)) best = { clip, distance }
  }
  if (!best) return null
  const duration = clipDurationSec(best.clip) ?? Infinity
  const offsetSec = Math.min(Math.max((tappedAt - best.clip.startedAt) / 1000, 0), duration)
  return { recordingId: best.clip.id, offsetSec: roundSec(offsetSec), snapped: best.distance > 0 }
}

/**
 * The clip's start on the tablet clock. The first frame comes `firstFrameDelayMs` after the start
 * answer, but never before the request, and a known duration must end by the stop. When the file is
 * longer than the measured span, the measurement is off at both ends: split the difference.
 */
export function fitClipStart(clip: ClipTimes, durationSec: number | null, firstFrameDelayMs = 0): number {
  // A clock stepped back between request and answer makes the answer the earlier bound.
  const lower = Math.min(clip.requestedAt, clip.confirmedAt)
  const upper = durationSec === null || clip.stoppedAt === null ? Infinity : clip.stoppedAt - durationSec * 1000
  if (upper < lower) return (lower + upper) / 2
  return Math.min(Math.max(clip.confirmedAt + firstFrameDelayMs, lower), upper)
}

/** The recording once its file's real duration is known, its start fitted to it. */
export function refitRecording(recording: Recording, durationSec: number, now: number, firstFrameDelayMs = 0): Recording {
  return touch(recording, { durationSec, startedAt: fitClipStart(recording, durationSec, firstFrameDelayMs) }, now)
}

/**
 * Tapped markers placed anew against the clips (a clip that now covers them, a start re-fitted);
 * returns only the markers whose recording or offset changed. Markers set in review keep their spot.
 */
export function placeMarkers(
  markers: readonly Marker[],
  clips: readonly ClipTimes[],
  now: number,
  toleranceMs: number = SNAP_TOLERANCE_MS,
): Marker[] {
  return markers.flatMap((marker) => {
    if (!isLive(marker) || marker.origin === 'review') return []
    const placement = resolveTap(marker.tappedAt, clips, toleranceMs)
    const recordingId = placement?.recordingId ?? null
    const offsetSec = placement?.offsetSec ?? null
    if (recordingId === marker.recordingId && offsetSec === marker.offsetSec) return []
    return [touch(marker, { recordingId, offsetSec }, now)]
  })
}

export interface ClipWindow {
  recordingId: string
  startSec: number
  endSec: number
  markerIds: string[]
}

/** The stretch of recording a marker's fragment shows, clamped to the clip; null outside any recording. */
export function clipWindow(marker: Marker, clips: readonly ClipTimes[]): ClipWindow | null {
  const clip = clips.find((c) => c.id === marker.recordingId)
  if (!clip || marker.offsetSec === null) return null
  const duration = clipDurationSec(clip) ?? Infinity
  return {
    recordingId: clip.id,
    startSec: roundSec(Math.max(0, marker.offsetSec - Math.max(0, marker.leadSec))),
    endSec: roundSec(Math.min(duration, marker.offsetSec + Math.max(0, marker.lagSec))),
    markerIds: [marker.id],
  }
}

/** The windows of every live marker that lies on a recording. */
export function markerWindows(markers: readonly Marker[], clips: readonly ClipTimes[]): ClipWindow[] {
  return markers.filter(isLive).flatMap((m) => clipWindow(m, clips) ?? [])
}

export interface MergedWindows {
  /** Per recording (in order of first appearance), by start. */
  windows: ClipWindow[]
  totalSec: number
}

/**
 * Overlapping or touching windows of one recording become one, so importing only fragments cuts each
 * second once. `joinGapSec` also joins windows that close: a tiny gap costs less than an extra cut.
 */
export function mergeWindows(windows: readonly ClipWindow[], joinGapSec = 0): MergedWindows {
  const byRecording = new Map<string, ClipWindow[]>()
  for (const w of windows) byRecording.set(w.recordingId, [...(byRecording.get(w.recordingId) ?? []), w])
  const merged: ClipWindow[] = []
  for (const group of byRecording.values()) {
    const sorted = [...group].sort((a, b) => a.startSec - b.startSec || a.endSec - b.endSec)
    let current: ClipWindow | null = null
    for (const w of sorted) {
      if (current && w.startSec <= current.endSec + joinGapSec) {
        current.endSec = Math.max(current.endSec, w.endSec)
        current.markerIds.push(...w.markerIds)
      } else {
        current = { ...w, markerIds: [...w.markerIds] }
        merged.push(current)
      }
    }
  }
  return { windows: merged, totalSec: roundSec(merged.reduce((sum, w) => sum + (w.endSec - w.startSec), 0)) }
}

/** The tablet-clock moment of an offset in a clip: a marker added in review sorts among the taps by it. */
export function clockAt(clip: ClipTimes, offsetSec: number): number {
  return Math.round(clip.startedAt + offsetSec * 1000)
}
